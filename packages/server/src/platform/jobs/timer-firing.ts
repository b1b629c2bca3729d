/**
 * Fires due timers, each in its own transaction: lock the earliest due timer (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so several processes take different timers and none fires twice), run its handler in a savepoint,
 * and delete it in the same commit. A crashed process's lock dies with its connection and the timer is taken
 * again. A failing timer is moved back by the retry policy, then dead-lettered.
 *
 * Only kinds this process has handlers for are taken, so during a rolling upgrade an older process leaves a
 * newer kind to the processes that know it.
 */
import type { Selectable } from 'kysely';
import type { Clock } from '../clock.js';
import type { DatabaseHandle, Dialect } from '../db/database.js';
import type { TimerTable } from '../db/schema.js';
import { recordDeadLetter } from './dead-letter-store.js';
import { jobContext } from './job-context.js';
import type { JobLog } from './job-log.js';
import { failureText, retryDelayMs } from './retry-policy.js';
import type { FiringTimer, TimerKind, Timers } from './timers.js';
import { attempt, inJobTransaction, type Attempt, type JobTransaction } from './transactions.js';

export interface FiringReport {
  fired: number;
  failed: number;
  deadLettered: number;
}

export async function fireDueTimers(database: DatabaseHandle, clock: Clock, timers: Timers, options: { batch?: number; log?: JobLog } = {}): Promise<FiringReport> {
  const report: FiringReport = { fired: 0, failed: 0, deadLettered: 0 };
  const kinds = timers.kinds();
  if (kinds.length === 0) return report;
  // An idle pass stays out of transactions (three round trips on PostgreSQL): one read says whether any is due.
  const anyDue = await database.db.selectFrom('timers').select('key').where('due_at', '<=', clock.now().toISOString()).where('kind', 'in', kinds).limit(1).executeTakeFirst();
  if (!anyDue) return report;
  for (let i = 0; i < (options.batch ?? 100); i += 1) {
    const outcome = await inJobTransaction(database.db, async (trx): Promise<keyof FiringReport | 'none'> => {
      const now = clock.now();
      const row = await trx
        .selectFrom('timers')
        .selectAll()
        .where('due_at', '<=', now.toISOString())
        .where('kind', 'in', kinds)
        .orderBy('due_at')
        .orderBy('org_id')
        .orderBy('key')
        .limit(1)
        .$if(database.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
        .executeTakeFirst();
      if (!row) return 'none';
      const registered = timers.get(row.kind)!;
      const timer = toFiringTimer(row);
      const result = await runTimer(trx, database.dialect, clock, registered, timer);
      // Only this arming of the key: a handler may have re-armed it for its next occurrence.
      const thisArming = trx.deleteFrom('timers').where('org_id', '=', row.org_id).where('key', '=', row.key).where('revision', '=', row.revision);
      if (result.ok) {
        await thisArming.execute();
        return 'fired';
      }
      const failures = row.attempts + 1;
      const lastError = failureText(result.error);
      options.log?.warn({ err: result.error, timerKind: row.kind, timerKey: row.key, orgId: row.org_id, attempt: failures }, 'timer failed');
      if (failures >= registered.retry.maxAttempts) {
        await thisArming.execute();
        await recordDeadLetter(trx, {
          org_id: row.org_id, source: 'timer', handler: row.kind, event_id: null, event_type: null, subject: row.key,
          payload: row.payload, due_at: row.scheduled_for, attempts: failures, last_error: lastError, failed_at: now.toISOString(),
          resolved_at: null, resolved_by: null,
        });
        return 'deadLettered';
      }
      await trx
        .updateTable('timers')
        .set({
          attempts: failures, last_error: lastError, updated_at: now.toISOString(),
          due_at: new Date(now.getTime() + retryDelayMs(registered.retry, failures)).toISOString(),
        })
        .where('org_id', '=', row.org_id)
        .where('key', '=', row.key)
        .where('revision', '=', row.revision)
        .execute();
      return 'failed';
    });
    if (outcome === 'none') break;
    report[outcome] += 1;
  }
  return report;
}

/** Runs one timer's handler inside `trx` (in a savepoint); used here and by dead-letter retries. */
export function runTimer(trx: JobTransaction, dialect: Dialect, clock: Clock, registered: TimerKind, timer: FiringTimer): Promise<Attempt> {
  return attempt(trx, (tx) => registered.handler(timer, jobContext(tx, dialect, clock, `timer:${registered.kind}`, timer.orgId)));
}

function toFiringTimer(row: Selectable<TimerTable>): FiringTimer {
  return { orgId: row.org_id, key: row.key, kind: row.kind, dueAt: row.scheduled_for, payload: JSON.parse(row.payload) as Record<string, unknown>, attempts: row.attempts };
}
