/**
 * A contract's life in reading order: by time, and at the same instant the contract before what follows from it.
 * The server's timeline holds both the state machine's transitions and the audit log's entries; an audit entry that
 * only repeats a transition (the same document, action and moment) is left out, and an audit entry's note — the raw
 * record of what changed — is not shown as if it were a reason.
 */
import type { ContractLife } from '@closeloop/core';

export type LifeEvent = ContractLife['timeline'][number];

const typeRank: Record<string, number> = { contract: 0, purchase_order: 1, receipt: 2, shipment: 3 };
const kindRank: Record<string, number> = { transition: 0, approval: 1, audit: 2 };
const sameMomentMs = 2_000;

export function lifeOrder(events: readonly LifeEvent[]): LifeEvent[] {
  const told = events.filter((event) => event.kind !== 'audit');
  const repeats = (event: LifeEvent) =>
    event.kind === 'audit' && told.some((other) => other.docId === event.docId && other.action === event.action && Math.abs(Date.parse(other.at) - Date.parse(event.at)) <= sameMomentMs);
  return events
    .filter((event) => !repeats(event))
    .map((event) => (event.kind === 'audit' && /^\s*[[{]/.test(event.note ?? '') ? { ...event, note: null } : event))
    .sort((a, b) => a.at.localeCompare(b.at) || (typeRank[a.docType] ?? 9) - (typeRank[b.docType] ?? 9) || (kindRank[a.kind] ?? 9) - (kindRank[b.kind] ?? 9));
}

/** How much of the contract is still to be paid, never below zero (a refund shows as more outstanding). */
export function outstandingMinor(totalMinor: number, paidMinor: number): number {
  return Math.max(0, totalMinor - paidMinor);
}

/**
 * The catalogue keys an entry is told with. An approval entry's action is "<decision>:<role>" and its statuses are the
 * step's (pending → approved), not the document's; everything else names a document action and document statuses.
 */
export function lifeKeys(event: LifeEvent): { action: string; role: string | null; from: string | null; to: string | null } {
  if (event.kind === 'approval') {
    const [decision = event.action, role = null] = event.action.split(':');
    const status = (s: string | null) => (s ? `documents.approvalStatus.${s}` : null);
    return { action: `documents.action.${decision}`, role: role ? `documents.role.${role}` : null, from: status(event.fromStatus), to: status(event.toStatus) };
  }
  const status = (s: string | null) => (s ? `documents.status.${event.docType}.${s}` : null);
  return { action: `documents.action.${event.action}`, role: null, from: status(event.fromStatus), to: status(event.toStatus) };
}
