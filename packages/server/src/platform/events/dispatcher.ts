/**
 * Delivers sequenced events to the registered reactions, each from its own checkpoint, in position order.
 *
 * A reaction's next events (one, or up to 20 when it has a backlog) are one transaction: claim the reaction's
 * checkpoint row (FOR UPDATE SKIP LOCKED on PostgreSQL, so another process leaves this reaction alone meanwhile),
 * run the handler on each event in its own savepoint, then advance the checkpoint, or record the failure. The
 * handler's writes and the checkpoint commit together, so a crash at any point redelivers at most the events whose
 * transaction did not commit, and effects guarded by `ctx.once` never apply twice. (One commit per event was the
 * delivery's cost under load: on PostgreSQL each is a WAL flush and five round trips.) Two reactions deliver at a
 * time, so a notification does not wait behind, say, the webhook fan-out of the same events. A failing event holds its reaction's later events back (order is kept) until it
 * succeeds or, after the retry policy's attempts, goes to the dead-letter list and the reaction moves on.
 */
import type { Clock } from '../clock.js';
import type { DatabaseHandle, Dialect } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { EventTable } from '../db/schema.js';
import { jobContext } from '../jobs/job-context.js';
import { recordDeadLetter } from '../jobs/dead-letter-store.js';
import { failureText, retryDelayMs } from '../jobs/retry-policy.js';
import { attempt, inJobTransaction, type Attempt, type JobTransaction } from '../jobs/transactions.js';
import type { JobLog } from '../jobs/job-log.js';
import { sequencedHead } from './sequencer.js';
import type { DeliveredEvent, Reaction, ReactionRegistry } from './reactions.js';

export interface DeliveryReport {
  delivered: number;
  failed: number;
  deadLettered: number;
}

interface Run extends DeliveryReport {
  /** Where the checkpoint now is. */
  position: number;
}

// Up to this many events of one reaction commit together: one commit instead of one per event, when there is a backlog.
const eventsPerTransaction = 20;
const maxTransactionMs = 25;

