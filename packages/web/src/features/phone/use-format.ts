/** Times in the company's time zone and money in its own currency, in the person's language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../../api/session';
import { formatDateTime, formatMoney, formatRelative } from '../../lib/format';

/** A lead with no action for this long raises the silence alert (SPEC A5); the phone flags it the same way. */
const silenceMs = 72 * 60 * 60 * 1000;

export function useFormat() {
  const { org } = useSignedIn();
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(
    () => ({
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, org.timeZone, lang),
      relative: (iso: string) => formatRelative(iso, lang),
      money: (amount: { minor: number; currency: string }) => formatMoney(amount.minor, amount.currency, lang),
      /** "Thursday, 26 November" for today, in the company's time zone. */
      today: () => new Intl.DateTimeFormat(lang, { timeZone: org.timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(new Date()),
      /** The hour of the day (0–23) in the company's time zone. */
      hourNow: () => Number(new Intl.DateTimeFormat('en-GB', { timeZone: org.timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date())),
    }),
    [org.timeZone, lang],
  );
}

export function isSilent(lastActivityAt: string, now = Date.now()): boolean {
  return now - Date.parse(lastActivityAt) >= silenceMs;
}
