import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  colourTally, currentHealthWeek, companyDate, describeStageHealth, healthCutoffs, percentDown, reaches, repHealth, stageHealth,
  type StageCounts,
} from './health.js';

const thresholds = { silentDays: 5, amberPercent: 20, redPercent: 40 };
const counts = (leads: number, silent = 0, overdue = 0, unplanned = 0): StageCounts => ({ leads, silent, overdue, unplanned });

describe('a stage\'s colour and the rule behind it', () => {
  it('marks "proposal" red when 3 of 7 leads are silent more than 5 days (42% ≥ 40%)', () => {
    const health = stageHealth('proposal', counts(7, 3, 1), thresholds);
    expect(health.colour).toBe('red');
    expect(health.rule).toEqual({
      signal: 'silent', count: 3, leads: 7, percent: 42, threshold: { colour: 'red', percent: 40 }, met: true, colour: 'red', silentDays: 5,
    });
    expect(describeStageHealth(health, 'en', 'Proposal')).toBe('3 of 7 leads in "Proposal" silent > 5 days (42% ≥ 40% → red)');
    expect(describeStageHealth(health, 'zh-CN', '方案报价')).toBe('“方案报价”阶段 7 条线索中有 3 条超过 5 天未跟进（42% ≥ 40% → 红）');
  });

  it('is amber from 20%, green below it, and says which threshold it was compared with', () => {
    const amber = stageHealth('contacted', counts(10, 0, 2), thresholds);
    expect(amber.colour).toBe('amber');
    expect(describeStageHealth(amber, 'en', 'Contacted')).toBe('2 of 10 leads in "Contacted" with an overdue next action (20% ≥ 20% → amber)');
    const green = stageHealth('contacted', counts(11, 0, 0, 2), thresholds);
    expect(green.colour).toBe('green');
    expect(describeStageHealth(green, 'en', 'Contacted')).toBe('2 of 11 leads in "Contacted" with no next action planned (18% < 20% → green)');
    expect(describeStageHealth(green, 'zh-CN', '已联系')).toBe('“已联系”阶段 11 条线索中有 2 条未安排下一步行动（18% < 20% → 绿）');
  });

  it('compares by cross-multiplication: 2 of 5 is exactly 40% (red), 39 of 100 is not', () => {
    expect(stageHealth('new', counts(5, 2), thresholds).colour).toBe('red');
    expect(stageHealth('new', counts(100, 39), thresholds).colour).toBe('amber');
    // 1 of 3 = 33.3…%: shown rounded down, so the sentence agrees with the comparison.
    const third = stageHealth('new', counts(3, 1), { ...thresholds, redPercent: 34 });
    expect(third.colour).toBe('amber');
    expect(describeStageHealth(third, 'en', 'New')).toContain('(33% ≥ 20% → amber)');
  });

  it('takes the worst signal, then the larger count, and words a stage without risk or without leads', () => {
    const mixed = stageHealth('negotiation', counts(10, 2, 5, 3), thresholds);
    expect(mixed.rule?.signal).toBe('overdue');
    expect(mixed.signals.map((s) => [s.signal, s.colour])).toEqual([['silent', 'amber'], ['overdue', 'red'], ['unplanned', 'amber']]);
    const tie = stageHealth('negotiation', counts(10, 1, 1, 0), thresholds);
    expect(tie.rule).toMatchObject({ signal: 'silent', met: false, colour: 'green' });

    const calm = stageHealth('qualified', counts(4), thresholds);
    expect(calm).toMatchObject({ colour: 'green', rule: { signal: null, count: 0 } });
    expect(describeStageHealth(calm, 'en', 'Qualified')).toBe('None of 4 leads in "Qualified" is silent > 5 days, overdue or without a next action → green');
    const empty = stageHealth('qualified', counts(0), thresholds);
    expect(empty).toMatchObject({ colour: 'green', leads: 0, rule: null });
    expect(describeStageHealth(empty, 'zh-CN', '已确认')).toBe('“已确认”阶段没有进行中的线索 → 绿');
  });

  it('never warns about a signal no lead shows, even with a 0% threshold', () => {
    const zero = { silentDays: 5, amberPercent: 0, redPercent: 0 };
    expect(stageHealth('new', counts(8), zero).colour).toBe('green');
    expect(stageHealth('new', counts(8, 1), zero).colour).toBe('red');
  });

  it('lists every open stage in pipeline order and tallies the colours', () => {
    const stages = repHealth({ proposal: counts(7, 3), new: counts(10, 2) }, thresholds);
    expect(stages.map((s) => [s.stage, s.colour])).toEqual([
      ['new', 'amber'], ['contacted', 'green'], ['qualified', 'green'], ['proposal', 'red'], ['negotiation', 'green'],
    ]);
    expect(colourTally(stages)).toEqual({ red: 1, amber: 1, green: 3 });
  });

  it('keeps the shown percent on the same side of every threshold as the comparison', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 100 }), (leads, raw, threshold) => {
        const count = raw % (leads + 1);
        expect(percentDown(count, leads) >= threshold).toBe(reaches(count, leads, threshold));
      }),
    );
  });
});

describe('the report\'s week', () => {
  it('is the company-calendar date of the Friday the report fires on', () => {
    expect(companyDate(new Date('2026-11-06T08:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-06');
    expect(companyDate(new Date('2026-11-06T23:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-07');
  });

  it('runs up to Friday 16:00 company time for the live view, then moves to the next Friday', () => {
    const week = (at: string, zone = 'Asia/Shanghai') => currentHealthWeek(new Date(at), zone);
    expect(week('2026-11-02T01:00:00.000Z')).toBe('2026-11-06'); // Monday 09:00 Shanghai
    expect(week('2026-11-06T07:59:59.000Z')).toBe('2026-11-06'); // Friday 15:59:59
    expect(week('2026-11-06T08:00:00.000Z')).toBe('2026-11-13'); // Friday 16:00: published
    expect(week('2026-11-07T02:00:00.000Z')).toBe('2026-11-13'); // Saturday
    expect(week('2026-12-31T20:00:00.000Z')).toBe('2027-01-01'); // Friday 1 January, 04:00 in Shanghai
    // Berlin across the spring change: Friday 27 March 2027 is CET until Sunday.
    expect(week('2027-03-26T14:59:00.000Z', 'Europe/Berlin')).toBe('2027-03-26');
    expect(week('2027-03-26T15:00:00.000Z', 'Europe/Berlin')).toBe('2027-04-02');
  });

  it('counts a lead silent from the given number of whole days before now', () => {
    expect(healthCutoffs(new Date('2026-11-06T08:00:00.000Z'), thresholds)).toEqual({ now: '2026-11-06T08:00:00.000Z', silentBefore: '2026-11-01T08:00:00.000Z' });
  });
});
