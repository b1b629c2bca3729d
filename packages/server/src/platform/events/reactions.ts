/**
 * The registry of reactions: a feature says "on `activity.logged` do X" and the dispatcher does the rest
 * (order, checkpoint, retries, dead letters).
 *
 *   reactions.on('activity.logged', 'leads.silence-rearm', async (event, ctx) => {
 *     await timers.arm(ctx.tx, { orgId: ctx.orgId, key: `silence:${event.payload.leadId}`, ... });
 *   });
 *
 * The name is the reaction's identity: its checkpoint and its effect keys hang on it, so renaming a reaction
 * makes it start again from the first event.
 */
import type { BatchContext, JobContext } from '../jobs/job-context.js';
import { defaultRetryPolicy, type RetryPolicy } from '../jobs/retry-policy.js';

export interface DeliveredEvent {
  id: string;
  /** Place in the total order of events; a reaction sees its events in this order. */
  position: number;
  orgId: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type ReactionHandler = (event: DeliveredEvent, ctx: JobContext) => Promise<void>;

/** Several events at once, in order, with the same effect as `handler` on each (see ReactionOptions.batch). */
export type ReactionBatchHandler = (events: DeliveredEvent[], ctx: BatchContext) => Promise<void>;

export interface Reaction {
  name: string;
  types: readonly string[];
  handler: ReactionHandler;
  retry: RetryPolicy;
  /** Delivered first in a pass, committing on its own: a live hint someone is waiting for (see the dispatcher). */
  urgent: boolean;
  batch?: ReactionBatchHandler;
}

export interface ReactionOptions extends Partial<RetryPolicy> {
  /** Keep it cheap: everything else in the pass waits for it. */
  urgent?: boolean;
  /**
   * Handles a backlog's events several at a time in one savepoint (a few statements for all of them instead of a
   * few each). If it fails, the same events go through `handler` one by one, so a failing event is retried or
   * dead-lettered on its own. It must write only through `ctx.tx`: what it wrote is undone before that.
   */
  batch?: ReactionBatchHandler;
}

const namePattern = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class ReactionRegistry {
  private readonly byName = new Map<string, Reaction>();

  /** Registers `handler` for one event type or several, under a unique, stable name. */
  on(types: string | readonly string[], name: string, handler: ReactionHandler, options: ReactionOptions = {}): this {
    if (!namePattern.test(name)) throw new Error(`Reaction name "${name}": use lower-case letters, digits, ".", "-" and "_"`);
    if (this.byName.has(name)) throw new Error(`Reaction "${name}" is registered twice`);
    const list = typeof types === 'string' ? [types] : [...types];
    if (list.length === 0) throw new Error(`Reaction "${name}" reacts to no event type`);
    const { urgent = false, batch, ...retry } = options;
    this.byName.set(name, { name, types: list, handler, retry: { ...defaultRetryPolicy, ...retry }, urgent, ...(batch ? { batch } : {}) });
    return this;
  }

  get(name: string): Reaction | undefined {
    return this.byName.get(name);
  }

  all(): Reaction[] {
    return [...this.byName.values()];
  }
}
