/**
 * Delivers sequenced events to the registered reactions, each from its own checkpoint, in position order.
 *
 * A pass reads the events once for all the reactions whose checkpoints stand at the same place, and delivers the
 * next events of several reactions in one transaction: claim their checkpoint rows (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, so another process leaves a claimed reaction alone meanwhile), run each handler on each event in its
 * own savepoint, then advance the checkpoints, or record a failure. The handlers' writes and the checkpoints commit
 * together, so a crash at any point redelivers at most the events whose transaction did not commit, and effects
 * guarded by `ctx.once` never apply twice. (A transaction per reaction and event was the delivery's cost under
 * load: nine commits per payment, most of them moving the checkpoint of a reaction that ignores the event.)
 *
 * Urgent reactions (live hints: the sales figures an open board waits for) commit first, with the checkpoints of
 * reactions that had nothing to do; the others follow in transactions of at most ~25 ms, for at most ~100 ms a pass
 * (a backlog of theirs is worked off over the next passes, each of which delivers the urgent ones first), in two
 * lanes on PostgreSQL. A failing event holds its
 * reaction's later events back (order is kept) until it succeeds or, after the retry policy's attempts, goes to the
 * dead-letter list and the reaction moves on; the other reactions of the transaction carry on.
 */
import type { Clock } from '../clock.js';
import type { DatabaseHandle, Dialect } from '../db/database.js';
import type { Selectable } from 'kysely';
import type { EventTable } from '../db/schema.js';
import { batchContext, jobContext } from '../jobs/job-context.js';
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

/** One reaction's share of a pass. */
interface Pending {
  reaction: Reaction;
  /** Its checkpoint: as read at the start of the pass, then as this pass moved it. */
  position: number;
  /** Its events after `position`, in order, up to `reach`. */
  events: Selectable<EventTable>[];
  /** How far the pass read its event types: once `events` are delivered, the checkpoint may move here. */
  reach: number;
  /** Out of this pass: failed, or held by another process. */
  stopped: boolean;
}

// Up to this many events of one reaction commit together when there is a backlog.
const eventsPerTransaction = 20;
const maxTransactionMs = 25;
// What a pass spends on the reactions that are not urgent, when urgent ones are waiting for the next pass.
const slowReactionsSliceMs = 100;

