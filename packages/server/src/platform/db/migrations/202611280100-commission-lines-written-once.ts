/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * A recalculation proposal writes its changed lines once, where they stay: payout lines move to
 * `commission_line_rows`, each row marked with the recalculation that wrote it (`recalculation_id`; '' for a line
 * written directly, by a payment's reaction or an adjustment). `commission_lines` becomes a view of the rows in
 * force: written directly, or by a recalculation that was accepted. A proposal's rows wait beside the stored ones
 * (the key includes `recalculation_id`) until accepting it deletes the rows it replaces and flips its status, instead
 * of copying a million rows a second time. `commission_recalculation_lines` keeps only the keys a proposal removes.
 *
 * Proposals made before this migration kept their lines in `commission_recalculation_lines`: those rows are dropped,
 * and accepting such a proposal computes it again (as after a crash). Money is bigint minor units; JSON as text.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const lineColumns = [
  'org_id', 'period', 'person_id', 'line_key', 'plan_key', 'plan_version', 'component_id', 'kind', 'transaction_id', 'deal_id', 'amount_minor', 'currency',
  'line', 'digest', 'locked', 'computed_at',
];

/** A payout line's columns, as commission_lines had them (both directions create a table of them). */
const lineColumnsOf = (table: CreateTableBuilder<string>) => table
  .addColumn('org_id', 'text', (c) => c.notNull())
  .addColumn('period', 'text', (c) => c.notNull())
  .addColumn('person_id', 'text', (c) => c.notNull())
  .addColumn('line_key', 'text', (c) => c.notNull())
  .addColumn('plan_key', 'text', (c) => c.notNull())
  .addColumn('plan_version', 'integer', (c) => c.notNull())
  .addColumn('component_id', 'text', (c) => c.notNull())
  .addColumn('kind', 'text', (c) => c.notNull())
  .addColumn('transaction_id', 'text')
  .addColumn('deal_id', 'text')
  .addColumn('amount_minor', 'bigint', (c) => c.notNull())
  .addColumn('currency', 'text', (c) => c.notNull())
  .addColumn('line', 'text', (c) => c.notNull()) // JSON: what of the PayoutLine no column holds (stored-line.ts)
  .addColumn('digest', 'text', (c) => c.notNull())
  .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
  .addColumn('computed_at', 'text', (c) => c.notNull());

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('commission_line_rows')
    .$call(lineColumnsOf)
    .addColumn('recalculation_id', 'text', (c) => c.notNull().defaultTo('')) // '' = written directly
    .addPrimaryKeyConstraint('commission_line_rows_pk', ['org_id', 'period', 'person_id', 'line_key', 'recalculation_id'])
    .execute();
  const columns = sql.raw(lineColumns.join(', '));
  await sql`insert into commission_line_rows (${columns}) select ${columns} from commission_lines`.execute(db);
  await db.schema.dropTable('commission_lines').execute();
  // What a clawback in a later period reverses: the lines a payment paid.
  await db.schema.createIndex('commission_line_rows_transaction').on('commission_line_rows').columns(['org_id', 'transaction_id'])
    .where(sql<boolean>`transaction_id is not null`).execute();
  // The rows in force (modules/commissions/stored-line.ts, inForce, says the same for writers).
  await sql`create view commission_lines as select ${columns} from commission_line_rows
    where recalculation_id = '' or recalculation_id in (select id from commission_recalculations where status = 'accepted')`.execute(db);
  await db.deleteFrom('commission_recalculation_lines').execute();
}

export async function down(db: Db): Promise<void> {
  // Pending proposals' lines are in commission_line_rows, which goes: the older code would accept them from its
  // staging table as if they had none, so they are discarded (propose again after going back).
  await db.updateTable('commission_recalculations').set({ status: 'discarded' }).where('status', '=', 'proposed').execute();
  await db.deleteFrom('commission_recalculation_lines').execute();
  await db.deleteFrom('commission_recalculation_statements').execute();
  const columns = sql.raw(lineColumns.join(', '));
  await sql`create table commission_lines_in_force as select ${columns} from commission_lines`.execute(db);
  await sql`drop view commission_lines`.execute(db);
  await db.schema
    .createTable('commission_lines')
    .$call(lineColumnsOf)
    .addPrimaryKeyConstraint('commission_lines_pk', ['org_id', 'period', 'person_id', 'line_key'])
    .execute();
  await sql`insert into commission_lines (${columns}) select ${columns} from commission_lines_in_force`.execute(db);
  await db.schema.dropTable('commission_lines_in_force').execute();
  await db.schema.dropTable('commission_line_rows').execute();
  await db.schema.createIndex('commission_lines_transaction').on('commission_lines').columns(['org_id', 'transaction_id']).where(sql<boolean>`transaction_id is not null`).execute();
}
