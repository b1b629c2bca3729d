/**
 * Refunding part of a confirmed receipt (B3). Finance returns money a customer paid — all of what is left, or part of
 * it (a returned line) — and says how much comes off each contract the receipt paid:
 *
 * - nothing named: everything still unrefunded, contract by contract;
 * - an amount only: split pro rata over what each contract still holds of the receipt (largest remainder, so the parts
 *   add up to the amount exactly; ties go to the contract allocated first);
 * - a split per contract: exactly that (with an amount as well, the split must add up to it).
 *
 * No part may be above what that contract still holds of this receipt, and the whole never above what is unrefunded.
 * The rule is pure: the caller reads the receipt's allocations and earlier refunds (locked) and writes what it answers.
 * Amounts are integer minor units (fen); the pro-rata arithmetic runs in BigInt so no product can lose precision.
 */
import { formatAmount } from '../platform/money.js';

/** One contract a confirmed receipt paid: what it was allocated and how much of that is already refunded. */
export interface RefundableAllocation {
  contractId: string;
  /** Shown in messages (HT-2026-000123); the contract id when left out. */
  contractTraceCode?: string;
  amountMinor: number;
  refundedMinor: number;
}

export interface RefundRequest {
  /** How much to refund in all; everything unrefunded when neither this nor `allocations` is given. */
  amountMinor?: number | undefined;
  /** How much comes off each contract; pro rata over the contracts when left out. */
  allocations?: ReadonlyArray<{ contractId: string; amountMinor: number }> | undefined;
}

export type RefundProblem =
  | { code: 'nothing_left' }
  | { code: 'not_positive'; amountMinor: number; index?: number }
  | { code: 'above_unrefunded'; amountMinor: number; unrefundedMinor: number }
  | { code: 'duplicate'; index: number; firstIndex: number }
  | { code: 'not_on_receipt'; index: number }
  | { code: 'above_contract_unrefunded'; index: number; contractTraceCode: string; amountMinor: number; unrefundedMinor: number }
  | { code: 'split_mismatch'; amountMinor: number; splitMinor: number };

export interface RefundLine {
  contractId: string;
  amountMinor: number;
}

export type RefundPlan =
  | { ok: true; amountMinor: number; lines: RefundLine[]; unrefundedAfterMinor: number; split: 'whole' | 'pro_rata' | 'explicit' }
  | { ok: false; problems: RefundProblem[] };

const left = (a: RefundableAllocation) => Math.max(0, a.amountMinor - a.refundedMinor);
const positive = (n: number) => Number.isSafeInteger(n) && n > 0;

/**
 * Splits `amountMinor` over `weights` in proportion, by largest remainder: each part is at most its weight when the
 * amount is at most their sum, and the parts add up to the amount exactly.
 */
export function splitProRata(amountMinor: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  const amount = BigInt(amountMinor);
  const sum = BigInt(total);
  const parts = weights.map((w) => (amount * BigInt(w)) / sum);
  const remainders = weights.map((w, index) => ({ index, rest: (amount * BigInt(w)) % sum }));
  let missing = amountMinor - parts.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.index - b.index));
  for (const { index } of remainders) {
    if (missing <= 0) break;
    parts[index]! += 1n;
    missing -= 1;
  }
  return parts.map(Number);
}

