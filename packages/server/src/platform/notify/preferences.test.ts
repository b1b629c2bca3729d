import { describe, expect, it } from 'vitest';
import { channelsFor, parseChoices, quietUntil } from './preferences.js';

describe('quiet hours', () => {
  const night = { start: '22:00', end: '08:00' };
  const shanghai = 'Asia/Shanghai';

  it('holds a message sent at 23:30 Shanghai time until 08:00 the next morning', () => {
    expect(quietUntil(new Date('2026-11-02T15:30:00Z'), night, shanghai)?.toISOString()).toBe('2026-11-03T00:00:00.000Z');
  });

  it('holds a message sent at 07:59 until 08:00 the same morning', () => {
    expect(quietUntil(new Date('2026-11-02T23:59:00Z'), night, shanghai)?.toISOString()).toBe('2026-11-03T00:00:00.000Z');
  });

  it('lets messages through from 08:00 until just before 22:00', () => {
    expect(quietUntil(new Date('2026-11-03T00:00:00Z'), night, shanghai)).toBeNull();
    expect(quietUntil(new Date('2026-11-03T13:59:59Z'), night, shanghai)).toBeNull();
    expect(quietUntil(new Date('2026-11-03T14:00:00Z'), night, shanghai)?.toISOString()).toBe('2026-11-04T00:00:00.000Z');
  });

  it('reads quiet hours within one day (a lunch break) as well', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(new Date('2026-11-02T04:15:00Z'), lunch, shanghai)?.toISOString()).toBe('2026-11-02T05:30:00.000Z');
    expect(quietUntil(new Date('2026-11-02T05:30:00Z'), lunch, shanghai)).toBeNull();
  });

  it('ends quiet hours at the local time on the night clocks go forward', () => {
    // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST. 01:30 CET is 00:30Z; 07:00 CEST is 05:00Z.
    expect(quietUntil(new Date('2026-03-29T00:30:00Z'), { start: '22:00', end: '07:00' }, 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  it('has none when no quiet hours are set', () => {
    expect(quietUntil(new Date('2026-11-02T15:30:00Z'), null, shanghai)).toBeNull();
  });
});

describe('channel choices', () => {
  it('uses the template defaults until the person chooses', () => {
    expect(channelsFor('system.test', {})).toEqual(['email', 'dingtalk', 'wecom']);
    expect(channelsFor('import.finished', {})).toEqual(['email']);
  });

  it('uses exactly the channels the person chose, none included', () => {
    expect(channelsFor('import.finished', { 'import.finished': [] })).toEqual([]);
    expect(channelsFor('system.test', { 'system.test': ['wecom', 'email'] })).toEqual(['email', 'wecom']);
  });

  it('forgets stored choices for templates and channels that no longer exist', () => {
    expect(parseChoices(JSON.stringify({ 'lead.gone': ['email'], 'import.finished': ['email', 'fax'] }))).toEqual({ 'import.finished': ['email'] });
  });
});
