/**
 * Money and time as a person reads them: amounts arrive as integer minor units (fen/cents — never floats) and are
 * formatted with Intl in the company's currency; instants are shown in the company's time zone, not the browser's.
 */
const minorDigits: Record<string, number> = { JPY: 0 };

// Building an Intl formatter costs far more than using one (it loads locale and zone data); a list page formats
// hundreds of cells per render, so each distinct formatter is built once.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(minor: number | string | bigint, currency: string, locale: string): string {
  const digits = minorDigits[currency] ?? 2;
  const units = BigInt(minor);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const scale = 10n ** BigInt(digits);
  // Intl takes a decimal string exactly (no float rounding): "12345.67".
  const text = digits === 0 ? `${abs}` : `${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`;
  return cached(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits })).format(
    (negative ? `-${text}` : text) as unknown as number,
  );
}

export function formatDateTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return '';
  return cached(`datetime|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return '';
  return cached(`date|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' })).format(new Date(iso));
}

/**
 * A calendar day already on the company's calendar ("2026-11-27", such as a report's Friday) as the person reads it.
 * It is no instant, so no zone shifts it: read as noon UTC it would show the next day in Auckland (UTC+13).
 */
export function formatCalendarDate(date: string, locale: string): string {
  return cached(`calendar-date|${locale}`, () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' })).format(new Date(`${date}T00:00:00.000Z`));
}

/** "Thursday, 26 November": a day written out, as a greeting shows today. */
export function formatWeekday(at: Date, timeZone: string, locale: string): string {
  return cached(`weekday|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' })).format(at);
}

/** The hour of the day (0–23) the zone's clocks show at `at`. */
export function hourIn(timeZone: string, at: Date): number {
  return Number(cached(`hour|${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })).format(at));
}

/** "3 hours ago" style, for timelines and the inbox. */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = cached(`relative|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [['second', 60], ['minute', 60], ['hour', 24], ['day', 30], ['month', 12], ['year', Infinity]];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return rtf.format(value, unit);
    value = Math.round(value / size);
  }
  return rtf.format(value, 'year');
}
