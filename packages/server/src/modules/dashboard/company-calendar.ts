/**
 * Days as the company lives them: "today" and the days before it start at midnight in the company time zone,
 * not UTC's, so a lead entered at 07:00 in Shanghai counts on that Shanghai day. Boundaries are computed here and
 * compared as UTC text in SQL, which keeps the query identical on SQLite and PostgreSQL and right across DST.
 */
export interface CompanyDay {
  /** YYYY-MM-DD in the company zone */
  date: string;
  /** the UTC instant the day starts */
  start: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFields(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallFields(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of midnight starting a wall-calendar day; two passes settle the offset across a DST change. */
function midnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/**
 * The last `count` company days, today last, and the instant the day after today starts (the end of the range).
 */
export function lastCompanyDays(now: Date, timeZone: string, count: number): { days: CompanyDay[]; end: string } {
  const today = wallFields(now.getTime(), timeZone);
  const days: CompanyDay[] = [];
  for (let back = count - 1; back >= -1; back--) {
    // Date.UTC rolls "day 0" and negative days over month and year ends.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    days.push({ date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, start: new Date(midnight(y, m, d, timeZone)).toISOString() });
  }
  const end = days.pop()!.start;
  return { days, end };
}
