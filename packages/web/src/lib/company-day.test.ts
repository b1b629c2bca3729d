import { describe, expect, it } from 'vitest';
import { addDays, companyDayOf, presetRange } from './company-day';

describe('company days', () => {
  it('the day is the company clock\'s: 23:30 UTC is already the next day in Shanghai', () => {
    const at = new Date('2026-11-26T23:30:00Z');
    expect(companyDayOf(at, 'Asia/Shanghai')).toBe('2026-11-27');
    expect(companyDayOf(at, 'America/New_York')).toBe('2026-11-26');
  });

  it('adding days crosses months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('presets end today and start at the month, 30 days back or the year', () => {
    expect(presetRange('thisMonth', '2026-11-27')).toEqual({ from: '2026-11-01', to: '2026-11-27' });
    expect(presetRange('last30', '2026-11-27')).toEqual({ from: '2026-10-29', to: '2026-11-27' });
    expect(presetRange('thisYear', '2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-11-27' });
  });
});
