/**
 * A form's answer to a failed save: field errors on their fields, everything else in one message above the form.
 * A field's server error goes as soon as the field is edited (antd only re-checks fields that have rules).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../lib/errors';
import { placeFieldErrors } from './server-errors';

export function useServerErrors(form: FormInstance) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);

  const show = useCallback(
    (error: unknown) => {
      // The form passed its own checks to get here: what is still marked is the last answer's, now out of date.
      const registered = form.getFieldsError().map((field) => field.name);
      form.setFields(registered.map((name) => ({ name, errors: [] })));
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        const { placed, unplaced } = placeFieldErrors(error.fields, registered);
        form.setFields(placed);
        setFormError(unplaced.length ? `${error.message} ${unplaced.join('; ')}` : placed.length ? null : error.message);
        return;
      }
      setFormError(errorText(error, t));
    },
    [form, t],
  );
  const clear = useCallback(() => setFormError(null), []);
  /** For the form's onValuesChange: an edited field loses the error the server gave it. */
  const edited = useCallback(
    (changed: Record<string, unknown>) => {
      const names = Object.keys(changed).flatMap((key) => {
        const value = changed[key];
        // A nested group (whitelist.regionIds) reports its changed member as an object.
        return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).map((inner) => [key, inner]) : [[key]];
      });
      const marked = names.filter((name) => form.getFieldError(name).length > 0);
      if (marked.length) form.setFields(marked.map((name) => ({ name, errors: [] })));
    },
    [form],
  );
  return { formError, show, clear, edited };
}
