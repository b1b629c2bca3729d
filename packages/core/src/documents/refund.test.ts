import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRefund, refundProblemText, splitProRata, type RefundableAllocation } from './refund.js';
import { nextStatus } from './states.js';

const paid = (contractId: string, amountMinor: number, refundedMinor = 0): RefundableAllocation => ({ contractId, contractTraceCode: `HT-${contractId}`, amountMinor, refundedMinor });

describe('refunding part of a confirmed receipt', () => {
  it('refunds everything still unrefunded, contract by contract, when no amount or split is given', () => {
    expect(planRefund([paid('c1', 60_000, 10_000), paid('c2', 40_000)], {})).toEqual({
      ok: true, amountMinor: 90_000, lines: [{ contractId: 'c1', amountMinor: 50_000 }, { contractId: 'c2', amountMinor: 40_000 }], unrefundedAfterMinor: 0, split: 'whole',
    });
  });

  it('splits an amount pro rata over what each contract still holds, exactly to the fen', () => {
    const plan = planRefund([paid('c1', 66_667), paid('c2', 33_333)], { amountMinor: 10_001 });
    expect(plan).toEqual({ ok: true, amountMinor: 10_001, lines: [{ contractId: 'c1', amountMinor: 6_667 }, { contractId: 'c2', amountMinor: 3_334 }], unrefundedAfterMinor: 89_999, split: 'pro_rata' });
  });

  it('takes an explicit split per contract, and with an amount it must add up to it', () => {
    const allocations = [paid('c1', 60_000), paid('c2', 40_000)];
    expect(planRefund(allocations, { allocations: [{ contractId: 'c2', amountMinor: 15_000 }] })).toMatchObject({ ok: true, amountMinor: 15_000, lines: [{ contractId: 'c2', amountMinor: 15_000 }], unrefundedAfterMinor: 85_000, split: 'explicit' });
    expect(planRefund(allocations, { amountMinor: 20_000, allocations: [{ contractId: 'c2', amountMinor: 15_000 }] })).toEqual({ ok: false, problems: [{ code: 'split_mismatch', amountMinor: 20_000, splitMinor: 15_000 }] });
  });

  it('refuses more than is unrefunded, in all or on one contract, naming the amounts in both languages', () => {
    const allocations = [paid('c1', 60_000, 50_000), paid('c2', 40_000)];
    const whole = planRefund(allocations, { amountMinor: 50_001 });
    expect(whole).toEqual({ ok: false, problems: [{ code: 'above_unrefunded', amountMinor: 50_001, unrefundedMinor: 50_000 }] });
    const one = planRefund(allocations, { allocations: [{ contractId: 'c1', amountMinor: 10_001 }] });
    expect(one.ok).toBe(false);
    const problem = (one as { problems: Parameters<typeof refundProblemText>[0][] }).problems[0]!;
    expect(problem).toEqual({ code: 'above_contract_unrefunded', index: 0, contractTraceCode: 'HT-c1', amountMinor: 10_001, unrefundedMinor: 10_000 });
    expect(refundProblemText(problem, 'CNY')).toEqual({
      field: 'body.allocations.0.amountMinor',
      message: { en: 'HT-c1: 100.01 CNY is more than the 100.00 CNY this receipt still pays it', 'zh-CN': 'HT-c1：100.01 CNY 超过本回款单在该合同上尚未退款的 100.00 CNY' },
    });
  });

  it('refuses a contract the receipt did not pay, a contract named twice, and a receipt with nothing left', () => {
    const allocations = [paid('c1', 60_000)];
    expect(planRefund(allocations, { allocations: [{ contractId: 'c9', amountMinor: 1 }, { contractId: 'c1', amountMinor: 1 }, { contractId: 'c1', amountMinor: 1 }] })).toEqual({
      ok: false, problems: [{ code: 'not_on_receipt', index: 0 }, { code: 'duplicate', index: 2, firstIndex: 1 }],
    });
    expect(planRefund([paid('c1', 60_000, 60_000)], {})).toEqual({ ok: false, problems: [{ code: 'nothing_left' }] });
  });

  it('keeps a partly refunded receipt confirmed and makes it refunded with the last of its money', () => {
    expect(nextStatus('receipt', 'confirmed', 'refund', { unrefundedMinor: 1 })).toEqual({ ok: true, to: 'confirmed' });
    expect(nextStatus('receipt', 'confirmed', 'refund', { unrefundedMinor: 0 })).toEqual({ ok: true, to: 'refunded' });
    expect(nextStatus('receipt', 'refunded', 'refund').ok).toBe(false);
  });

  it('any pro-rata split adds up to the amount and never takes more from a contract than it holds', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ amount: fc.integer({ min: 1, max: 5_000_000_000_000 }), refunded: fc.nat({ max: 100 }) }), { minLength: 1, maxLength: 6 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (list, share) => {
        const allocations = list.map((a, i) => paid(`c${i}`, a.amount, Math.min(a.refunded, a.amount)));
        const left = allocations.reduce((sum, a) => sum + a.amountMinor - a.refundedMinor, 0);
        const amountMinor = Math.max(1, Math.floor(left * share));
        const plan = planRefund(allocations, { amountMinor });
        expect(plan.ok).toBe(left > 0);
        if (!plan.ok) return;
        expect(plan.lines.reduce((sum, l) => sum + l.amountMinor, 0)).toBe(amountMinor);
        for (const line of plan.lines) {
          const a = allocations.find((x) => x.contractId === line.contractId)!;
          expect(line.amountMinor).toBeGreaterThan(0);
          expect(line.amountMinor).toBeLessThanOrEqual(a.amountMinor - a.refundedMinor);
        }
        expect(plan.unrefundedAfterMinor).toBe(left - amountMinor);
      },
    ));
    expect(splitProRata(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });
});
