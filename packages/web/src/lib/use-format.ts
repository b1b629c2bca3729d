/** Money and times as the company reads them: its currency and time zone, in the person's language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../api/session';
import { formatCalendarDate, formatDate, formatDateTime, formatMoney, formatRelative, formatWeekday, hourIn } from './format';

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
      /** A company-calendar day, "2026-11-27". */
      day: (date: string) => formatCalendarDate(date, locale),
      relative: (iso: string) => formatRelative(iso, locale),
      /** "Thursday, 26 November" for today, in the company's time zone. */
      today: () => formatWeekday(new Date(), org.timeZone, locale),
      /** The hour of the day (0–23) in the company's time zone. */
      hourNow: () => hourIn(org.timeZone, new Date()),
    }),
    [org.currency, org.timeZone, locale],
  );
}
