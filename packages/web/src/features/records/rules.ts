/**
 * Checks a form makes before it sends, with the same rules the server applies (core), so a person reads what is
 * wrong in their own language at once; the server still checks everything.
 */
import type { TFunction } from 'i18next';
import { emailSchema, isPlausiblePhone } from '@closeloop/core';

export function phoneRule(t: TFunction) {
  return {
    validator: async (_: unknown, value: string | null | undefined) => {
      if (value && value.trim() && !isPlausiblePhone(value)) throw new Error(t('records.rules.phone'));
    },
  };
}

export function emailRule(t: TFunction) {
  return {
    validator: async (_: unknown, value: string | null | undefined) => {
      if (value && value.trim() && !emailSchema.safeParse(value).success) throw new Error(t('records.rules.email'));
    },
  };
}
