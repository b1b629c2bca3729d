/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Payout lines get generations, so that accepting a recalculation which rewrites a whole period does not delete a
 * million rows while the analyst waits. Each period has a current `generation`; a line row belongs to one, and the
 * view `commission_lines` shows only the current generation's rows in force. Such a proposal writes every line of the
 * period under the next generation; accepting it moves the period to that generation in one row, and the rows of
 * earlier generations are deleted afterwards, a few people at a time, by a background sweep that starts after the
 * person id in `retire_after` (null: nothing left to delete). Adjustment lines (corrections of locked periods, not
 * the engine's) belong to no generation: they stay in force whichever generation the period is in.
 *
 * Also an index of the refunds and voids by date (rare among a month's transactions), so that a recalculation finds
 * what its period reverses without reading every transaction of the month (4 s at a million).
 *
 * Every period that holds lines gets its row in commission_periods here (the view joins it); writers already
 * create it before writing lines. Going back deletes the retired rows first.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const lineColumns = [
  'org_id', 'period', 'person_id', 'line_key', 'plan_key', 'plan_version', 'component_id', 'kind', 'transaction_id', 'deal_id', 'amount_minor', 'currency',
  'line', 'digest', 'locked', 'computed_at',
];
const accepted = sql`(r.recalculation_id = '' or r.recalculation_id in (select id from commission_recalculations where status = 'accepted'))`;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('commission_periods').addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('commission_periods').addColumn('retire_after', 'text').execute();
  await sql`insert into commission_periods (org_id, period, status, locked_at, locked_by, snapshot)
    select distinct org_id, period, 'open', null, null, null from commission_line_rows r
    where not exists (select 1 from commission_periods p where p.org_id = r.org_id and p.period = r.period)`.execute(db);
  await sql`drop view commission_lines`.execute(db);
  // The generation is part of the key: a line written directly after the period moved on may have the key of a
  // retired row that the sweep has not deleted yet.
  await rebuildLineRows(db, true);
  // An inner join: a read of one period looks its generation up once, then filters the period's rows by it.
  await sql`create view commission_lines as select ${sql.raw(lineColumns.map((c) => `r.${c}`).join(', '))}
    from commission_line_rows r join commission_periods p on p.org_id = r.org_id and p.period = r.period
    where (r.generation = p.generation or r.kind = 'adjustment') and ${accepted}`.execute(db);
  await db.schema.createIndex('commission_transactions_reversals').on('commission_transactions').columns(['org_id', 'date'])
    .where(sql<boolean>`refers_to is not null`).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('commission_transactions_reversals').execute();
  // A pending proposal may have written its period whole as the next generation, which the older code cannot accept
  // (it would move its statements into place without its lines): discarded, as 202611280100's way back does.
  await sql`delete from commission_line_rows where recalculation_id in (select id from commission_recalculations where status = 'proposed')`.execute(db);
  await db.updateTable('commission_recalculations').set({ status: 'discarded' }).where('status', '=', 'proposed').execute();
  await db.deleteFrom('commission_recalculation_lines').execute();
  await db.deleteFrom('commission_recalculation_statements').execute();
  await sql`delete from commission_line_rows where kind <> 'adjustment' and generation <> (select p.generation from commission_periods p
    where p.org_id = commission_line_rows.org_id and p.period = commission_line_rows.period)`.execute(db);
  await sql`drop view commission_lines`.execute(db);
  await rebuildLineRows(db, false);
  await sql`create view commission_lines as select ${sql.raw(lineColumns.join(', '))} from commission_line_rows r where ${accepted}`.execute(db);
  await db.schema.alterTable('commission_periods').dropColumn('retire_after').execute();
  await db.schema.alterTable('commission_periods').dropColumn('generation').execute();
}

/** commission_line_rows made again with or without the generation column (SQLite cannot change a primary key in place). */
async function rebuildLineRows(db: Db, withGeneration: boolean): Promise<void> {
  const key = ['org_id', 'period', 'person_id', 'line_key', 'recalculation_id', ...(withGeneration ? ['generation'] : [])];
  await db.schema
    .createTable('commission_line_rows_new')
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
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('recalculation_id', 'text', (c) => c.notNull().defaultTo(''))
    .$call((table) => (withGeneration ? table.addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0)) : table))
    .addPrimaryKeyConstraint(`commission_line_rows_pk${withGeneration ? '2' : ''}`, key as never)
    .execute();
  const columns = sql.raw([...lineColumns, 'recalculation_id'].join(', '));
  await sql`insert into commission_line_rows_new (${columns}) select ${columns} from commission_line_rows`.execute(db);
  await db.schema.dropTable('commission_line_rows').execute();
  await db.schema.alterTable('commission_line_rows_new').renameTo('commission_line_rows').execute();
  // What a clawback in a later period reverses: the lines a payment paid.
  await db.schema.createIndex('commission_line_rows_transaction').on('commission_line_rows').columns(['org_id', 'transaction_id'])
    .where(sql<boolean>`transaction_id is not null`).execute();
}