const unfinished = (p: Pending): boolean => !p.stopped && p.position < p.reach;

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
    const now = this.clock.now().toISOString();
    const pending: Pending[] = [];
    for (const reaction of reactions) {
      const checkpoint = checkpoints.get(reaction.name);
      // Removed by hand (to replay from the start): made again on the next pass.
      if (!checkpoint) this.checkpointed.delete(reaction.name);
      else if (Number(checkpoint.position) < head && (checkpoint.retry_at === null || checkpoint.retry_at <= now)) {
        pending.push({ reaction, position: Number(checkpoint.position), events: [], reach: Number(checkpoint.position), stopped: false });
      }
    }
    if (pending.length === 0) return report;
    await this.readEvents(pending, head);
    // Reactions with nothing to deliver only move their checkpoints: that rides along with the urgent ones' commit.
    const first = pending.filter((p) => p.reaction.urgent || p.events.length === 0);
    const rest = pending.filter((p) => !first.includes(p));
    while (first.some(unfinished)) await this.deliverTogether(first.filter(unfinished), report, log);
    // The others get a slice of the pass: behind a backlog they catch up over several passes, and the urgent ones'
    // next events (in the next pass) do not wait for all of it. On PostgreSQL delivery is bound by round trips, not
    // by Node, and the runner has two connections: two lanes, so a slow reaction does not hold up the others. On
    // SQLite one connection serialises everything anyway, and a second lane would only add commits.
    const started = performance.now();
    const lanes = this.database.dialect === 'postgres' ? 2 : 1;
    const lane = async (share: Pending[]): Promise<void> => {
      do {
        if (!share.some(unfinished)) return;
        await this.deliverTogether(share.filter(unfinished), report, log);
      } while (performance.now() - started < slowReactionsSliceMs);
    };
    // Both lanes finish before the pass does, even when one fails: nothing runs on after the runner stops.
    const failed = (await Promise.allSettled(Array.from({ length: lanes }, (_, i) => lane(rest.filter((_, k) => k % lanes === i)))))
      .find((r) => r.status === 'rejected');
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

  /** One read per checkpoint position for the reactions standing there, of all their event types together. */
  private async readEvents(pending: Pending[], head: number): Promise<void> {
    const byPosition = new Map<number, Pending[]>();
    for (const p of pending) byPosition.set(p.position, [...(byPosition.get(p.position) ?? []), p]);
    for (const [position, group] of byPosition) {
      const rows = await this.database.db
        .selectFrom('events')
        .selectAll()
        .where('position', '>', position)
        .where('position', '<=', head)
        .where('type', 'in', [...new Set(group.flatMap((p) => p.reaction.types))])
        .orderBy('position')
        .limit(this.batch)
        .execute();
      // A full batch may stop short of the head: no reaction may skip past what was not read.
      const reach = rows.length < this.batch ? head : Number(rows.at(-1)!.position);
      for (const p of group) {
        const types = new Set(p.reaction.types);
        p.events = rows.filter((row) => types.has(row.type));
        p.reach = reach;
      }
    }
  }

  /**
   * Delivers the next events of `pending` (each reaction's in order) in one transaction, each event in its own
   * savepoint, and moves each checkpoint past what succeeded or went to the dead-letter list — to its `reach` once
   * all its events are done. A failure stops only its reaction, and commits with the rest. Later reactions wait
   * for the next transaction once this one has run `maxTransactionMs`, so the first effects are not held back long.
   */
  private async deliverTogether(pending: Pending[], report: DeliveryReport, log?: JobLog): Promise<void> {
    const done: DeliveryReport = { delivered: 0, failed: 0, deadLettered: 0 };
    await inJobTransaction(this.database.db, async (trx) => {
      const claims = await this.claim(trx, pending);
      const started = performance.now();
      let ran = 0;
      const moved: Pending[] = [];
      for (const p of pending) {
        const claimed = claims.get(p.reaction.name);
        if (!claimed) {
          p.stopped = true;
          continue;
        }
        const from = p.position;
        // Failed tries so far of the next event: the checkpoint's count is about the first one only.
        let attempts = claimed.attempts;
        let count = 0;
        // A batch handler takes the next events at once; if it fails they go one by one below.
        if (p.reaction.batch && p.events.length > 1 && attempts === 0 && !(ran > 0 && performance.now() - started > maxTransactionMs)) {
          const chunk = p.events.slice(0, eventsPerTransaction).map(toDeliveredEvent);
          const result = await runBatch(trx, this.clock, p.reaction, chunk);
          ran += 1;
          if (result.ok) {
            done.delivered += chunk.length;
            count = chunk.length;
            p.position = chunk.at(-1)!.position;
            p.events.splice(0, chunk.length);
          } else {
            log?.warn({ err: result.error, reaction: p.reaction.name, events: chunk.length }, 'reaction batch failed; delivering its events one by one');
          }
        }
        while (p.events.length > 0 && count < eventsPerTransaction && !(ran > 0 && performance.now() - started > maxTransactionMs)) {
          const event = toDeliveredEvent(p.events[0]!);
          const result = await runReaction(trx, this.database.dialect, this.clock, p.reaction, event);
          ran += 1;
          count += 1;
          if (!result.ok) {
            const failures = attempts + 1;
            const now = this.clock.now();
            const lastError = failureText(result.error);
            log?.warn({ err: result.error, reaction: p.reaction.name, eventId: event.id, attempt: failures }, 'reaction failed');
            if (failures < p.reaction.retry.maxAttempts) {
              await trx
                .updateTable('reaction_checkpoints')
                .set({
                  position: p.position, attempts: failures, last_error: lastError, updated_at: now.toISOString(),
                  retry_at: new Date(now.getTime() + retryDelayMs(p.reaction.retry, failures)).toISOString(),
                })
                .where('reaction', '=', p.reaction.name)
                .execute();
              done.failed += 1;
              p.stopped = true;
              break;
            }
            await recordDeadLetter(trx, {
              org_id: event.orgId, source: 'reaction', handler: p.reaction.name, event_id: event.id, event_type: event.type,
              subject: event.subject, payload: null, due_at: null, attempts: failures, last_error: lastError, failed_at: now.toISOString(),
              resolved_at: null, resolved_by: null,
            });
            done.deadLettered += 1;
          } else {
            done.delivered += 1;
          }
          p.position = event.position;
          p.events.shift();
          attempts = 0;
        }
        if (p.stopped) continue;
        if (p.events.length === 0) p.position = p.reach;
        if (p.position !== from) moved.push(p);
      }
      await this.moveCheckpoints(trx, moved);
    });
    report.delivered += done.delivered;
    report.failed += done.failed;
    report.deadLettered += done.deadLettered;
  }

  /**
   * Takes the checkpoint rows of `pending` for this transaction, those still where this pass left them and not
   * waiting for a retry; returns them by reaction. On PostgreSQL a row another process holds is skipped, not waited for.
   */
  private async claim(trx: JobTransaction, pending: Pending[]): Promise<Map<string, { attempts: number }>> {
    const rows = await trx
      .selectFrom('reaction_checkpoints')
      .select(['reaction', 'position', 'attempts', 'retry_at'])
      .where('reaction', 'in', pending.map((p) => p.reaction.name))
      .$if(this.database.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .execute();
    const now = this.clock.now().toISOString();
    const expected = new Map(pending.map((p) => [p.reaction.name, p.position]));
    const claims = new Map<string, { attempts: number }>();
    for (const row of rows) {
      if (Number(row.position) !== expected.get(row.reaction)) continue;
      if (row.retry_at !== null && row.retry_at > now) continue;
      claims.set(row.reaction, { attempts: row.attempts });
    }
    return claims;
  }

  /** Moves claimed checkpoints, one statement per position they move to (usually one: the head). */
  private async moveCheckpoints(trx: JobTransaction, moved: Pending[]): Promise<void> {
    const byPosition = new Map<number, string[]>();
    for (const p of moved) byPosition.set(p.position, [...(byPosition.get(p.position) ?? []), p.reaction.name]);
    const now = this.clock.now().toISOString();
    for (const [position, names] of byPosition) {
      await trx
        .updateTable('reaction_checkpoints')
        .set({ position, attempts: 0, retry_at: null, last_error: null, updated_at: now })
        .where('reaction', 'in', names)
        .execute();
    }
  }
}

/** Runs a reaction's batch handler on `events` inside `trx`, in one savepoint. */
function runBatch(trx: JobTransaction, clock: Clock, reaction: Reaction, events: DeliveredEvent[]): Promise<Attempt> {
  return attempt(trx, (tx) => reaction.batch!(events, batchContext(tx, clock, `reaction:${reaction.name}`)));
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
