import { describe, expect, it } from 'vitest';
import { lastCompanyDays } from './company-calendar.js';

describe('company days', () => {
  it('starts each day at midnight in the company zone, today last, across a month end', () => {
    // 07:30 on 1 December in Shanghai is still 30 November in UTC.
    const { days, end } = lastCompanyDays(new Date('2026-11-30T23:30:00.000Z'), 'Asia/Shanghai', 3);
    expect(days).toEqual([
      { date: '2026-11-29', start: '2026-11-28T16:00:00.000Z' },
      { date: '2026-11-30', start: '2026-11-29T16:00:00.000Z' },
      { date: '2026-12-01', start: '2026-11-30T16:00:00.000Z' },
    ]);
    expect(end).toBe('2026-12-01T16:00:00.000Z');
  });

  it('keeps midnight at midnight across a daylight-saving change (a 23-hour day)', () => {
    // New York springs forward on 8 March 2026: midnight is 05:00Z before, 04:00Z after.
    const { days, end } = lastCompanyDays(new Date('2026-03-09T15:00:00.000Z'), 'America/New_York', 2);
    expect(days).toEqual([
      { date: '2026-03-08', start: '2026-03-08T05:00:00.000Z' },
      { date: '2026-03-09', start: '2026-03-09T04:00:00.000Z' },
    ]);
    expect(end).toBe('2026-03-10T04:00:00.000Z');
  });
});
