/** A contract's life in reading order: by time, and at the same instant the contract before what follows from it. */
import type { ContractLife } from '@closeloop/core';

type LifeEvent = ContractLife['timeline'][number];

const typeRank: Record<string, number> = { contract: 0, purchase_order: 1, receipt: 2, shipment: 3 };

export function lifeOrder(events: readonly LifeEvent[]): LifeEvent[] {
  return [...events].sort((a, b) => a.at.localeCompare(b.at) || (typeRank[a.docType] ?? 9) - (typeRank[b.docType] ?? 9));
}

/** How much of the contract is still to be paid, never below zero (a refund shows as more outstanding). */
export function outstandingMinor(totalMinor: number, paidMinor: number): number {
  return Math.max(0, totalMinor - paidMinor);
}
