/** A form's answer to a failed save: field errors on their fields, everything else in one message above the form. */
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
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        const registered = form.getFieldsError().map((field) => field.name);
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
  return { formError, show, clear };
}
