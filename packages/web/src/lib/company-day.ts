/**
 * Company calendar days (YYYY-MM-DD) as the server counts them: the day on the company's wall clock, not the
 * browser's — a manager in another zone asking for "yesterday's flash" gets the company's yesterday.
 */
export function companyDayOf(at: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day `days` after (or before, when negative) a calendar day; calendar arithmetic, no zone involved. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export type DayRangePreset = 'thisMonth' | 'last30' | 'thisYear';

/** A preset range ending today (inclusive on both ends). */
export function presetRange(preset: DayRangePreset, today: string): { from: string; to: string } {
  switch (preset) {
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisYear':
      return { from: `${today.slice(0, 5)}01-01`, to: today };
  }
}