/** What a refund takes off each contract, or every reason it may not be made. */
export function planRefund(allocations: readonly RefundableAllocation[], request: RefundRequest): RefundPlan {
  const unrefundedMinor = allocations.reduce((sum, a) => sum + left(a), 0);
  if (unrefundedMinor <= 0) return { ok: false, problems: [{ code: 'nothing_left' }] };
  const problems: RefundProblem[] = [];
  if (request.amountMinor !== undefined && !positive(request.amountMinor)) problems.push({ code: 'not_positive', amountMinor: request.amountMinor });

  if (request.allocations !== undefined) {
    const byContract = new Map(allocations.map((a) => [a.contractId, a]));
    const firstIndexOf = new Map<string, number>();
    const lines: RefundLine[] = [];
    request.allocations.forEach((line, index) => {
      const first = firstIndexOf.get(line.contractId);
      if (first !== undefined) return void problems.push({ code: 'duplicate', index, firstIndex: first });
      firstIndexOf.set(line.contractId, index);
      if (!positive(line.amountMinor)) return void problems.push({ code: 'not_positive', amountMinor: line.amountMinor, index });
      const allocation = byContract.get(line.contractId);
      if (!allocation) return void problems.push({ code: 'not_on_receipt', index });
      if (line.amountMinor > left(allocation)) {
        problems.push({ code: 'above_contract_unrefunded', index, contractTraceCode: allocation.contractTraceCode ?? allocation.contractId, amountMinor: line.amountMinor, unrefundedMinor: left(allocation) });
      }
      lines.push({ contractId: line.contractId, amountMinor: line.amountMinor });
    });
    const splitMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
    if (request.allocations.length === 0) problems.push({ code: 'not_positive', amountMinor: 0 });
    if (request.amountMinor !== undefined && positive(request.amountMinor) && splitMinor !== request.amountMinor) problems.push({ code: 'split_mismatch', amountMinor: request.amountMinor, splitMinor });
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, amountMinor: splitMinor, lines, unrefundedAfterMinor: unrefundedMinor - splitMinor, split: 'explicit' };
  }

  const amountMinor = request.amountMinor ?? unrefundedMinor;
  if (problems.length === 0 && amountMinor > unrefundedMinor) problems.push({ code: 'above_unrefunded', amountMinor, unrefundedMinor });
  if (problems.length > 0) return { ok: false, problems };
  const parts = splitProRata(amountMinor, allocations.map(left));
  const lines = allocations.map((a, i) => ({ contractId: a.contractId, amountMinor: parts[i]! })).filter((l) => l.amountMinor > 0);
  return { ok: true, amountMinor, lines, unrefundedAfterMinor: unrefundedMinor - amountMinor, split: request.amountMinor === undefined ? 'whole' : 'pro_rata' };
}

/** The request field a refund problem belongs to and what to tell the person, in both languages (amounts as decimals). */
export function refundProblemText(problem: RefundProblem, currency: string): { field: string; message: { en: string; 'zh-CN': string } } {
  const money = (minor: number) => `${formatAmount(minor, currency)} ${currency}`;
  const line = (index: number, key: 'contractId' | 'amountMinor') => `body.allocations.${index}.${key}`;
  switch (problem.code) {
    case 'nothing_left':
      return { field: 'body', message: { en: 'nothing of this receipt is left to refund', 'zh-CN': '该回款单已无可退金额' } };
    case 'not_positive':
      return {
        field: problem.index !== undefined ? line(problem.index, 'amountMinor') : problem.amountMinor === 0 ? 'body.allocations' : 'body.amountMinor',
        message: { en: 'a refund must be more than 0', 'zh-CN': '退款金额必须大于 0' },
      };
    case 'above_unrefunded':
      return {
        field: 'body.amountMinor',
        message: { en: `${money(problem.amountMinor)} is more than the ${money(problem.unrefundedMinor)} not yet refunded`, 'zh-CN': `${money(problem.amountMinor)} 超过尚未退款的 ${money(problem.unrefundedMinor)}` },
      };
    case 'duplicate':
      return { field: line(problem.index, 'contractId'), message: { en: `this contract is already on line ${problem.firstIndex + 1}`, 'zh-CN': `该合同已在第 ${problem.firstIndex + 1} 行` } };
    case 'not_on_receipt':
      return { field: line(problem.index, 'contractId'), message: { en: 'this receipt did not pay that contract', 'zh-CN': '该回款单未分配到此合同' } };
    case 'above_contract_unrefunded':
      return {
        field: line(problem.index, 'amountMinor'),
        message: {
          en: `${problem.contractTraceCode}: ${money(problem.amountMinor)} is more than the ${money(problem.unrefundedMinor)} this receipt still pays it`,
          'zh-CN': `${problem.contractTraceCode}：${money(problem.amountMinor)} 超过本回款单在该合同上尚未退款的 ${money(problem.unrefundedMinor)}`,
        },
      };
    case 'split_mismatch':
      return {
        field: 'body.allocations',
        message: { en: `the split adds up to ${money(problem.splitMinor)}, not the ${money(problem.amountMinor)} to refund`, 'zh-CN': `分摊合计 ${money(problem.splitMinor)}，与退款金额 ${money(problem.amountMinor)} 不符` },
      };
  }
}
