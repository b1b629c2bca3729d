/**
 * Puts the outbox in one total order that readers can trust.
 *
 * Why not read events by id or by an insert-time sequence: on PostgreSQL two transactions can commit out of
 * that order (B takes id 8 and commits, A took id 7 and commits a moment later). A reader that had advanced its
 * checkpoint past 8 would never see 7. So positions are handed out *after* commit, by a single sequencer:
 *
 * - a business transaction inserts its events with `position` null;
 * - the sequencer locks the one `event_sequencer` row (FOR UPDATE SKIP LOCKED: a second process simply skips
 *   its turn), numbers every committed event still without a position, and commits;
 * - sequencer transactions are strictly one after another, and each numbers only events that were already
 *   committed when it ran, above every number given before. An event committed late gets a later position,
 *   never one below a checkpoint. Readers only read positions up to the sequencer's committed `last_position`.
 *
 * On SQLite writes are serial anyway; the same statements give the same order. Any process may run the
 * sequencer at any time, and a crash in the middle rolls it back whole.
 */
import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from '../db/database.js';
import { inJobTransaction } from '../jobs/transactions.js';

/** Numbers up to `batch` committed events; returns how many it numbered (0 when another process holds the turn). */
export async function sequenceEvents(database: DatabaseHandle, batch = 1_000): Promise<number> {
  // Idle passes stay read-only: no lock (which PostgreSQL writes to the row) while there is nothing to number.
  const waiting = await database.db.selectFrom('events').select('id').where('position', 'is', null).limit(1).executeTakeFirst();
  if (!waiting) return 0;
  return inJobTransaction(database.db, async (trx) => {
    const counter = await trx
      .selectFrom('event_sequencer')
      .select('last_position')
      .where('id', '=', 1)
      .$if(database.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!counter) return 0;
    const base = Number(counter.last_position);
    const numbered = await sql`
      update events set position = ranked.position
      from (
        select id, ${base} + row_number() over (order by id) as position
        from events where position is null order by id limit ${batch}
      ) as ranked
      where events.id = ranked.id`.execute(trx);
    const count = Number(numbered.numAffectedRows ?? 0n);
    if (count > 0) await trx.updateTable('event_sequencer').set({ last_position: base + count }).where('id', '=', 1).execute();
    return count;
  });
}

/** The highest position readers may read up to: every event at or below it is committed and numbered. */
export async function sequencedHead(db: Executor): Promise<number> {
  const row = await db.selectFrom('event_sequencer').select('last_position').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.last_position);
}
