/**
 * Spreadsheets are an edge of the system, so their times are the company's wall-clock time: exports write
 * "2026-11-02 09:00:00" in the company zone and imports read such cells back the same way. Stored times stay UTC.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(utcMs: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) parts[part.type] = part.value;
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function offsetMs(utcMs: number, timeZone: string): number {
  const w = wallClock(utcMs, timeZone);
  const asUtc = Date.UTC(Number(w.year), Number(w.month) - 1, Number(w.day), Number(w.hour), Number(w.minute), Number(w.second));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** "2026-11-02 09:00:00" for an ISO instant, in the company zone. */
export function formatWallTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const w = wallClock(ms, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

/** "2026-11-02": today's date in the company zone, for file names. */
export function wallDate(at: Date, timeZone: string): string {
  const w = wallClock(at.getTime(), timeZone);
  return `${w.year}-${w.month}-${w.day}`;
}

/** The UTC instant of a wall-clock time in a zone; two passes settle the offset across DST changes. */
export function fromWallClock(fields: { year: number; month: number; day: number; hour: number; minute: number; second: number }, timeZone: string): Date {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

const wallPattern = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?)?$/;

/**
 * Reads a time cell: an ISO instant with an offset as it is, or a date / date-time without one in the company zone.
 * Returns an ISO UTC string, or null when the text is not a time.
 */
export function parseWallTime(text: string, timeZone: string): string | null {
  const trimmed = text.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(trimmed) && /^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const match = wallPattern.exec(trimmed);
  if (!match) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(Date.UTC(year!, month! - 1, day!));
  if (probe.getUTCDate() !== day) return null; // 2026-02-30
  return fromWallClock({ year: year!, month: month!, day: day!, hour, minute, second }, timeZone).toISOString();
}
