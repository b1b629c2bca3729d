/**
 * When may an event go? Only once every reaction has passed it, and a whole retention period ago — a reaction
 * that was stuck for weeks and has just caught up still finds its events for the next period (a replay, a
 * dead-letter look-up). Checkpoints record where reactions are, not when they got there, so each prune writes a
 * mark: the lowest checkpoint at that moment. The newest mark older than the retention period says how far
 * events may be deleted.
 */
import type { Executor } from '../db/database.js';
import { sequencedHead } from '../events/sequencer.js';

// Organisations prune one after another in the night; one mark an hour is exact enough.
const markEveryMs = 60 * 60_000;

/** Marks how far every reaction has come now, and returns the position every reaction had passed `retainMs` ago (0: none yet). */
export async function prunablePosition(tx: Executor, now: Date, retainMs: number): Promise<number> {
  const newest = await tx.selectFrom('event_retention_marks').select('taken_at').orderBy('taken_at', 'desc').limit(1).executeTakeFirst();
  if (!newest || now.getTime() - Date.parse(newest.taken_at) >= markEveryMs) {
    await tx
      .insertInto('event_retention_marks')
      .values({ taken_at: now.toISOString(), position: await everyReactionPassed(tx) })
      .onConflict((oc) => oc.column('taken_at').doNothing())
      .execute();
  }
  const cutoff = new Date(now.getTime() - retainMs).toISOString();
  const mark = await tx
    .selectFrom('event_retention_marks')
    .select(['taken_at', 'position'])
    .where('taken_at', '<=', cutoff)
    .orderBy('taken_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!mark) return 0;
  // Older marks say less than this one.
  await tx.deleteFrom('event_retention_marks').where('taken_at', '<', mark.taken_at).execute();
  return Number(mark.position);
}

/** The position every reaction's checkpoint is at or past: the lowest checkpoint, or the head when there are no reactions. */
async function everyReactionPassed(tx: Executor): Promise<number> {
  const head = await sequencedHead(tx);
  const row = await tx
    .selectFrom('reaction_checkpoints')
    .select((eb) => eb.fn.min<number | string | null>('position').as('lowest'))
    .executeTakeFirst();
  return row?.lowest == null ? head : Math.min(Number(row.lowest), head);
}
