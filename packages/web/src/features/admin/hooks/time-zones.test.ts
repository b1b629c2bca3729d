import { describe, expect, it } from 'vitest';
import { offsetMinutes, timeZoneOptions } from './time-zones';

describe('the time zone picker', () => {
  const winter = new Date('2026-01-15T12:00:00Z');

  it('reads offsets east and west of Greenwich, with and without minutes', () => {
    expect(offsetMinutes('GMT+08:00')).toBe(480);
    expect(offsetMinutes('GMT-03:30')).toBe(-210);
    expect(offsetMinutes('GMT+05:45')).toBe(345);
    expect(offsetMinutes('GMT')).toBe(0);
  });

  it('lists every zone once, UTC included, sorted west to east, labelled in the person\'s language', () => {
    const options = timeZoneOptions('zh-CN', winter);
    const values = options.map((o) => o.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values).toContain('UTC');
    expect(options.map((o) => o.offsetMinutes)).toEqual([...options.map((o) => o.offsetMinutes)].sort((a, b) => a - b));
    const shanghai = options.find((o) => o.value === 'Asia/Shanghai')!;
    expect(shanghai.label).toContain('UTC+08:00');
    expect(shanghai.label).toContain('中国');
  });

  it('keeps a zone the organisation uses even if this browser does not list it', () => {
    expect(timeZoneOptions('en', winter, ['Asia/Calcutta']).some((o) => o.value === 'Asia/Calcutta')).toBe(true);
  });
});
