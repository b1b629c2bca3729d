/**
 * A company's wall clock: the calendar fields an instant shows in an IANA time zone, and back. Pure (Intl only), so
 * rules in core can say "the day after the visit, 18:00 in Shanghai" and stay right across daylight-saving changes.
 */
export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone. */
export function wallClockAt(instant: Date | string, timeZone: string): WallClock {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return { year, month, day, hour, minute, second, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** How many minutes the zone's clocks are ahead of UTC at an instant (+480 in Shanghai). */
export function offsetMinutesAt(instant: Date | string, timeZone: string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const w = wallClockAt(new Date(ms), timeZone);
  return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant at which the zone's clocks show these fields; two passes settle the offset across a DST change. */
export function instantAt(fields: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }, timeZone: string): Date {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
  const first = wall - offsetMinutesAt(new Date(wall), timeZone) * 60_000;
  return new Date(wall - offsetMinutesAt(new Date(first), timeZone) * 60_000);
}

/** "2026-11-27" for calendar fields. */
export function isoDate(fields: { year: number; month: number; day: number }): string {
  return `${String(fields.year).padStart(4, '0')}-${String(fields.month).padStart(2, '0')}-${String(fields.day).padStart(2, '0')}`;
}

/** The calendar day `days` after the given one (negative: before); months and years roll over. */
export function addCalendarDays(fields: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const date = new Date(Date.UTC(fields.year, fields.month - 1, fields.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
