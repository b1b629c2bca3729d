/** Multi-row inserts for bulk data, chunked so no statement passes either engine's bound-parameter limit. */
import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { Database } from '../platform/db/schema.js';

// SQLite (as built into better-sqlite3) allows 32,766 parameters per statement and PostgreSQL 65,535; staying
// well under the smaller keeps every statement valid on both.
const parameterBudget = 30_000;
const maxRowsPerStatement = 2_000;

export async function insertBatched<T extends keyof Database & string>(
  tx: Executor,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.min(maxRowsPerStatement, Math.floor(parameterBudget / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // The generic table name defeats Kysely's per-table typing; the row type above already ties rows to it.
    await tx.insertInto(table).values(rows.slice(i, i + size) as never).execute();
  }
}
