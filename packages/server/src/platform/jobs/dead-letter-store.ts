/** The dead-letter list: work that kept failing, parked with its last error until an admin retries it. */
import type { Executor } from '../db/database.js';
import type { DeadLetterTable } from '../db/schema.js';
import type { Insertable, Selectable } from 'kysely';
import { newId } from '../ids.js';

export type DeadLetterRow = Selectable<DeadLetterTable>;

export async function recordDeadLetter(tx: Executor, letter: Omit<Insertable<DeadLetterTable>, 'id' | 'status'>): Promise<void> {
  await tx.insertInto('dead_letters').values({ id: newId(), ...letter }).execute();
}

export interface DeadLetterView {
  id: string;
  source: 'reaction' | 'timer';
  handler: string;
  eventId: string | null;
  eventType: string | null;
  subject: string | null;
  dueAt: string | null;
  attempts: number;
  lastError: string;
  status: 'dead' | 'resolved';
  failedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export function toDeadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    source: row.source as DeadLetterView['source'],
    handler: row.handler,
    eventId: row.event_id,
    eventType: row.event_type,
    subject: row.subject,
    dueAt: row.due_at,
    attempts: row.attempts,
    lastError: row.last_error,
    status: row.status as DeadLetterView['status'],
    failedAt: row.failed_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}
