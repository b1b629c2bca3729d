import { describe, expect, it } from 'vitest';
import { formatWeekday, hourIn } from './format';

describe('times in the company zone', () => {
  it('reads the hour and the day as the company clocks show them, not the browser', () => {
    const at = new Date('2026-11-26T17:30:00Z');
    expect(hourIn('Asia/Shanghai', at)).toBe(1);
    expect(hourIn('Europe/London', at)).toBe(17);
    expect(formatWeekday(at, 'Asia/Shanghai', 'en')).toBe('Friday, November 27');
    expect(formatWeekday(at, 'Europe/London', 'en')).toBe('Thursday, November 26');
  });
});
