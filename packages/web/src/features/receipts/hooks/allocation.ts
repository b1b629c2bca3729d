/**
 * The register form's arithmetic (B3): what each of the customer's contracts still owes, what the typed allocations
 * leave of the receipt, and a one-click fill that pays the oldest-due contracts first. Integer minor units throughout.
 */

export interface OpenContract {
  id: string;
  totalMinor: number;
  paidMinor: number;
  dueOn: string | null;
  signedOn: string | null;
}

export function outstanding(contract: Pick<OpenContract, 'totalMinor' | 'paidMinor'>): number {
  return Math.max(0, contract.totalMinor - contract.paidMinor);
}

/** The receipt's amount less what the allocations give out; negative when they give out more than it holds. */
export function unallocated(amountMinor: number | null, allocations: Record<string, number | null | undefined>): number {
  const given = Object.values(allocations).reduce<number>((sum, value) => sum + (value ?? 0), 0);
  return (amountMinor ?? 0) - given;
}

/** Allocations that pay the contracts due first (then signed first) until the amount runs out. */
export function fillOldestFirst(amountMinor: number, contracts: readonly OpenContract[]): Record<string, number> {
  const order = [...contracts].sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || (a.signedOn ?? '9999').localeCompare(b.signedOn ?? '9999'));
  const out: Record<string, number> = {};
  let left = amountMinor;
  for (const contract of order) {
    if (left <= 0) break;
    const take = Math.min(left, outstanding(contract));
    if (take > 0) {
      out[contract.id] = take;
      left -= take;
    }
  }
  return out;
}

/** The request's allocation list: only the contracts given a positive amount. */
export function allocationList(allocations: Record<string, number | null | undefined>): Array<{ contractId: string; amountMinor: number }> {
  return Object.entries(allocations)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .map(([contractId, amountMinor]) => ({ contractId, amountMinor }));
}