export class Dispatcher {
  private readonly checkpointed = new Set<string>();

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly reactions: ReactionRegistry,
    private readonly batch = 100,
  ) {}

  /** Delivers up to `batch` events to each reaction whose next event is due. */
  async deliverDue(log?: JobLog): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, failed: 0, deadLettered: 0 };
    const reactions = this.reactions.all();
    if (reactions.length === 0) return report;
    await this.ensureCheckpoints(reactions);
    const head = await sequencedHead(this.database.db);
    const checkpoints = new Map(
      (await this.database.db.selectFrom('reaction_checkpoints').select(['reaction', 'position', 'retry_at']).where('reaction', 'in', reactions.map((r) => r.name)).execute())
        .map((row) => [row.reaction, row]),
    );
    // Each reaction has its own checkpoint, so two deliver at a time: one slow reaction does not hold up the rest.
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < reactions.length) {
        const reaction = reactions[next++]!;
        const checkpoint = checkpoints.get(reaction.name);
        // Removed by hand (to replay from the start): made again on the next pass.
        if (!checkpoint) this.checkpointed.delete(reaction.name);
        else await this.deliverTo(reaction, checkpoint, head, report, log);
      }
    };
    // Both lanes finish before the pass does, even when one fails: nothing runs on after the runner stops.
    const failed = (await Promise.allSettled([lane(), lane()])).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return report;
  }

  /** A new reaction starts at position 0: it sees every event there is. */
  private async ensureCheckpoints(reactions: Reaction[]): Promise<void> {
    const fresh = reactions.filter((r) => !this.checkpointed.has(r.name));
    if (fresh.length === 0) return;
    const now = this.clock.now().toISOString();
    await this.database.db
      .insertInto('reaction_checkpoints')
      .values(fresh.map((r) => ({ reaction: r.name, updated_at: now })))
      .onConflict((oc) => oc.column('reaction').doNothing())
      .execute();
    for (const r of fresh) this.checkpointed.add(r.name);
  }

  private async deliverTo(reaction: Reaction, checkpoint: { position: number; retry_at: string | null }, head: number, report: DeliveryReport, log?: JobLog): Promise<void> {
    if (checkpoint.retry_at !== null && checkpoint.retry_at > this.clock.now().toISOString()) return;
    let position = Number(checkpoint.position);
    if (position >= head) return;
    const rows = await this.database.db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', position)
      .where('position', '<=', head)
      .where('type', 'in', [...reaction.types])
      .orderBy('position')
      .limit(this.batch)
      .execute();
    for (let next = 0; next < rows.length; ) {
      const run = await this.deliverRun(reaction, rows.slice(next, next + eventsPerTransaction).map(toDeliveredEvent), position, log);
      if (run === 'busy') return;
      report.delivered += run.delivered;
      report.deadLettered += run.deadLettered;
      report.failed += run.failed;
      if (run.failed > 0) return;
      next += run.delivered + run.deadLettered;
      position = run.position;
    }
    // No more events of its types up to the head: skip the others so the next pass does not scan them again.
    if (rows.length < this.batch && position < head) {
      await inJobTransaction(this.database.db, async (trx) => {
        if (await this.claim(trx, reaction.name, position)) await this.moveCheckpoint(trx, reaction.name, head);
      });
    }
  }

  /**
   * Delivers `events` (the reaction's next ones, in order) in one transaction, each in its own savepoint, and
   * moves the checkpoint past those that succeeded or went to the dead-letter list. A failure ends the run: what
   * succeeded before it commits with the record of the failure. The transaction also ends after
   * `maxTransactionMs`, so a slow reaction's first effects are not held back long.
   */
  private deliverRun(reaction: Reaction, events: DeliveredEvent[], expected: number, log?: JobLog): Promise<Run | 'busy'> {
    return inJobTransaction(this.database.db, async (trx) => {
      const claimed = await this.claim(trx, reaction.name, expected);
      if (!claimed) return 'busy';
      const run: Run = { delivered: 0, deadLettered: 0, failed: 0, position: expected };
      const started = performance.now();
      // Failed tries so far of the next event: the checkpoint's count is about the first one only.
      let attempts = claimed.attempts;
      for (const event of events) {
        if (run.position !== expected && performance.now() - started > maxTransactionMs) break;
        const result = await runReaction(trx, this.database.dialect, this.clock, reaction, event);
        if (result.ok) {
          run.delivered += 1;
          run.position = event.position;
          attempts = 0;
          continue;
        }
        const failures = attempts + 1;
        const now = this.clock.now();
        const lastError = failureText(result.error);
        log?.warn({ err: result.error, reaction: reaction.name, eventId: event.id, attempt: failures }, 'reaction failed');
        if (failures >= reaction.retry.maxAttempts) {
          await recordDeadLetter(trx, {
            org_id: event.orgId, source: 'reaction', handler: reaction.name, event_id: event.id, event_type: event.type,
            subject: event.subject, payload: null, due_at: null, attempts: failures, last_error: lastError, failed_at: now.toISOString(),
            resolved_at: null, resolved_by: null,
          });
          run.deadLettered += 1;
          run.position = event.position;
          attempts = 0;
          continue;
        }
        await trx
          .updateTable('reaction_checkpoints')
          .set({
            position: run.position, attempts: failures, last_error: lastError, updated_at: now.toISOString(),
            retry_at: new Date(now.getTime() + retryDelayMs(reaction.retry, failures)).toISOString(),
          })
          .where('reaction', '=', reaction.name)
          .execute();
        run.failed = 1;
        return run;
      }
      await this.moveCheckpoint(trx, reaction.name, run.position);
      return run;
    });
  }

  /**
   * Takes the reaction's checkpoint row for this transaction, if it is still where this pass read it and not
   * waiting for a retry. On PostgreSQL a row another process holds is skipped, not waited for.
   */
  private async claim(trx: JobTransaction, reaction: string, expected: number) {
    const row = await trx
      .selectFrom('reaction_checkpoints')
      .select(['position', 'attempts', 'retry_at'])
      .where('reaction', '=', reaction)
      .$if(this.database.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!row || Number(row.position) !== expected) return undefined;
    if (row.retry_at !== null && row.retry_at > this.clock.now().toISOString()) return undefined;
    return row;
  }

  private async moveCheckpoint(trx: JobTransaction, reaction: string, position: number): Promise<void> {
    await trx
      .updateTable('reaction_checkpoints')
      .set({ position, attempts: 0, retry_at: null, last_error: null, updated_at: this.clock.now().toISOString() })
      .where('reaction', '=', reaction)
      .execute();
  }
}

/** Runs one reaction on one event inside `trx` (in a savepoint); used by the dispatcher and by dead-letter retries. */
export function runReaction(trx: JobTransaction, dialect: Dialect, clock: Clock, reaction: Reaction, event: DeliveredEvent): Promise<Attempt> {
  return attempt(trx, (tx) => reaction.handler(event, jobContext(tx, dialect, clock, `reaction:${reaction.name}`, event.orgId)));
}

export function toDeliveredEvent(row: Selectable<EventTable>): DeliveredEvent {
  return {
    id: row.id,
    position: Number(row.position),
    orgId: row.org_id,
    type: row.type,
    subject: row.subject,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}
