/**
 * Recurring work in each company's own time zone (orgs.time_zone), written as cron patterns:
 *
 *   schedules.every('reports.weekly', '0 16 * * 5', async (run, ctx) => { ... });   // every Friday 16:00
 *   schedules.every('reports.flash', '30 8 * * *', ...);                              // every day 08:30
 *   schedules.every('commissions.statement', '0 9 5 * *', ...);                      // the 5th of each month, 09:00
 *
 * A schedule is a timer per organisation under the key `schedule:<kind>`; firing it runs the handler and arms the
 * next occurrence in the same transaction, so it inherits the timers' guarantees (durable, once per occurrence,
 * one process at a time). Occurrences are computed by croner in the company's zone: across a DST change a
 * local time that does not exist runs an hour later that day, one that exists twice runs once. After downtime
 * the missed occurrence runs once, late, then the schedule continues from the present (no burst of catch-up).
 */
import { Cron } from 'croner';
import type { Clock } from '../clock.js';
import type { Dialect, Executor } from '../db/database.js';
import { newId } from '../ids.js';
import type { JobContext } from './job-context.js';
import type { JobLog } from './job-log.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Timers } from './timers.js';

export interface ScheduledRun {
  orgId: string;
  timeZone: string;
  /** The occurrence this run is for (UTC), e.g. Friday 16:00 Shanghai time = 08:00Z. */
  scheduledFor: string;
}

export type ScheduleHandler = (run: ScheduledRun, ctx: JobContext) => Promise<void>;

/** The first occurrence of `pattern` strictly after `after`, in `timeZone`. */
export function nextOccurrence(pattern: string, timeZone: string, after: Date): Date {
  const next = new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(after);
  if (!next) throw new Error(`Schedule "${pattern}" has no occurrence after ${after.toISOString()}`);
  return next;
}

export const scheduleKey = (kind: string): string => `schedule:${kind}`;

// New organisations and newly defined schedules are picked up this often (and on a runner's first pass).
const ensureEveryMs = 60_000;

export class Schedules {
  private readonly patterns = new Map<string, string>();
  private lastEnsured: number | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly clock: Clock,
  ) {}

  every(kind: string, pattern: string, handler: ScheduleHandler, retry: Partial<RetryPolicy> = {}): this {
    nextOccurrence(pattern, 'UTC', this.clock.now()); // a pattern croner cannot read is a bug: fail at start-up
    this.timers.on(kind, async (timer, ctx) => {
      const timeZone = await orgTimeZone(ctx.tx, timer.orgId);
      await handler({ orgId: timer.orgId, timeZone, scheduledFor: timer.dueAt }, ctx);
      const from = new Date(Math.max(new Date(timer.dueAt).getTime(), this.clock.now().getTime()));
      await this.timers.arm(ctx.tx, { orgId: timer.orgId, key: scheduleKey(kind), kind, dueAt: nextOccurrence(pattern, timeZone, from) });
    }, retry);
    this.patterns.set(kind, pattern);
    this.lastEnsured = undefined;
    return this;
  }

  /** Arms the next occurrence for every organisation that has none yet; returns how many it armed. */
  async ensureArmed(db: Executor, log?: JobLog): Promise<number> {
    const now = this.clock.now();
    if (this.patterns.size === 0 || (this.lastEnsured !== undefined && now.getTime() - this.lastEnsured < ensureEveryMs)) return 0;
    let armed = 0;
    for (const [kind, pattern] of this.patterns) {
      const key = scheduleKey(kind);
      const orgs = await db
        .selectFrom('orgs')
        .select(['id', 'time_zone'])
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('timers').select('timers.key').whereRef('timers.org_id', '=', 'orgs.id').where('timers.key', '=', key))),
        )
        .execute();
      for (const org of orgs) {
        try {
          const dueAt = nextOccurrence(pattern, org.time_zone, now).toISOString();
          const at = now.toISOString();
          // Never replaces: a timer armed meanwhile (by a firing, or another process) wins.
          const result = await db
            .insertInto('timers')
            .values({ org_id: org.id, key, kind, due_at: dueAt, scheduled_for: dueAt, payload: '{}', revision: newId(), created_at: at, updated_at: at })
            .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
            .executeTakeFirst();
          armed += Number(result.numInsertedOrUpdatedRows ?? 0n);
        } catch (error) {
          log?.warn({ err: error, orgId: org.id, timeZone: org.time_zone, schedule: kind }, 'schedule could not be armed');
        }
      }
    }
    this.lastEnsured = now.getTime();
    return armed;
  }

  /**
   * Moves the organisation's next occurrences to its new time zone, in the transaction that changes
   * orgs.time_zone: Friday 16:00 Shanghai time becomes Friday 16:00 Berlin time, no restart needed. An occurrence
   * already due (or being retried) is left to run; its firing arms the next one in the new zone. A firing in
   * progress is waited for, so the occurrence it arms is moved too. Schedules only a newer server version knows
   * (a rolling upgrade) follow the new zone from their next firing. Returns how many it moved.
   */
  async rezone(tx: Executor, dialect: Dialect, orgId: string, timeZone: string): Promise<number> {
    const now = this.clock.now();
    let moved = 0;
    for (const [kind, pattern] of this.patterns) {
      const key = scheduleKey(kind);
      const armed = await tx
        .selectFrom('timers')
        .select('scheduled_for')
        .where('org_id', '=', orgId)
        .where('key', '=', key)
        .$if(dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (armed && armed.scheduled_for <= now.toISOString()) continue;
      await this.timers.arm(tx, { orgId, key, kind, dueAt: nextOccurrence(pattern, timeZone, now) });
      moved += 1;
    }
    return moved;
  }
}

async function orgTimeZone(tx: Executor, orgId: string): Promise<string> {
  const org = await tx.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.time_zone;
}
