import { describe, expect, it } from 'vitest';
import { figureDefinitions, figuresOf, figureWindow, isFollowedUp, teamCounts, wholePercent, type FigureCounts } from './figures.js';

describe('the effective follow-up rate, worked examples', () => {
  // A call on Monday 2 November 09:00 plans "call back" due Thursday 5 November 09:00; the deadline is Friday 09:00.
  const plan = { plannedAt: '2026-11-02T01:00:00.000Z', dueAt: '2026-11-05T01:00:00.000Z' };

  it('counts a follow-up on the due day, even in its evening, as in time', () => {
    expect(isFollowedUp(plan, ['2026-11-05T01:00:00.000Z'])).toBe(true); // on the minute
    expect(isFollowedUp(plan, ['2026-11-05T11:30:00.000Z'])).toBe(true); // 19:30 that day
    expect(isFollowedUp(plan, ['2026-11-06T01:00:00.000Z'])).toBe(true); // the last instant of the grace
  });

  it('counts an earlier follow-up, and not one after the deadline or the planning activity itself', () => {
    expect(isFollowedUp(plan, ['2026-11-03T06:00:00.000Z'])).toBe(true);
    expect(isFollowedUp(plan, ['2026-11-06T01:00:00.001Z'])).toBe(false);
    expect(isFollowedUp(plan, ['2026-11-02T01:00:00.000Z'])).toBe(false);
    expect(isFollowedUp(plan, [])).toBe(false);
  });

  it('takes next actions whose deadline fell in the last 30 days: decided ones only', () => {
    const w = figureWindow(new Date('2026-12-01T00:00:00.000Z'));
    expect(w).toEqual({
      now: '2026-12-01T00:00:00.000Z',
      activityFrom: '2026-11-01T00:00:00.000Z',
      dueAfter: '2026-10-31T00:00:00.000Z', // deadline 1 November 00:00, exactly 30 days ago: out
      dueUntil: '2026-11-30T00:00:00.000Z', // deadline now: in (decided this instant)
      graceHours: 24,
    });
  });

  it('makes 8 of 9 followed up 89% — the brief\'s customer after the change — and 41% before', () => {
    expect(wholePercent(8, 9)).toBe(89);
    expect(wholePercent(41, 100)).toBe(41);
    expect(wholePercent(1, 8)).toBe(13); // 12.5 rounds half up
    expect(wholePercent(1, 3)).toBe(33);
    expect(wholePercent(2, 3)).toBe(67);
    expect(wholePercent(0, 0)).toBeNull();
  });
});

describe('figures per rep, team and company', () => {
  const rep = (followedUp: number, followUpDue: number, activeLeads: number, openLeads: number): FigureCounts => ({ followedUp, followUpDue, activeLeads, openLeads });

  it('adds reps up per team, each team with the teams below it', () => {
    const teams = [{ id: 'east', parentId: null }, { id: 'east1', parentId: 'east' }, { id: 'east2', parentId: 'east' }, { id: 'north', parentId: null }];
    const totals = teamCounts([
      { teamId: 'east1', counts: rep(3, 4, 5, 10) },
      { teamId: 'east1', counts: rep(1, 1, 0, 2) },
      { teamId: 'east2', counts: rep(2, 4, 3, 3) },
      { teamId: null, counts: rep(9, 9, 9, 9) },
    ], teams);
    expect(totals.get('east1')).toEqual(rep(4, 5, 5, 12));
    expect(totals.get('east')).toEqual(rep(6, 9, 8, 15));
    expect(totals.get('north')).toEqual(rep(0, 0, 0, 0));
    expect(figuresOf(totals.get('east')!)).toEqual({
      followUpRate: { value: 67, numerator: 6, denominator: 9 },
      activityRate: { value: 53, numerator: 8, denominator: 15 },
    });
    expect(figuresOf(totals.get('north')!).followUpRate.value).toBeNull();
  });

  it('explains each figure in both languages with its numbers', () => {
    for (const d of Object.values(figureDefinitions)) {
      for (const field of ['title', 'formula', 'numerator', 'denominator', 'sources', 'refresh'] as const) {
        expect(d[field].en.length).toBeGreaterThan(10);
        expect(d[field]['zh-CN'].length).toBeGreaterThan(5);
      }
      expect(d.formula.en).toContain('30 days');
    }
    expect(figureDefinitions.followUpRate.numerator.en).toContain('24 hours');
  });
});
