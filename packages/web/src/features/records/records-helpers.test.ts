import { describe, expect, it } from 'vitest';
import { placeFieldErrors } from './field-errors';
import { fromMinor, toMinor } from './money';

describe('typed amounts', () => {
  it('turns decimal text into integer minor units without floating point', () => {
    expect(toMinor('12345.6', 'CNY')).toBe(1234560);
    expect(toMinor('1,000,000.01', 'CNY')).toBe(100000001);
    expect(toMinor('0.1', 'CNY')).toBe(10);
    expect(toMinor('5000', 'JPY')).toBe(5000);
    expect(toMinor('90071992547409.91', 'CNY')).toBe(9007199254740991);
  });

  it('refuses what is not an amount in the currency', () => {
    expect(toMinor('12.345', 'CNY')).toBeNull();
    expect(toMinor('1.5', 'JPY')).toBeNull();
    expect(toMinor('-3', 'CNY')).toBeNull();
    expect(toMinor('abc', 'CNY')).toBeNull();
    expect(toMinor('90071992547409.92', 'CNY')).toBeNull();
  });

  it('gives an input the decimal text of minor units', () => {
    expect(fromMinor(1234560, 'CNY')).toBe('12345.60');
    expect(fromMinor(5, 'CNY')).toBe('0.05');
    expect(fromMinor(5000, 'JPY')).toBe('5000');
  });
});

describe('server field errors on a form', () => {
  it('puts each error on the form field it is about and returns the rest', () => {
    const { placed, unplaced } = placeFieldErrors(
      { 'body.phone': 'not a phone number', 'body.creditLimit.minor': 'too large', 'body.version': 'stale', 'query.x': 'odd' },
      ['name', 'phone', 'creditLimit'],
    );
    expect(placed).toEqual([{ name: 'phone', errors: ['not a phone number'] }, { name: 'creditLimit', errors: ['too large'] }]);
    expect(unplaced).toEqual(['stale', 'odd']);
    expect(placeFieldErrors({ 'body.creditLimit.minor': 'too large' }, ['creditAmount'], { creditLimit: 'creditAmount' }).placed).toEqual([{ name: 'creditAmount', errors: ['too large'] }]);
  });
});

describe('picked times in the company time zone', () => {
  it('reads a picked wall-clock time as the company\'s, not the browser\'s', async () => {
    const dayjs = (await import('dayjs')).default;
    const { companyInstant } = await import('./zoned-time');
    expect(companyInstant(dayjs('2026-11-02T14:00:00'), 'Asia/Shanghai')).toBe('2026-11-02T06:00:00.000Z');
    expect(companyInstant(dayjs('2026-07-01T09:30:00'), 'Europe/London')).toBe('2026-07-01T08:30:00.000Z');
  });
});

describe('form values to a request body', () => {
  it('sends empty optional text as none, and only the fields an edit changed', async () => {
    const { blankToNull, changedFields } = await import('./form-values');
    const values = blankToNull({ name: '王建国', title: '  ', email: undefined as string | undefined, phone: '13812345678' }, ['title', 'email', 'phone']);
    expect(values).toEqual({ name: '王建国', title: null, email: null, phone: '13812345678' });
    expect(changedFields({ name: '王建国', title: null, email: null, phone: '13800000000', tags: ['a'] }, { ...values, tags: ['a'] })).toEqual({ phone: '13812345678' });
  });
});

describe('who a team manager can hand records to', () => {
  it('reaches the teams they lead, their own team as a manager, and every team below', async () => {
    const { reachableTeams } = await import('./directory');
    const teams = [
      { id: 'east', parentId: null, leaderId: 'boss' },
      { id: 'sh', parentId: 'east', leaderId: 'lead-sh' },
      { id: 'sh-1', parentId: 'sh', leaderId: null },
      { id: 'hz', parentId: 'east', leaderId: null },
      { id: 'north', parentId: null, leaderId: 'other' },
    ];
    expect([...reachableTeams(teams, { id: 'boss', role: 'manager', teamId: null })].sort()).toEqual(['east', 'hz', 'sh', 'sh-1']);
    expect([...reachableTeams(teams, { id: 'lead-sh', role: 'manager', teamId: 'sh' })].sort()).toEqual(['sh', 'sh-1']);
    expect([...reachableTeams(teams, { id: 'x', role: 'manager', teamId: 'hz' })]).toEqual(['hz']);
  });
});
