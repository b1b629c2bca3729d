import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './credit.js';
import { Dec } from './decimal.js';
import { adjustmentsAfterLock, diffResults } from './diff.js';
import { buildCreditIndex } from './credit.js';
import { calculatePeriod, calculatePeriods, calculatePerson, periodContext } from './engine.js';
import { explanationCodes, hasTemplate, renderExplanation } from './explain.js';
import type { CommissionTransaction } from './model.js';
import { makeInput, makePlan, payment, refund } from './test-factories.js';

const tiered = makePlan({ components: [
  { id: 'base', type: 'table', bands: [{ upTo: 2000, rate: '2%' }, { upTo: 6000, rate: '3.3%' }, { rate: '5%' }] },
  { id: 'ovr', type: 'override', levels: [{ rate: '1.5%' }, { rate: '0.5%' }] },
] });

describe('runs', () => {
  it('pays an event delivered twice once', () => {
    const p = payment('P1', '2027-01-10', '1000');
    const result = calculatePeriod(makeInput({ plans: [tiered], transactions: [p, { ...p }] }));
    expect(result.lines.filter((line) => line.personId === 'ana')).toHaveLength(1);
    expect(result.issues).toEqual([]);
  });

  it('keeps one of two different bodies under one id whatever their order, and reports it', () => {
    const a = payment('P1', '2027-01-10', '1000');
    const b = payment('P1', '2027-01-10', '2000');
    const ab = calculatePeriod(makeInput({ plans: [tiered], transactions: [a, b] }));
    const ba = calculatePeriod(makeInput({ plans: [tiered], transactions: [b, a] }));
    expect(ab).toEqual(ba);
    expect(ab.issues.map((issue) => issue.code)).toEqual(['duplicate-conflict']);
  });

  it('uses the plan version in force on the period’s last day', () => {
    const v1 = makePlan({ version: 1, effective: { from: '2027-01-01', to: '2027-03-31' }, components: [{ id: 'base', type: 'table', bands: [{ rate: '1%' }] }] });
    const v2 = makePlan({ version: 2, effective: { from: '2027-04-01' }, components: [{ id: 'base', type: 'table', bands: [{ rate: '2%' }] }] });
    const [q1, q2] = calculatePeriods({ ...makeInput({ plans: [v2, v1], transactions: [payment('P1', '2027-03-10', '1000'), payment('P2', '2027-04-10', '1000')] }), periods: ['2027-Q1', '2027-Q2'] });
    expect(q1!.lines[0]).toMatchObject({ planVersion: 1, amountMinor: 1_000 });
    expect(q2!.lines[0]).toMatchObject({ planVersion: 2, amountMinor: 2_000 });
  });

  it('gives a whole team its plan through one assignment, a personal assignment winning', () => {
    const other = makePlan({ id: 'special', components: [{ id: 'base', type: 'table', bands: [{ rate: '7%' }] }] });
    const result = calculatePeriod(makeInput({
      plans: [tiered, other],
      assignments: [{ planId: 'ae', teamId: 'east', from: '2027-01-01' }, { planId: 'special', personId: 'ben', from: '2027-01-01' }],
      transactions: [payment('P1', '2027-01-10', '1000'), payment('P2', '2027-01-10', '1000', [{ personId: 'ben', share: '1' }]), payment('P3', '2027-01-10', '1000', [{ personId: 'cai', share: '1' }])],
    }));
    expect(result.statements.map((s) => [s.personId, s.planId, s.totalMinor])).toEqual([['ana', 'ae', 2_000], ['ben', 'special', 7_000]]);
  });

  it('recalculates after one payment only the people it touches, with the figures of a full recalculation', () => {
    const transactions = [payment('P1', '2027-01-10', '1500'), payment('P2', '2027-02-10', '2500', [{ personId: 'ben', share: '1' }])];
    const late = payment('P3', '2027-03-01', '3000', [{ personId: 'ana', share: '0.5' }, { personId: 'ben', share: '0.5' }]);
    const input = makeInput({ plans: [tiered], transactions });
    const index = buildCreditIndex(input.transactions, input.people, []);
    const context = periodContext(input);
    for (const personId of index.people()) calculatePerson(context, index, personId);
    const touched = index.add(late);
    expect([...touched].sort()).toEqual(['ana', 'ben', 'max', 'mia']);
    const incremental = [...touched].sort().flatMap((personId) => calculatePerson(context, index, personId).lines);
    const full = calculatePeriod(makeInput({ plans: [tiered], transactions: [...transactions, late] }));
    expect(incremental).toEqual(full.lines);
  });

  it('makes each statement add up exactly to its lines', () => {
    const result = calculatePeriod(makeInput({ plans: [tiered], transactions: [
      payment('P1', '2027-01-10', '1234.57', [{ personId: 'ana', share: '0.5' }, { personId: 'ben', share: '0.5' }]),
      payment('P2', '2027-02-10', '5555.55'), payment('P3', '2027-03-10', '777.77', [{ personId: 'ben', share: '1' }]),
    ] }));
    for (const statement of result.statements) {
      const lines = result.lines.filter((line) => line.personId === statement.personId);
      expect(statement.totalMinor).toBe(lines.reduce((sum, line) => sum + line.amountMinor, 0));
      expect(Object.values(statement.byComponent).reduce((a, b) => a + b, 0)).toBe(statement.totalMinor);
    }
  });

  it('shows the difference a late payment makes, per person and per line, before it is accepted', () => {
    const before = calculatePeriod(makeInput({ plans: [tiered], transactions: [payment('P1', '2027-01-10', '1500')] }));
    const after = calculatePeriod(makeInput({ plans: [tiered], transactions: [payment('P1', '2027-01-10', '1500'), payment('P2', '2027-01-11', '1000')] }));
    const diff = diffResults(before, after);
    expect(diff.people.map((p) => [p.personId, p.beforeMinor, p.afterMinor, p.deltaMinor])).toEqual([
      ['ana', 3_000, 5_650, 2_650], ['max', 750, 1_250, 500], ['mia', 2_250, 3_750, 1_500],
    ]);
    expect(diff.people[0]!.lines.map((l) => [l.change, l.deltaMinor])).toEqual([['added', 2_650]]);
  });

  it('turns a correction to a locked quarter into adjustment lines in the next quarter, once', () => {
    const locked = calculatePeriod(makeInput({ plans: [tiered], transactions: [payment('P1', '2027-01-10', '1500')] })).lines;
    const corrected = calculatePeriod(makeInput({ plans: [tiered], transactions: [payment('P1', '2027-01-10', '2500')] })).lines;
    const adjustments = adjustmentsAfterLock(locked, corrected, '2027-Q2');
    const ana = adjustments.find((line) => line.personId === 'ana')!;
    expect(ana).toMatchObject({ period: '2027-Q2', kind: 'adjustment', amountMinor: 5_650 - 3_000, componentId: 'base', transactionId: 'P1' });
    expect(renderExplanation(ana.steps[0]!, 'en')).toBe('correction to locked period 2027-Q1: was 30.00, now 56.50, difference 26.50');
    expect(adjustmentsAfterLock(locked, corrected, '2027-Q2', adjustments)).toEqual([]);
  });

  it('has a template in both languages for every explanation code', () => {
    for (const code of explanationCodes()) {
      expect(hasTemplate('en', code)).toBe(true);
      expect(hasTemplate('zh-CN', code)).toBe(true);
    }
  });
});

