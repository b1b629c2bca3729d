/**
 * Durable timers: "at due time T, for key K, do Z". A timer is a row, so it survives restarts, and its key is
 * unique per organisation, so arming the same key again moves the one timer instead of adding a second.
 *
 *   timers.on('leads.silence-check', async (timer, ctx) => { ... });                  // once, at start-up
 *   await timers.arm(write.tx, { orgId, key: `silence:${leadId}`, kind: 'leads.silence-check',
 *                                dueAt: addHours(lastActivity, 72), payload: { leadId } }); // in a business write
 *   await timers.cancel(write.tx, { orgId, key: `silence:${leadId}` });
 *
 * Arm and cancel take the caller's transaction: the timer changes exactly when the business change commits.
 */
import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { newId } from '../ids.js';
import type { JobContext } from './job-context.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';

export interface TimerSpec {
  orgId: string;
  /** Unique within the organisation, e.g. `silence:<leadId>`; re-arming it replaces the timer. */
  key: string;
  kind: string;
  dueAt: Date | string;
  payload?: Record<string, unknown>;
}

export interface FiringTimer {
  orgId: string;
  key: string;
  kind: string;
  /** When it was armed for (it may run later: after downtime, or on a retry). */
  dueAt: string;
  payload: Record<string, unknown>;
  /** Failed tries before this one. */
  attempts: number;
}

export type TimerHandler = (timer: FiringTimer, ctx: JobContext) => Promise<void>;

export interface TimerKind {
  kind: string;
  handler: TimerHandler;
  retry: RetryPolicy;
}

const kindPattern = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class Timers {
  private readonly byKind = new Map<string, TimerKind>();

  constructor(private readonly clock: Clock) {}

  /** Registers what to do when a timer of `kind` falls due. */
  on(kind: string, handler: TimerHandler, retry: Partial<RetryPolicy> = {}): this {
    if (!kindPattern.test(kind)) throw new Error(`Timer kind "${kind}": use lower-case letters, digits, ".", "-" and "_"`);
    if (this.byKind.has(kind)) throw new Error(`Timer kind "${kind}" is registered twice`);
    this.byKind.set(kind, { kind, handler, retry: { ...defaultRetryPolicy, ...retry } });
    return this;
  }

  get(kind: string): TimerKind | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** Sets the timer for `key`, replacing any timer already armed under it (its failures are forgotten too). */
  async arm(tx: Executor, spec: TimerSpec): Promise<void> {
    if (!this.byKind.has(spec.kind)) throw new Error(`No handler for timer kind "${spec.kind}"`);
    if (spec.key.length === 0 || spec.key.length > 200) throw new Error(`Timer key must be 1–200 characters: "${spec.key}"`);
    const due = new Date(spec.dueAt);
    if (Number.isNaN(due.getTime())) throw new Error(`Timer "${spec.key}" has no valid due time`);
    const now = this.clock.now().toISOString();
    const armed = { kind: spec.kind, due_at: due.toISOString(), scheduled_for: due.toISOString(), payload: JSON.stringify(spec.payload ?? {}), revision: newId(), attempts: 0, last_error: null, updated_at: now };
    await tx
      .insertInto('timers')
      .values({ org_id: spec.orgId, key: spec.key, created_at: now, ...armed })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet(armed))
      .execute();
  }

  /** Removes the timer for `key`, if any; returns whether there was one. */
  async cancel(tx: Executor, target: { orgId: string; key: string }): Promise<boolean> {
    const result = await tx.deleteFrom('timers').where('org_id', '=', target.orgId).where('key', '=', target.key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
