import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError } from './formula.js';
import { Dec } from './decimal.js';
import { formulaNames, parsePlan } from './plan-schema.js';

const base = { id: 'ae', version: 1, name: 'AE', currency: 'CNY', period: 'quarter', effective: { from: '2027-01-01' } };

describe('plan documents', () => {
  it('reads rates written as 3%, 0.03 or 3.5% exactly', () => {
    const parsed = parsePlan({ ...base, components: [{ id: 't', type: 'table', bands: [{ upTo: '2,000', rate: '3%' }, { upTo: 5000, rate: 0.03 }, { rate: '3.5%' }] }] });
    expect(parsed.ok && parsed.plan.components[0]!.type === 'table' && parsed.plan.components[0]!.bands!.map((b) => [b.upTo, b.rate])).toEqual([['2000', '0.03'], ['5000', '0.03'], [undefined, '0.035']]);
  });

  it('names every problem with its place in the document', () => {
    const parsed = parsePlan({ ...base, components: [
      { id: 't', type: 'table', bands: [{ upTo: 5000, rate: '3%' }, { upTo: 2000, rate: 'lots' }] },
      { id: 't', type: 'formula', formula: 'amount * bonusRate' },
      { id: 's', type: 'spif', window: { from: '2027-03-01', to: '2027-02-01' } },
    ] });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(expect.arrayContaining([
      'components.0.bands.1.rate: "lots" is not a rate; write it as 3% or 0.03',
      expect.stringMatching(/^components\.1\.formula: unknown name "bonusRate"/),
      'components.2: a SPIF pays perDeal, a target bonus, or both',
      'components.2.window: the window ends before it starts',
    ]));
  });

  it('checks the whole plan once its parts are valid: a name used twice, a pro-rata clawback without window', () => {
    const parsed = parsePlan({ ...base, clawback: { mode: 'prorata' }, components: [
      { id: 't', type: 'table', bands: [{ rate: '3%' }] }, { id: 't', type: 'formula', formula: 'amount * 1%' },
    ] });
    expect(parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'components.1.id: "t" is used twice', 'clawback.window: a pro-rata clawback needs a window',
    ]);
  });

  it('refuses a last band with an upper end and a retroactive table per deal', () => {
    const parsed = parsePlan({ ...base, components: [{ id: 't', type: 'table', method: 'retroactive', basis: 'deal', bands: [{ upTo: 5000, rate: '3%' }] }] });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['components.0.bands.0.upTo', 'components.0.basis']);
  });
});

describe('the formula language', () => {
  const evaluate = (text: string, values: Record<string, string> = {}, attributes: Record<string, string> = {}) =>
    compileFormula(text, formulaNames).evaluate({ values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, new Dec(v)])), attributes });

  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect((evaluate('0.1 + 0.2') as Dec).toString()).toBe('0.3');
    expect((evaluate('amount * 2.5% + max(10, margin / 3)', { amount: '1000.10', margin: '3' }) as Dec).toString()).toBe('35.0025');
  });

  it('refuses calls, member access and names it does not know, before anything runs', () => {
    for (const text of ['constructor.constructor("x")()', 'Math.max(1)', 'this', 'amount = 1', '[1, 2]', 'process']) {
      expect(() => compileFormula(text, formulaNames), text).toThrow(FormulaError);
    }
  });

  it('reads attr.__proto__ as empty text, never as an object', () => {
    expect(evaluate("attr.__proto__ == ''")).toBe(true);
    expect(evaluate("attr.segment == 'new' && amount > 5", { amount: '6' }, { segment: 'new' })).toBe(true);
  });

  it('says division by zero instead of paying Infinity', () => {
    expect(() => evaluate('amount / 0', { amount: '1' })).toThrow(/division by zero/);
  });
});
