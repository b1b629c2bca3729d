import { describe, expect, it } from 'vitest';
import { defaultDueAt, needsNextAction, nextActionLabel, nextActionProblems } from './next-action.js';
import { defaultNextActionKinds } from './settings.js';

const now = '2026-11-27T02:00:00.000Z'; // Friday 10:00 in Shanghai
const rules = { kinds: defaultNextActionKinds, now };
const plan = (kind: string, dueAt: string) => ({ kind, dueAt });

describe('the next action of an activity', () => {
  it('is required for a call, visit or meeting on a lead, and optional for a note or on a customer', () => {
    expect(needsNextAction('call', true)).toBe(true);
    expect(needsNextAction('visit', true)).toBe(true);
    expect(needsNextAction('meeting', true)).toBe(true);
    expect(needsNextAction('note', true)).toBe(false);
    expect(needsNextAction('visit', false)).toBe(false);
    const missing = nextActionProblems({ kind: 'visit', onLead: true, nextAction: undefined }, rules);
    expect(Object.keys(missing)).toEqual(['body.nextAction']);
    expect(missing['body.nextAction']).toMatchObject({ 'zh-CN': expect.stringContaining('下一步行动') });
    expect(nextActionProblems({ kind: 'note', onLead: true, nextAction: null }, rules)).toEqual({});
  });

  it('must be one of the company’s kinds, naming them in both languages', () => {
    const wrong = nextActionProblems({ kind: 'call', onLead: true, nextAction: plan('lunch', '2026-11-30T10:00:00.000Z') }, rules);
    expect(Object.keys(wrong)).toEqual(['body.nextAction.kind']);
    expect(wrong['body.nextAction.kind']).toMatchObject({
      en: expect.stringContaining('Send the proposal PDF, Book a technical demo'),
      'zh-CN': expect.stringContaining('发送方案 PDF、预约技术演示'),
    });
    expect(nextActionProblems({ kind: 'call', onLead: true, nextAction: plan('book_demo', '2026-11-30T10:00:00.000Z') }, rules)).toEqual({});
  });

  it('may be due a few minutes ago (a slow form) but not earlier, and at most a year ahead', () => {
    const due = (ms: number) => new Date(Date.parse(now) + ms).toISOString();
    const problems = (dueAt: string) => Object.keys(nextActionProblems({ kind: 'call', onLead: true, nextAction: plan('call_back', dueAt) }, rules));
    expect(problems(due(-9 * 60_000))).toEqual([]);
    expect(problems(due(-11 * 60_000))).toEqual(['body.nextAction.dueAt']);
    expect(problems(due(365 * 86_400_000))).toEqual([]);
    expect(problems(due(367 * 86_400_000))).toEqual(['body.nextAction.dueAt']);
  });

  it('is due by default at the end of the business day, the kind’s number of days later, in the company zone', () => {
    expect(defaultDueAt(now, 2, 'Asia/Shanghai')).toBe('2026-11-29T10:00:00.000Z'); // Sunday 18:00 Shanghai
    expect(defaultDueAt(now, 0, 'Asia/Shanghai')).toBe('2026-11-27T10:00:00.000Z');
    // Logged at 19:00 with "same day": the next day's end instead.
    expect(defaultDueAt('2026-11-27T11:00:00.000Z', 0, 'Asia/Shanghai')).toBe('2026-11-28T10:00:00.000Z');
    // Berlin across the change to summer time: 18:00 CEST is 16:00 UTC.
    expect(defaultDueAt('2026-03-27T10:00:00.000Z', 3, 'Europe/Berlin')).toBe('2026-03-30T16:00:00.000Z');
  });

  it('is labelled in the reader’s language, or by its code once the company removed it', () => {
    expect(nextActionLabel(defaultNextActionKinds, 'book_demo', 'zh-CN')).toBe('预约技术演示');
    expect(nextActionLabel(defaultNextActionKinds, 'book_demo', 'en')).toBe('Book a technical demo');
    expect(nextActionLabel(defaultNextActionKinds, 'old_kind', 'en')).toBe('old_kind');
  });
});
