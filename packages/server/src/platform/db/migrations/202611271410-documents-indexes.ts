/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The live board's receivables (GET /figures/sales, B5) sum total − paid over the open signed contracts in the
 * reader's scope on every refetch after a live hint. With 300,000 contracts that read fetched every matching row from
 * the table (SQLite 0.3–0.5 s, PostgreSQL a 115 ms parallel scan; bench/documents.mjs); this index holds every column
 * the sum and the scope filter read, so it is answered from the index alone (SQLite 18–28 ms).
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('contracts_receivables')
    .on('contracts')
    .columns(['org_id', 'status', 'team_id', 'owner_id', 'due_on', 'total_minor', 'paid_minor'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('contracts_receivables').execute();
}