describe('properties', () => {
  const shareSets = fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 });

  it('never creates or loses a fen when a payment is split, beyond the declared overlay', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000_00 }), shareSets, fc.integer({ min: 0, max: 50 }), (amountMinor, weights, overlayPercent) => {
      const whole = weights.reduce((a, b) => a + b, 0);
      const credits = weights.map((w, i) => ({ personId: `p${i}`, share: new Dec(w).div(whole).toString() }));
      const revenueParts = allocate(amountMinor, credits.map((c) => new Dec(c.share)));
      const shareSum = credits.reduce((s, c) => s.add(c.share), new Dec(0));
      expect(revenueParts.reduce((a, b) => a + b, 0)).toBe(new Dec(amountMinor).mul(shareSum).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber());
      const overlay = { personId: 'ov', share: new Dec(overlayPercent).div(100).toString(), overlay: true };
      const people = [...credits.map((c) => ({ id: c.personId! })), { id: 'ov' }];
      const plan = makePlan({ components: [{ id: 'credit', type: 'table', bands: [{ rate: 1 }] }] });
      const tx: CommissionTransaction = { id: 'P', kind: 'payment', dealId: 'D', date: '2027-01-10', amountMinor, currency: 'CNY', credits: [...credits, overlay] };
      const result = calculatePeriod(makeInput({ plans: [plan], people, transactions: [tx] }));
      const revenue = result.statements.filter((s) => s.personId !== 'ov').reduce((sum, s) => sum + s.creditedMinor, 0);
      const overlaid = result.statements.find((s) => s.personId === 'ov')?.creditedMinor ?? 0;
      if (shareSum.eq(1)) expect(revenue).toBe(amountMinor);
      expect(overlaid).toBe(new Dec(amountMinor).mul(overlayPercent).div(100).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber());
    }), { numRuns: 200 });
  });

  it('nets a payment and its full refund to zero for everyone, in the same period or the next', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 0, max: 150 }), (amountMinor, refundAfterDays) => {
      const p: CommissionTransaction = { ...payment('P1', '2027-02-01', '0', [{ personId: 'ana', share: '0.7' }, { personId: 'ben', share: '0.3' }]), amountMinor };
      const refundDate = new Date(Date.parse('2027-02-01T00:00:00Z') + refundAfterDays * 86_400_000).toISOString().slice(0, 10);
      const r = { ...refund('R1', refundDate, '0', 'P1'), amountMinor };
      const results = calculatePeriods({ ...makeInput({ plans: [tiered], transactions: [p, r] }), periods: ['2027-Q1', '2027-Q2', '2027-Q3'] });
      const net = new Map<string, number>();
      for (const line of results.flatMap((result) => result.lines)) net.set(line.personId, (net.get(line.personId) ?? 0) + line.amountMinor);
      for (const value of net.values()) expect(value).toBe(0);
    }), { numRuns: 150 });
  });

  it('gives the same result for the same transactions in any order', () => {
    const transactions = Array.from({ length: 30 }, (_, i) => payment(`P${String(i).padStart(2, '0')}`, `2027-0${1 + (i % 3)}-${String(1 + (i % 27)).padStart(2, '0')}`, String(100 + i * 37.5), i % 4 === 0 ? [{ personId: 'ana', share: '0.5' }, { personId: 'ben', share: '0.5' }] : [{ personId: i % 2 ? 'ana' : 'cai', share: '1' }]));
    transactions.push(refund('R1', '2027-03-20', '50', 'P03'));
    const expected = calculatePeriod(makeInput({ plans: [tiered], transactions }));
    fc.assert(fc.property(fc.shuffledSubarray(transactions, { minLength: transactions.length }), (shuffled) => {
      expect(calculatePeriod(makeInput({ plans: [tiered], transactions: shuffled }))).toEqual(expected);
    }), { numRuns: 50 });
  });
});

