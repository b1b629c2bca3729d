/**
 * Spreadsheets are an edge of the system, so their times are the company's wall-clock time: exports write
 * "2026-11-02 09:00:00" in the company zone and imports read such cells back the same way. Stored times stay UTC.
 */
import { instantAt, isoDate, wallClockAt } from '@closeloop/core';

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-11-02 09:00:00" for an ISO instant, in the company zone. */
export function formatWallTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  if (Number.isNaN(Date.parse(iso))) return iso;
  const w = wallClockAt(iso, timeZone);
  return `${isoDate(w)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/** "2026-11-02": today's date in the company zone, for file names. */
export function wallDate(at: Date, timeZone: string): string {
  return isoDate(wallClockAt(at, timeZone));
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
  return instantAt({ year: year!, month: month!, day: day!, hour, minute, second }, timeZone).toISOString();
}
