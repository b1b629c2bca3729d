/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * A recalculation proposal of an open period keeps the lines and statements it would write (its changed lines, and
 * a row without a line for each line it removes), so accepting it moves them into place in the database instead of
 * running the engine a second time over every payment of the period. Rows go when the proposal is accepted or
 * discarded, or when a newer proposal of the same period replaces them (an older proposal then recomputes when
 * accepted). Only the primary keys are indexed: every row is written once and read or deleted by its proposal's id.
 * Money is bigint minor units; JSON as text.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('commission_recalculation_lines')
    .addColumn('recalculation_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('plan_key', 'text')
    .addColumn('plan_version', 'integer')
    .addColumn('component_id', 'text')
    .addColumn('kind', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('deal_id', 'text')
    .addColumn('amount_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('line', 'text') // JSON: the PayoutLine to write; null: the stored line is removed
    .addColumn('digest', 'text')
    .addPrimaryKeyConstraint('commission_recalculation_lines_pk', ['recalculation_id', 'person_id', 'line_key'])
    .execute();

  await db.schema
    .createTable('commission_recalculation_statements')
    .addColumn('recalculation_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('plan_key', 'text')
    .addColumn('plan_version', 'integer')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('credited_minor', 'bigint', (c) => c.notNull())
    .addColumn('quota_minor', 'bigint')
    .addColumn('attainment', 'text')
    .addColumn('draw_balance_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_recalculation_statements_pk', ['recalculation_id', 'person_id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('commission_recalculation_statements').execute();
  await db.schema.dropTable('commission_recalculation_lines').execute();
}
