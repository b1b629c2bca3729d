/**
 * Commission periods as people pick them: "2026-Q4" or "2026-11", counted on the company's calendar (the day comes
 * from lib/company-day, not the browser's clock), stepped back and forth, and offered as a short list of recent ones.
 */
import type { Cadence } from '../api/commissions';

const quarterPattern = /^(\d{4})-Q([1-4])$/;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(label: string | null | undefined): label is string {
  return !!label && (quarterPattern.test(label) || monthPattern.test(label));
}

export function cadenceOf(label: string): Cadence {
  return quarterPattern.test(label) ? 'quarter' : 'month';
}

/** The period of `cadence` holding a company day (YYYY-MM-DD). */
export function periodOfDay(day: string, cadence: Cadence): string {
  const [year, month] = day.split('-');
  return cadence === 'month' ? `${year}-${month}` : `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`;
}

/** The period `steps` after (or before, when negative) a period of the same cadence. */
export function shiftPeriod(label: string, steps: number): string {
  const quarter = quarterPattern.exec(label);
  if (quarter) {
    const index = Number(quarter[1]) * 4 + Number(quarter[2]) - 1 + steps;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  }
  const month = monthPattern.exec(label);
  if (!month) throw new Error(`"${label}" is not a period`);
  const index = Number(month[1]) * 12 + Number(month[2]) - 1 + steps;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The current period and the `count − 1` before it, newest first. */
export function recentPeriods(today: string, cadence: Cadence, count: number): string[] {
  const current = periodOfDay(today, cadence);
  return Array.from({ length: count }, (_, i) => shiftPeriod(current, -i));
}

/** The choices of a period picker: recent quarters and months, plus whichever period is open if it is not among them. */
export function periodChoices(today: string, selected: string): string[] {
  const choices = [...recentPeriods(today, 'quarter', 4), ...recentPeriods(today, 'month', 6)];
  return choices.includes(selected) ? choices : [selected, ...choices];
}
