/** Money and times as the company reads them: its currency and time zone, the person's language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../../api/session';
import { formatDate, formatDateTime, formatMoney, formatRelative } from '../../lib/format';

export function useFormat() {
  const { i18n } = useTranslation();
  const { org } = useSignedIn();
  const locale = i18n.language;
  return useMemo(
    () => ({
      currency: org.currency,
      timeZone: org.timeZone,
      money: (minor: number, currency = org.currency) => formatMoney(minor, currency, locale),
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, org.timeZone, locale),
      date: (iso: string | null | undefined) => formatDate(iso, org.timeZone, locale),
      relative: (iso: string) => formatRelative(iso, locale),
    }),
    [org.currency, org.timeZone, locale],
  );
}
