/**
 * Matching a payment receipt to contracts (B3). A receipt of one customer may pay several of that customer's
 * contracts; each allocation says how much of the receipt goes to which contract. The rule is pure: the caller
 * reads the contracts (locked, when confirming) and asks whether the allocations may stand.
 *
 * - every allocation is positive and names a contract once (a contract named twice is refused, not summed, so a
 *   typo in a form is not silently doubled);
 * - the contract belongs to the receipt's customer, is in the receipt's currency, and is signed or partially paid;
 * - no allocation is above what is still outstanding on its contract (total − paid);
 * - the allocations add up to at most the receipt's amount while it is registered, and exactly to it to confirm.
 *
 * Amounts are integer minor units (fen); no float ever touches them.
 */
import { formatAmount } from '../platform/money.js';
import type { ContractStatus } from './states.js';

export interface AllocationLine {
  contractId: string;
  amountMinor: number;
}

/** What the rule needs to know about a contract named in an allocation. */
export interface AllocatableContract {
  id: string;
  customerId: string;
  currency: string;
  status: ContractStatus;
  totalMinor: number;
  /** What confirmed receipts pay of it now (net of refunds and voids). */
  paidMinor: number;
}

/** A contract may take money while it is signed and not yet paid in full. */
export const payableContractStatuses: readonly ContractStatus[] = ['signed', 'partially_paid'];

export type AllocationProblem =
  | { code: 'not_positive'; index: number; amountMinor: number }
  | { code: 'duplicate'; index: number; firstIndex: number }
  | { code: 'unknown_contract'; index: number }
  | { code: 'other_customer'; index: number }
  | { code: 'other_currency'; index: number; currency: string; receiptCurrency: string }
  | { code: 'not_payable'; index: number; status: ContractStatus }
  | { code: 'above_outstanding'; index: number; amountMinor: number; outstandingMinor: number; totalMinor: number; paidMinor: number }
  | { code: 'above_amount'; allocatedMinor: number; amountMinor: number }
  | { code: 'not_fully_allocated'; allocatedMinor: number; amountMinor: number };

export interface AllocationCheck {
  receipt: { customerId: string; currency: string; amountMinor: number };
  allocations: readonly AllocationLine[];
  /** The contracts the caller could find (and may see); a contract missing here is unknown. */
  contracts: ReadonlyMap<string, AllocatableContract>;
  /** registered: allocations may fall short of the amount; confirm: they must equal it. */
  stage: 'register' | 'confirm';
}

export type AllocationResult = { ok: true; allocatedMinor: number; unallocatedMinor: number } | { ok: false; problems: AllocationProblem[] };

/** Whether `allocations` may stand on the receipt, with every reason they may not. */
export function checkAllocations({ receipt, allocations, contracts, stage }: AllocationCheck): AllocationResult {
  const problems: AllocationProblem[] = [];
  const firstIndexOf = new Map<string, number>();
  let allocatedMinor = 0;
  allocations.forEach((line, index) => {
    const first = firstIndexOf.get(line.contractId);
    if (first !== undefined) {
      problems.push({ code: 'duplicate', index, firstIndex: first });
      return;
    }
    firstIndexOf.set(line.contractId, index);
    if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor <= 0) {
      problems.push({ code: 'not_positive', index, amountMinor: line.amountMinor });
      return;
    }
    allocatedMinor += line.amountMinor;
    const contract = contracts.get(line.contractId);
    if (!contract) return void problems.push({ code: 'unknown_contract', index });
    if (contract.customerId !== receipt.customerId) return void problems.push({ code: 'other_customer', index });
    if (contract.currency !== receipt.currency) return void problems.push({ code: 'other_currency', index, currency: contract.currency, receiptCurrency: receipt.currency });
    if (!payableContractStatuses.includes(contract.status)) return void problems.push({ code: 'not_payable', index, status: contract.status });
    const outstandingMinor = Math.max(0, contract.totalMinor - contract.paidMinor);
    if (line.amountMinor > outstandingMinor) {
      problems.push({ code: 'above_outstanding', index, amountMinor: line.amountMinor, outstandingMinor, totalMinor: contract.totalMinor, paidMinor: contract.paidMinor });
    }
  });
  if (allocatedMinor > receipt.amountMinor) problems.push({ code: 'above_amount', allocatedMinor, amountMinor: receipt.amountMinor });
  else if (stage === 'confirm' && allocatedMinor !== receipt.amountMinor) problems.push({ code: 'not_fully_allocated', allocatedMinor, amountMinor: receipt.amountMinor });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, allocatedMinor, unallocatedMinor: receipt.amountMinor - allocatedMinor };
}

