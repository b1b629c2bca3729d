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
 *
 * A company may choose the time itself (the flash report's settings.flashTime): give a function that reads the
 * organisation's pattern instead of a fixed one; it is read again at each arming, and `rearm` moves the next
 * occurrence at once when the setting changes.
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

/** An organisation's own pattern, read from its settings whenever the schedule is armed. */
export type PatternOf = (db: Executor, orgId: string) => Promise<string>;

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
  private readonly patterns = new Map<string, string | PatternOf>();
  private lastEnsured: number | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly clock: Clock,
  ) {}

  every(kind: string, pattern: string | PatternOf, handler: ScheduleHandler, retry: Partial<RetryPolicy> = {}): this {
    // A pattern croner cannot read is a bug: fail at start-up.
    if (typeof pattern === 'string') nextOccurrence(pattern, 'UTC', this.clock.now());
    this.timers.on(kind, async (timer, ctx) => {
      const timeZone = await orgTimeZone(ctx.tx, timer.orgId);
      await handler({ orgId: timer.orgId, timeZone, scheduledFor: timer.dueAt }, ctx);
      const from = new Date(Math.max(new Date(timer.dueAt).getTime(), this.clock.now().getTime()));
      const next = nextOccurrence(await patternFor(pattern, ctx.tx, timer.orgId), timeZone, from);
      await this.timers.arm(ctx.tx, { orgId: timer.orgId, key: scheduleKey(kind), kind, dueAt: next });
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
          const dueAt = nextOccurrence(await patternFor(pattern, db, org.id), org.time_zone, now).toISOString();
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
    let moved = 0;
    for (const kind of this.patterns.keys()) if (await this.move(tx, dialect, orgId, kind, timeZone)) moved += 1;
    return moved;
  }

  /**
   * Moves one schedule's next occurrence for the organisation to what its pattern says now, in the transaction that
   * changed the setting behind it (a company's own time, see PatternOf). Like `rezone`, an occurrence already due is
   * left to run. Returns whether it moved.
   */
  async rearm(tx: Executor, dialect: Dialect, orgId: string, kind: string): Promise<boolean> {
    if (!this.patterns.has(kind)) throw new Error(`No schedule "${kind}"`);
    return this.move(tx, dialect, orgId, kind, await orgTimeZone(tx, orgId));
  }

  private async move(tx: Executor, dialect: Dialect, orgId: string, kind: string, timeZone: string): Promise<boolean> {
    const now = this.clock.now();
    const key = scheduleKey(kind);
    const armed = await tx
      .selectFrom('timers')
      .select('scheduled_for')
      .where('org_id', '=', orgId)
      .where('key', '=', key)
      .$if(dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (armed && armed.scheduled_for <= now.toISOString()) return false;
    await this.timers.arm(tx, { orgId, key, kind, dueAt: nextOccurrence(await patternFor(this.patterns.get(kind)!, tx, orgId), timeZone, now) });
    return true;
  }
}

function patternFor(pattern: string | PatternOf, db: Executor, orgId: string): Promise<string> {
  return typeof pattern === 'string' ? Promise.resolve(pattern) : pattern(db, orgId);
}

async function orgTimeZone(tx: Executor, orgId: string): Promise<string> {
  const org = await tx.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow();
  return org.time_zone;
}
