import { describe, expect, it } from 'vitest';
import { cadenceOf, isPeriod, periodChoices, periodOfDay, recentPeriods, shiftPeriod } from './periods';

describe('commission periods on the company calendar', () => {
  it('names the quarter and the month holding a company day', () => {
    expect(periodOfDay('2026-11-27', 'quarter')).toBe('2026-Q4');
    expect(periodOfDay('2026-01-01', 'quarter')).toBe('2026-Q1');
    expect(periodOfDay('2026-11-27', 'month')).toBe('2026-11');
  });

  it('steps across year ends both ways', () => {
    expect(shiftPeriod('2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftPeriod('2027-Q1', -1)).toBe('2026-Q4');
    expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('2027-01', -13)).toBe('2025-12');
  });

  it('lists the current period first and the ones before it', () => {
    expect(recentPeriods('2026-02-10', 'quarter', 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentPeriods('2026-02-10', 'month', 2)).toEqual(['2026-02', '2026-01']);
  });

  it('offers a period named in the address even when it is not a recent one', () => {
    expect(periodChoices('2026-11-27', '2024-Q2')[0]).toBe('2024-Q2');
    expect(periodChoices('2026-11-27', '2026-Q4').filter((p) => p === '2026-Q4')).toHaveLength(1);
  });

  it('tells periods from anything else, and their cadence', () => {
    expect(isPeriod('2026-Q4')).toBe(true);
    expect(isPeriod('2026-13')).toBe(false);
    expect(isPeriod('Q4')).toBe(false);
    expect(isPeriod(null)).toBe(false);
    expect(cadenceOf('2026-Q4')).toBe('quarter');
    expect(cadenceOf('2026-04')).toBe('month');
  });
});
