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
  await tx
    .insertInto('events')
    .values({
      id: newId(),
      org_id: event.orgId,
      type: event.type,
      subject: event.subject,
      payload: JSON.stringify(event.payload),
      created_at: clock.now().toISOString(),
    })
    .execute();
}
