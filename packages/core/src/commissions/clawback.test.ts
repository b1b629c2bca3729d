import { describe, expect, it } from 'vitest';
import { calculatePeriod, calculatePeriods } from './engine.js';
import { renderSteps } from './explain.js';
import { makeInput, makePlan, payment, refund, voided } from './test-factories.js';

const sum = (lines: Array<{ amountMinor: number }>) => lines.reduce((s, l) => s + l.amountMinor, 0);

describe('pay on payment and clawbacks', () => {
  const plan = makePlan({ components: [{ id: 'base', type: 'table', bands: [{ rate: '3%' }] }] });

  it('pays a 10,000 deal collected in two parts as each part arrives', () => {
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [
      payment('P1', '2027-01-10', '4000', undefined, { dealId: 'D1' }), payment('P2', '2027-03-10', '6000', undefined, { dealId: 'D1' }),
    ] }));
    expect(result.lines.map((line) => line.amountMinor)).toEqual([12_000, 18_000]);
  });

  it('takes back 120 in Q2 when 4,000 of a 10,000 payment paid in Q1 is refunded', () => {
    const [q1, q2] = calculatePeriods({
      ...makeInput({ plans: [plan], transactions: [payment('P1', '2027-03-10', '10000'), refund('R1', '2027-04-02', '4000', 'P1')] }),
      periods: ['2027-Q1', '2027-Q2'],
    });
    expect(sum(q1!.lines)).toBe(30_000);
    expect(q2!.lines.map((line) => [line.kind, line.transactionId, line.amountMinor])).toEqual([['clawback', 'R1', -12_000]]);
    expect(renderSteps(q2!.lines[0]!.steps, 'en')).toBe('refund P1 (2027-Q1): takes back 40% of the 300.00 it paid = -120.00');
    expect(q2!.statements[0]).toMatchObject({ totalMinor: -12_000, creditedMinor: -400_000 });
  });

  it('lowers the period running total by a refund when the plan says attainment is reduced, and not when kept', () => {
    const tiered = (attainment: 'reduce' | 'keep') => makePlan({ clawback: { attainment }, components: [{ id: 'base', type: 'table', bands: [{ upTo: 5000, rate: '2%' }, { rate: '4%' }] }] });
    const transactions = [payment('P1', '2027-01-10', '5000'), refund('R1', '2027-01-20', '5000', 'P1'), payment('P2', '2027-02-10', '1000')];
    const reduced = calculatePeriod(makeInput({ plans: [tiered('reduce')], transactions }));
    const kept = calculatePeriod(makeInput({ plans: [tiered('keep')], transactions }));
    expect(reduced.lines.map((line) => line.amountMinor)).toEqual([10_000, 2_000, -10_000]);
    expect(kept.lines.map((line) => line.amountMinor)).toEqual([10_000, 4_000, -10_000]);
  });

  it('takes back half when the refund comes 90 days into a 180-day pro-rata window, and nothing after it', () => {
    const prorata = makePlan({ clawback: { mode: 'prorata', window: { days: 180 } }, components: [{ id: 'base', type: 'table', bands: [{ rate: '3%' }] }] });
    const [, q2, q3] = calculatePeriods({
      ...makeInput({ plans: [prorata], transactions: [
        payment('P1', '2027-01-01', '10000'), payment('P2', '2027-01-01', '10000'),
        refund('R1', '2027-04-01', '10000', 'P1'), refund('R2', '2027-07-05', '10000', 'P2'),
      ] }),
      periods: ['2027-Q1', '2027-Q2', '2027-Q3'],
    });
    expect(q2!.lines.map((line) => line.amountMinor)).toEqual([-15_000]);
    expect(renderSteps(q2!.lines[0]!.steps, 'en')).toContain('pro-rata over 180 days: 90 days after payment, 50% of the clawback applies');
    expect(q3!.lines.map((line) => line.amountMinor)).toEqual([0]);
    expect(renderSteps(q3!.lines[0]!.steps, 'zh-CN')).toContain('回款后第 185 天，已超过 180 天追回期：不追回');
  });

  it('reverses every payment of a voided deal, leaving no override on a credit that nets to zero', () => {
    const withOverride = makePlan({ components: [{ id: 'base', type: 'table', bands: [{ rate: '3%' }] }, { id: 'ovr', type: 'override', levels: [{ rate: '1%' }] }] });
    const result = calculatePeriod(makeInput({ plans: [withOverride], transactions: [
      payment('P1', '2027-01-10', '4000', undefined, { dealId: 'D1' }), payment('P2', '2027-02-10', '6000', undefined, { dealId: 'D1' }), voided('V1', '2027-03-01', 'D1'),
    ] }));
    expect(result.statements.map((s) => [s.personId, s.totalMinor])).toEqual([['ana', 0]]);
    expect(result.lines.filter((line) => line.kind === 'clawback')).toHaveLength(2);
    expect(result.lines.filter((line) => line.kind === 'override')).toEqual([]);
  });

  it('takes back only what was paid when the payment’s period was capped', () => {
    const capped = makePlan({ components: [{ id: 'base', type: 'table', bands: [{ rate: '10%' }], cap: { perPeriod: 500 } }] });
    const [q1, q2] = calculatePeriods({
      ...makeInput({ plans: [capped], transactions: [payment('P1', '2027-01-10', '10000'), refund('R1', '2027-04-10', '10000', 'P1')] }),
      periods: ['2027-Q1', '2027-Q2'],
    });
    expect(sum(q1!.lines)).toBe(50_000);
    expect(sum(q2!.lines)).toBe(-50_000);
  });

  it('reports a refund whose payment is not in the input instead of guessing', () => {
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [refund('R9', '2027-01-10', '100', 'P-missing')] }));
    expect(result.lines).toEqual([]);
    expect(result.issues.map((issue) => issue.code)).toEqual(['refund-without-payment']);
  });
});

describe('draws', () => {
  const drawPlan = (recoverable: boolean) => makePlan({ period: 'month', draw: { amount: 1000, recoverable }, components: [{ id: 'base', type: 'table', bands: [{ rate: '10%' }] }] });
  const transactions = [payment('P1', '2027-01-10', '3000'), payment('P2', '2027-02-10', '20000')];

  it('tops a 300 month up to a recoverable 1,000 draw and recovers the 700 from the next month’s 2,000', () => {
    const [jan, feb, mar] = calculatePeriods({ ...makeInput({ plans: [drawPlan(true)], transactions, people: [{ id: 'ana' }] }), periods: ['2027-01', '2027-02', '2027-03'] });
    expect(jan!.statements[0]).toMatchObject({ totalMinor: 100_000, drawBalanceMinor: 70_000 });
    expect(feb!.lines.map((line) => [line.kind, line.amountMinor])).toEqual([['commission', 200_000], ['draw-recovery', -70_000]]);
    expect(feb!.statements[0]).toMatchObject({ totalMinor: 130_000, drawBalanceMinor: 0 });
    expect(mar!.statements[0]).toMatchObject({ totalMinor: 100_000, drawBalanceMinor: 100_000 });
  });

  it('never recovers a non-recoverable draw', () => {
    const [, feb] = calculatePeriods({ ...makeInput({ plans: [drawPlan(false)], transactions, people: [{ id: 'ana' }] }), periods: ['2027-01', '2027-02'] });
    expect(feb!.statements[0]).toMatchObject({ totalMinor: 200_000, drawBalanceMinor: 0 });
  });
});
