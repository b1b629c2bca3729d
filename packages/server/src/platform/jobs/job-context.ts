/**
 * What a reaction or timer handler gets: the transaction its work commits in (with the checkpoint or the timer's
 * removal), and the same write helpers a request has, acting as the system.
 */
import type { Clock } from '../clock.js';
import type { Dialect, Executor } from '../db/database.js';
import { appendAudit, type AuditEntry } from '../audit/chain.js';
import { appendEvent, type DomainEvent } from '../events/outbox.js';

export interface JobContext {
  /** Write through this: the work, its effects and its bookkeeping commit together. */
  tx: Executor;
  orgId: string;
  now: string;
  /**
   * Runs `effect` only if `effectKey` has never been recorded for this handler, and records it in the same
   * transaction: a replay, a retry or a second process never applies the effect twice. Returns whether it ran.
   */
  once(effectKey: string, effect: () => Promise<void>): Promise<boolean>;
  emit(event: Omit<DomainEvent, 'orgId'>): Promise<void>;
  audit(entry: Omit<AuditEntry, 'orgId' | 'actorId' | 'actorKind'>): Promise<void>;
}

/** `scope` names the handler (`reaction:leads.silence-rearm`, `timer:leads.silence-check`) for its effect keys. */
export function jobContext(tx: Executor, dialect: Dialect, clock: Clock, scope: string, orgId: string): JobContext {
  const now = clock.now().toISOString();
  return {
    tx,
    orgId,
    now,
    async once(effectKey, effect) {
      // Inserted first: on PostgreSQL a concurrent holder of the same key makes this wait, then do nothing.
      const recorded = await tx
        .insertInto('reaction_effects')
        .values({ scope, effect_key: effectKey, org_id: orgId, created_at: now })
        .onConflict((oc) => oc.columns(['scope', 'effect_key']).doNothing())
        .executeTakeFirst();
      if (Number(recorded.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      await effect();
      return true;
    },
    emit: (event) => appendEvent(tx, clock, { ...event, orgId }),
    audit: (entry) => appendAudit(tx, dialect, clock, { ...entry, orgId, actorId: null, actorKind: 'system' }),
  };
}
