import { describe, expect, it } from 'vitest';
import { calculatePeriod } from './engine.js';
import { renderSteps } from './explain.js';
import { makeInput, makePlan, payment } from './test-factories.js';

const stepBands = [{ upTo: 2000, rate: '2%' }, { upTo: 6000, rate: '3%' }, { rate: '5%' }];
const sixPayments = ['1200', '800', '1500', '980', '1100', '500'].map((amount, i) => payment(`P${i + 1}`, `2027-0${1 + Math.floor(i / 2)}-1${i}`, amount));
const total = (lines: Array<{ amountMinor: number }>) => lines.reduce((sum, line) => sum + line.amountMinor, 0);

describe('rate tables', () => {
  it('pays 164 on the six quarter transactions with step tiers', () => {
    const plan = makePlan({ components: [{ id: 'base', type: 'table', method: 'marginal', bands: stepBands }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: sixPayments }));
    expect(total(result.lines)).toBe(16_400);
    expect(result.statements).toHaveLength(1);
    expect(result.statements[0]).toMatchObject({ personId: 'ana', totalMinor: 16_400, creditedMinor: 608_000 });
    const last = result.lines.find((line) => line.transactionId === 'P6')!;
    expect(renderSteps(last.steps, 'en')).toBe(
      'revenue credit 100% of payment P6 500.00 = 500.00; slice 2,000.00–6,000.00 × 3% on 420.00 of this deal = 12.60; slice 6,000.00–∞ × 5% on 80.00 of this deal = 4.00',
    );
    expect(last).toMatchObject({ planId: 'ae', planVersion: 1, componentId: 'base', amountMinor: 1_660 });
  });

  it('pays a deal wholly at the rate of the band it reaches with flat tiers', () => {
    const plan = makePlan({ components: [{ id: 'base', type: 'table', method: 'flat', basis: 'deal', bands: [{ upTo: 3000, rate: '2%' }, { upTo: 8000, rate: '3%' }, { rate: '5%' }] }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-05', '5000'), payment('P2', '2027-01-06', '9000'), payment('P3', '2027-01-07', '3000')] }));
    expect(result.lines.map((line) => line.amountMinor)).toEqual([15_000, 45_000, 9_000]);
    expect(renderSteps(result.lines[2]!.steps, 'en')).toContain('whole 3,000.00 × 3% (band 3,000.00–8,000.00, reached at 3,000.00) = 90.00');
  });

  it('re-rates the earlier deals of the period when a retroactive tier is reached', () => {
    const plan = makePlan({ components: [{ id: 'base', type: 'table', method: 'retroactive', bands: [{ upTo: 5000, rate: '2%' }, { rate: '4%' }] }] });
    const first = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-05', '3000')] }));
    expect(total(first.lines)).toBe(6_000);
    const both = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-05', '3000'), payment('P2', '2027-02-05', '3000')] }));
    expect(both.lines.map((line) => line.amountMinor)).toEqual([12_000, 12_000]);
    expect(renderSteps(both.lines[0]!.steps, 'en')).toContain("period total 6,000.00 reached band 5,000.00–∞: 4% on this deal's 3,000.00 = 120.00");
  });

  it('pays 6,600 at 120% attainment on an interpolated curve, each payment its step up the curve', () => {
    const plan = makePlan({
      components: [{ id: 'bonus', type: 'table', measure: 'attainment', method: 'interpolated', points: [{ at: 0, pay: 0 }, { at: 50, pay: 1000 }, { at: 100, pay: 5000 }, { at: 150, pay: 9000 }] }],
    });
    const result = calculatePeriod(makeInput({
      plans: [plan], quotas: [{ personId: 'ana', period: '2027-Q1', amountMinor: 10_000_000 }],
      transactions: [payment('P1', '2027-01-10', '60000'), payment('P2', '2027-02-10', '60000')],
    }));
    expect(result.lines.map((line) => line.amountMinor)).toEqual([180_000, 480_000]);
    expect(renderSteps(result.lines[1]!.steps, 'zh-CN')).toContain('曲线从 60% 到 120%：应发 1,800.00 → 6,600.00，本单 4,800.00');
    expect(result.statements[0]!.attainment).toBe('120.00');
  });

  it('pays 50 per unit over 10 units and 80 per unit beyond on a quantity table', () => {
    const plan = makePlan({ components: [{ id: 'units', type: 'table', measure: 'quantity', bands: [{ upTo: 10, rate: 50 }, { rate: 80 }] }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-10', '1000', undefined, { quantity: 12 })] }));
    expect(result.lines[0]!.amountMinor).toBe(66_000);
    expect(renderSteps(result.lines[0]!.steps, 'en')).toContain('slice 10–∞ × 80/unit on 2 of this deal = 160.00');
  });

  it('pays on margin rather than the amount collected when the table measures margin', () => {
    const plan = makePlan({ components: [{ id: 'gp', type: 'table', measure: 'margin', bands: [{ rate: '10%' }] }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-10', '10000', [{ personId: 'ana', share: '0.5' }, { personId: 'ben', share: '0.5' }], { marginMinor: 300_000 })] }));
    expect(result.lines.map((line) => [line.personId, line.amountMinor])).toEqual([['ana', 15_000], ['ben', 15_000]]);
  });
});

describe('gates, caps, accelerators and quotas', () => {
  const quotas = [{ personId: 'ana', period: '2027-Q1', amountMinor: 1_000_000 }];

  it('pays nothing below the 50% gate and explains why, then pays every line once the gate is passed', () => {
    const plan = makePlan({ components: [{ id: 'base', type: 'table', bands: [{ rate: '10%' }], gate: { attainmentAtLeast: 50 } }] });
    const below = calculatePeriod(makeInput({ plans: [plan], quotas, transactions: [payment('P1', '2027-01-10', '4000')] }));
    expect(below.lines[0]!.amountMinor).toBe(0);
    expect(renderSteps(below.lines[0]!.steps, 'en')).toContain('gate not met: attainment 40.00% is below 50%');
    const above = calculatePeriod(makeInput({ plans: [plan], quotas, transactions: [payment('P1', '2027-01-10', '4000'), payment('P2', '2027-01-11', '2000')] }));
    expect(above.lines.map((line) => line.amountMinor)).toEqual([40_000, 20_000]);
  });

  it('cuts the six step-tier payments from 164 to a cap of 100 with one cap line', () => {
    const plan = makePlan({ components: [{ id: 'base', type: 'table', bands: stepBands, cap: { perPeriod: 100 } }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: sixPayments }));
    const cap = result.lines.find((line) => line.kind === 'cap')!;
    expect(cap.amountMinor).toBe(-6_400);
    expect(renderSteps(cap.steps, 'en')).toBe('cap 100.00 per period: earned 164.00, above the cap -64.00');
    expect(result.statements[0]!.totalMinor).toBe(10_000);
  });

  it('slows pay below 50% attainment and speeds it above 100%, part of a deal at each multiplier', () => {
    const plan = makePlan({
      components: [{ id: 'base', type: 'table', bands: [{ rate: '10%' }], multipliers: { bands: [{ from: 0, multiplier: '0.5' }, { from: 50, multiplier: 1 }, { from: 100, multiplier: '1.5' }] } }],
    });
    const result = calculatePeriod(makeInput({ plans: [plan], quotas, transactions: [payment('P1', '2027-01-10', '4000'), payment('P2', '2027-02-10', '8000')] }));
    expect(result.lines.map((line) => [line.transactionId, line.kind, line.amountMinor])).toEqual([
      ['P1', 'commission', 40_000], ['P1', 'multiplier', -20_000], ['P2', 'commission', 80_000], ['P2', 'multiplier', 5_000],
    ]);
    expect(renderSteps(result.lines[3]!.steps, 'en')).toBe(
      'decelerator ×0.5 on the part of this deal at 40.00%–50.00% attainment: 100.00 × (0.5 − 1) = -50.00; accelerator ×1.5 on the part of this deal at 100.00%–120.00% attainment: 200.00 × (1.5 − 1) = 100.00',
    );
    expect(result.statements[0]!.totalMinor).toBe(105_000);
  });

  it('prorates a 30,000 April quota to 15,000 for a rep who joins on the 16th', () => {
    const plan = makePlan({ period: 'month', components: [{ id: 'base', type: 'table', bands: [{ rate: '1%' }] }] });
    const people = [{ id: 'ana', joinedOn: '2027-04-16' }];
    const result = calculatePeriod(makeInput({
      period: '2027-04', plans: [plan], people, quotas: [{ personId: 'ana', period: '2027-04', amountMinor: 3_000_000 }],
      transactions: [payment('P1', '2027-04-20', '15000')],
    }));
    expect(result.statements[0]).toMatchObject({ quotaMinor: 1_500_000, attainment: '100.00' });
  });
});
