import { describe, expect, it } from 'vitest';
import { allocate } from './credit.js';
import { Dec } from './decimal.js';
import { calculatePeriod } from './engine.js';
import { renderSteps } from './explain.js';
import { defaultPeople, makeInput, makePlan, payment } from './test-factories.js';

const flatTen = makePlan({ components: [{ id: 'base', type: 'table', bands: [{ rate: '10%' }] }] });
const byPerson = (lines: Array<{ personId: string; amountMinor: number }>) =>
  Object.fromEntries([...new Set(lines.map((l) => l.personId))].map((id) => [id, lines.filter((l) => l.personId === id).reduce((s, l) => s + l.amountMinor, 0)]));

describe('credit splits, teams, overlay and overrides', () => {
  it('splits 10,000.01 three ways as 3,333.34 + 3,333.34 + 3,333.33, losing no fen', () => {
    expect(allocate(1_000_001, [new Dec(1).div(3), new Dec(1).div(3), new Dec(1).div(3)])).toEqual([333_334, 333_334, 333_333]);
  });

  it('credits a 60/40 split and a 20% overlay on top, 120% of the deal in all', () => {
    const result = calculatePeriod(makeInput({
      plans: [flatTen],
      transactions: [payment('P1', '2027-01-10', '10000', [{ personId: 'ana', share: '0.6' }, { personId: 'ben', share: '0.4' }, { personId: 'cai', share: '0.2', overlay: true }])],
    }));
    expect(byPerson(result.lines)).toEqual({ ana: 60_000, ben: 40_000, cai: 20_000 });
    const overlay = result.lines.find((line) => line.personId === 'cai')!;
    expect(renderSteps(overlay.steps, 'en')).toMatch(/^overlay credit 20% of payment P1 10,000.00 = 2,000.00/);
    expect(renderSteps(overlay.steps, 'zh-CN')).toMatch(/^叠加业绩分配：回款 P1 10,000.00 的 20% = 2,000.00/);
  });

  it('shares a team credit equally among the members on the payment date', () => {
    const people = [...defaultPeople.filter((p) => p.id !== 'ben'), { id: 'ben', managerId: 'mia', teamId: 'east', joinedOn: '2027-02-01' }];
    const result = calculatePeriod(makeInput({
      plans: [flatTen], people,
      transactions: [payment('P1', '2027-01-10', '1000', [{ teamId: 'east', share: '0.5' }, { personId: 'cai', share: '0.5' }]), payment('P2', '2027-02-10', '1000', [{ teamId: 'east', share: '1' }])],
    }));
    expect(byPerson(result.lines)).toEqual({ ana: 5_000 + 5_000, ben: 5_000, cai: 5_000 });
  });

  it('pays managers up the hierarchy an override on their people’s credit', () => {
    const plan = makePlan({ components: [
      { id: 'base', type: 'table', bands: [{ rate: '10%' }] },
      { id: 'override', type: 'override', levels: [{ rate: '2%' }, { rate: '1%' }] },
    ] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [payment('P1', '2027-01-10', '10000')] }));
    expect(byPerson(result.lines)).toEqual({ ana: 100_000, mia: 20_000, max: 10_000 });
    const max = result.lines.find((line) => line.personId === 'max')!;
    expect(renderSteps(max.steps, 'en')).toContain("override level 2 on ana's credit 10,000.00 × 1% = 100.00");
  });
});

describe('SPIFs', () => {
  const spif = makePlan({ components: [{
    id: 'q1-sprint', type: 'spif', window: { from: '2027-02-01', to: '2027-03-31' }, when: 'dealAmount >= 50000', perDeal: 500,
    target: { atLeast: 20000, bonus: 1000 },
  }] });

  it('pays 500 once per qualifying deal in the window, and the 1,000 target bonus at the window’s end', () => {
    const result = calculatePeriod(makeInput({
      plans: [spif],
      transactions: [
        payment('P0', '2027-01-20', '30000', undefined, { dealId: 'D0', dealAmountMinor: 6_000_000 }),
        payment('P1', '2027-02-10', '10000', undefined, { dealId: 'D1', dealAmountMinor: 6_000_000 }),
        payment('P2', '2027-03-10', '10000', undefined, { dealId: 'D1', dealAmountMinor: 6_000_000 }),
        payment('P3', '2027-03-11', '5000', undefined, { dealId: 'D2', dealAmountMinor: 4_000_000 }),
      ],
    }));
    expect(result.lines.map((line) => [line.kind, line.transactionId, line.amountMinor])).toEqual([['spif', 'P1', 50_000], ['bonus', null, 100_000]]);
    expect(renderSteps(result.lines[1]!.steps, 'en')).toBe('SPIF 2027-02-01–2027-03-31: total 20,000 reached 20,000, bonus 1,000.00');
  });
});

describe('formulas', () => {
  it('pays 1% of margin plus 100 on orders of more than 10 units, in exact decimals', () => {
    const plan = makePlan({ components: [{ id: 'kicker', type: 'formula', formula: 'margin * 1% + (quantity > 10 ? 100 : 0)' }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [
      payment('P1', '2027-01-10', '10000', undefined, { marginMinor: 333_333, quantity: 12 }),
      payment('P2', '2027-01-11', '0.30', undefined, { marginMinor: 30, quantity: 1 }),
    ] }));
    expect(result.lines.map((line) => line.amountMinor)).toEqual([13_333, 0]);
    expect(renderSteps(result.lines[0]!.steps, 'en')).toContain('margin * 1% + (quantity > 10 ? 100 : 0) with margin = 3,333.33, quantity = 12 = 133.33');
  });

  it('reads transaction attributes and compares text', () => {
    const plan = makePlan({ components: [{ id: 'new-logo', type: 'formula', formula: "attr.segment == 'new' ? amount * 2% : 0" }] });
    const result = calculatePeriod(makeInput({ plans: [plan], transactions: [
      payment('P1', '2027-01-10', '1000', undefined, { attributes: { segment: 'new' } }),
      payment('P2', '2027-01-11', '1000', undefined, { attributes: { segment: 'renewal' } }),
    ] }));
    expect(result.lines.map((line) => line.amountMinor)).toEqual([2_000, 0]);
  });
});
