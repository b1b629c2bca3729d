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

/** What a reaction's batch handler gets: the transaction, and `once` for many effects of many organisations at a time. */
export interface BatchContext {
  tx: Executor;
  now: string;
  /** Records the effect keys never recorded for this handler before, in one statement; returns those it recorded. */
  claim(effects: ReadonlyArray<{ effectKey: string; orgId: string }>): Promise<Set<string>>;
}

export function batchContext(tx: Executor, clock: Clock, scope: string): BatchContext {
  const now = clock.now().toISOString();
  return {
    tx,
    now,
    async claim(effects) {
      if (effects.length === 0) return new Set();
      const recorded = await tx
        .insertInto('reaction_effects')
        .values(effects.map((e) => ({ scope, effect_key: e.effectKey, org_id: e.orgId, created_at: now })))
        .onConflict((oc) => oc.columns(['scope', 'effect_key']).doNothing())
        .returning('effect_key')
        .execute();
      return new Set(recorded.map((r) => r.effect_key));
    },
  };
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
