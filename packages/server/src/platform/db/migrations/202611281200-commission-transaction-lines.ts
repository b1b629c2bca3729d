/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Which payout lines a transaction ever had, kept in their own table instead of an index on the lines. A refund
 * finds the lines its payment paid in earlier periods through it (calculation.ts). The index on
 * commission_line_rows(org_id, transaction_id) it replaces was updated at a random place for every line written and
 * every line deleted: a month's rows arrive person by person, not transaction by transaction, so a full
 * recalculation of a million lines spent about a fifth of its time there (bench/README.md). This table is written
 * only when a line key gets a transaction it did not have (a new payment, a first calculation), never when a line's
 * amount changes, and never shrinks: an entry whose line is gone or pays another transaction is skipped by the join
 * to the lines in force. SQLite keeps it as a bare key (WITHOUT ROWID).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
  await db.schema
    .createTable('commission_transaction_lines')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_transaction_lines_pk', ['org_id', 'transaction_id', 'period', 'person_id', 'line_key'])
    .$call((table) => (sqlite ? table.modifyEnd(sql`without rowid`) : table))
    .execute();
  await sql`insert into commission_transaction_lines (org_id, transaction_id, period, person_id, line_key)
    select distinct org_id, transaction_id, period, person_id, line_key from commission_line_rows where transaction_id is not null`.execute(db);
  await db.schema.dropIndex('commission_line_rows_transaction').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.createIndex('commission_line_rows_transaction').on('commission_line_rows').columns(['org_id', 'transaction_id'])
    .where(sql<boolean>`transaction_id is not null`).execute();
  await db.schema.dropTable('commission_transaction_lines').execute();
}
