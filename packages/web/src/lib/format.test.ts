import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatWeekday, hourIn } from './format';

describe('times in the company zone', () => {
  it('reads the hour and the day as the company clocks show them, not the browser', () => {
    const at = new Date('2026-11-26T17:30:00Z');
    expect(hourIn('Asia/Shanghai', at)).toBe(1);
    expect(hourIn('Europe/London', at)).toBe(17);
    expect(formatWeekday(at, 'Asia/Shanghai', 'en')).toBe('Friday, November 27');
    expect(formatWeekday(at, 'Europe/London', 'en')).toBe('Thursday, November 26');
  });

  it('shows a company-calendar day as that day in every zone (a report\'s Friday is Friday in Auckland too)', () => {
    // Read as an instant, noon UTC on Friday is already Saturday in Auckland (UTC+13 in November).
    expect(formatDate('2026-11-27T12:00:00.000Z', 'Pacific/Auckland', 'en')).toBe('Nov 28, 2026');
    expect(formatCalendarDate('2026-11-27', 'en')).toBe('Nov 27, 2026');
    expect(formatCalendarDate('2026-11-27', 'zh-CN')).toBe('2026年11月27日');
  });
});