describe('the exact-integer path', () => {
  const rate = fc.integer({ min: 0, max: 150 }).map((n) => `${n / 10}%`);
  const bound = fc.integer({ min: 1, max: 5_000_00 }).map((n) => n / 100);
  const tableArb = fc.record({
    method: fc.constantFrom('marginal' as const, 'flat' as const, 'retroactive' as const),
    basis: fc.constantFrom('period' as const, 'deal' as const),
    bounds: fc.uniqueArray(bound, { minLength: 0, maxLength: 3 }).map((b) => [...b].sort((x, y) => x - y)),
    rates: fc.array(rate, { minLength: 4, maxLength: 4 }),
    mode: fc.constantFrom('half-up' as const, 'half-even' as const, 'down' as const, 'up' as const),
  }).filter((t) => !(t.method === 'retroactive' && t.basis === 'deal'));
  const amounts = fc.array(fc.record({ minor: fc.integer({ min: 1, max: 3_000_00 }), split: fc.boolean() }), { minLength: 1, maxLength: 12 });

  it('pays the same lines with the same explanations as the decimal path', () => {
    fc.assert(fc.property(tableArb, amounts, (table, payments) => {
      const bands = [...table.bounds.map((upTo, i) => ({ upTo, rate: table.rates[i]! })), { rate: table.rates[3]! }];
      const plan = makePlan({ rounding: { mode: table.mode }, components: [{ id: 'base', type: 'table', method: table.method, basis: table.basis, bands }] });
      const transactions = payments.map((p, i) => ({
        ...payment(`P${i}`, `2027-01-${String(1 + i).padStart(2, '0')}`, '0', p.split ? [{ personId: 'ana', share: '0.35' }, { personId: 'ben', share: '0.65' }] : undefined), amountMinor: p.minor,
      }));
      const fast = calculatePeriod(makeInput({ plans: [plan], transactions }));
      const decimal = calculatePeriod({ ...makeInput({ plans: [plan], transactions }), exactIntegers: false });
      expect(fast).toEqual(decimal);
    }), { numRuns: 300 });
  });
});
