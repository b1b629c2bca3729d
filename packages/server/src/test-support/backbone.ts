/**
 * The event backbone on a fresh database, without the HTTP app: a ManualClock, organisations in chosen time
 * zones, and `write()` to commit events the way a business write does.
 */
import { ManualClock } from '../platform/clock.js';
import type { DatabaseHandle, Dialect } from '../platform/db/database.js';
import { appendEvents } from '../platform/events/outbox.js';
import { createJobs, type Jobs } from '../platform/jobs/index.js';
import { freshDatabase } from './databases.js';

export interface TestEvent {
  type: string;
  subject?: string;
  payload?: Record<string, unknown>;
  orgId?: string;
}

export interface Backbone {
  database: DatabaseHandle;
  clock: ManualClock;
  jobs: Jobs;
  orgId: string;
  /** Commits the events in one transaction, in the given order. */
  write(...events: TestEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function createBackbone(dialect: Dialect, orgs: Array<{ id: string; timeZone: string }> = [{ id: 'org_test', timeZone: 'Asia/Shanghai' }]): Promise<Backbone> {
  const database = await freshDatabase(dialect);
  const clock = new ManualClock('2026-11-02T01:00:00.000Z');
  const now = clock.now().toISOString();
  await database.db.insertInto('orgs').values(orgs.map((o) => ({ id: o.id, name: o.id, time_zone: o.timeZone, created_at: now }))).execute();
  const orgId = orgs[0]!.id;
  return {
    database,
    clock,
    jobs: createJobs(database, clock),
    orgId,
    write: (...events) =>
      database.db.transaction().execute((tx) =>
        appendEvents(tx, clock, events.map((e) => ({ orgId: e.orgId ?? orgId, type: e.type, subject: e.subject ?? 'subject', payload: e.payload ?? {} }))),
      ),
    close: () => database.close(),
  };
}