/** The sum of allocations, in minor units. */
export function allocatedTotal(allocations: readonly AllocationLine[]): number {
  return allocations.reduce((sum, line) => sum + line.amountMinor, 0);
}

/** The request field a problem belongs to and what to tell the person, in both languages (amounts as decimals). */
export function allocationProblemText(problem: AllocationProblem, currency: string): { field: string; message: { en: string; 'zh-CN': string } } {
  const money = (minor: number) => `${formatAmount(minor, currency)} ${currency}`;
  const line = (index: number, key: 'contractId' | 'amountMinor') => `body.allocations.${index}.${key}`;
  switch (problem.code) {
    case 'not_positive':
      return { field: line(problem.index, 'amountMinor'), message: { en: 'an allocation must be more than 0', 'zh-CN': '分配金额必须大于 0' } };
    case 'duplicate':
      return {
        field: line(problem.index, 'contractId'),
        message: { en: `this contract is already allocated on line ${problem.firstIndex + 1}`, 'zh-CN': `该合同已在第 ${problem.firstIndex + 1} 行分配` },
      };
    case 'unknown_contract':
      return { field: line(problem.index, 'contractId'), message: { en: 'no such contract', 'zh-CN': '没有该合同' } };
    case 'other_customer':
      return { field: line(problem.index, 'contractId'), message: { en: 'this contract belongs to another customer', 'zh-CN': '该合同属于其他客户' } };
    case 'other_currency':
      return {
        field: line(problem.index, 'contractId'),
        message: { en: `this contract is in ${problem.currency}, the receipt in ${problem.receiptCurrency}`, 'zh-CN': `该合同币种为 ${problem.currency}，回款币种为 ${problem.receiptCurrency}` },
      };
    case 'not_payable':
      return {
        field: line(problem.index, 'contractId'),
        message: { en: `a contract in status "${problem.status}" cannot take payments (only signed or partially paid ones)`, 'zh-CN': `状态为“${problem.status}”的合同不能回款（仅限已签约或部分回款的合同）` },
      };
    case 'above_outstanding':
      return {
        field: line(problem.index, 'amountMinor'),
        message: {
          en: `${money(problem.amountMinor)} is more than the ${money(problem.outstandingMinor)} outstanding (total ${money(problem.totalMinor)}, paid ${money(problem.paidMinor)})`,
          'zh-CN': `${money(problem.amountMinor)} 超过未回款金额 ${money(problem.outstandingMinor)}（合同总额 ${money(problem.totalMinor)}，已回款 ${money(problem.paidMinor)}）`,
        },
      };
    case 'above_amount':
      return {
        field: 'body.allocations',
        message: { en: `the allocations add up to ${money(problem.allocatedMinor)}, more than the receipt's ${money(problem.amountMinor)}`, 'zh-CN': `分配合计 ${money(problem.allocatedMinor)}，超过回款金额 ${money(problem.amountMinor)}` },
      };
    case 'not_fully_allocated':
      return {
        field: 'body.allocations',
        message: {
          en: `allocate the whole receipt before confirming it: ${money(problem.allocatedMinor)} of ${money(problem.amountMinor)} is allocated`,
          'zh-CN': `确认前须分配全部回款：已分配 ${money(problem.allocatedMinor)} / ${money(problem.amountMinor)}`,
        },
      };
  }
}
