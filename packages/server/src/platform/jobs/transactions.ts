/**
 * How background work runs: one transaction holds the claim (a row lock on PostgreSQL) and the bookkeeping,
 * and the handler runs inside a savepoint of it. A handler that fails rolls back to the savepoint, so its partial
 * writes vanish while the claim and the record of the failure commit together: nothing runs twice because a
 * failure was recorded in a second transaction that another process could overtake.
 */
import type { ControlledTransaction } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { Database } from '../db/schema.js';

export type JobTransaction = ControlledTransaction<Database>;

/** Runs `work` in a transaction that commits when it returns and rolls back when it throws. */
export async function inJobTransaction<T>(db: Db, work: (trx: JobTransaction) => Promise<T>): Promise<T> {
  const trx = await db.startTransaction().execute();
  try {
    const result = await work(trx);
    await trx.commit().execute();
    return result;
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
}

export type Attempt = { ok: true } | { ok: false; error: unknown };

/** Runs a handler in a savepoint: its writes stay on success and are undone on failure, the transaction lives on. */
export async function attempt(trx: JobTransaction, handler: (tx: Executor) => Promise<void>): Promise<Attempt> {
  const inside = await trx.savepoint('job_attempt').execute();
  try {
    await handler(inside);
    await inside.releaseSavepoint('job_attempt').execute();
    return { ok: true };
  } catch (error) {
    await inside.rollbackToSavepoint('job_attempt').execute();
    return { ok: false, error };
  }
}
