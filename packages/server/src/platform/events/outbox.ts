/** Domain events, appended to the outbox in the same transaction as the write that caused them. */
import type { Executor } from '../db/database.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';

export interface DomainEvent {
  orgId: string;
  type: string; // `lead.created`, `customer.merged`, ...
  subject: string; // the id of the record it is about
  payload: Record<string, unknown>;
}

export async function appendEvent(tx: Executor, clock: Clock, event: DomainEvent): Promise<void> {
  await appendEvents(tx, clock, [event]);
}

/** Appends many events in few statements (imports); each keeps its own id, in the given order. */
export async function appendEvents(tx: Executor, clock: Clock, events: readonly DomainEvent[]): Promise<void> {
  const at = clock.now().toISOString();
  const rows = events.map((event) => ({
    id: newId(),
    org_id: event.orgId,
    type: event.type,
    subject: event.subject,
    payload: JSON.stringify(event.payload),
    created_at: at,
  }));
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('events').values(rows.slice(i, i + 1000)).execute();
}
