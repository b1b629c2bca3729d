/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * PostgreSQL: a proposal's kept rows skip the write-ahead log. They are a cache of what accepting the proposal writes
 * (a full month is a million rows, written once here and once more into commission_lines on accept), so logging them
 * doubled the server's work for nothing durable: after a crash PostgreSQL empties unlogged tables, and accepting a
 * proposal whose rows are gone computes it again (recalculation.ts checks the kept row counts). SQLite has no
 * unlogged tables; nothing changes there.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tables = ['commission_recalculation_lines', 'commission_recalculation_statements'] as const;

export async function up(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of tables) await sql`alter table ${sql.table(table)} set unlogged`.execute(db);
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of tables) await sql`alter table ${sql.table(table)} set logged`.execute(db);
}
