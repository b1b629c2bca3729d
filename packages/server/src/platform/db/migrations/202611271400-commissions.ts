/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The commission engine's data (C1–C3): plans as versioned documents (a new version is a new row, never an edit),
 * who is on which plan, quotas, per-contract credit splits, the commission transactions made from payment events
 * (one per event and contract: a replayed event inserts nothing), each transaction's credited people (what a
 * person's period is read through), each person's revenue credit per month (what a manager's override reads), the
 * payout lines and statements of each period, period locks, and recalculation proposals.
 * Money is bigint minor units; JSON as text; days YYYY-MM-DD in the company's time zone.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('commission_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull()) // month | quarter
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('document', 'text', (c) => c.notNull()) // JSON: the parsed plan
    .addColumn('source', 'text', (c) => c.notNull()) // the YAML/JSON text as written
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('commission_plans_version', ['org_id', 'plan_key', 'version'])
    .execute();

  await db.schema
    .createTable('commission_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('plan_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commission_assignments_person').on('commission_assignments').columns(['org_id', 'person_id']).execute();
  await db.schema.createIndex('commission_assignments_team').on('commission_assignments').columns(['org_id', 'team_id']).execute();

  await db.schema
    .createTable('commission_quotas')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_quotas_pk', ['org_id', 'person_id', 'period'])
    .execute();

  await db.schema
    .createTable('commission_credit_splits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('share', 'text', (c) => c.notNull()) // decimal text, "0.6"
    .addColumn('overlay', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('commission_credit_splits_contract').on('commission_credit_splits').columns(['org_id', 'contract_id']).execute();

  // Insert-only: a transaction is a fact about money that moved; its id (`<event id>:<contract id>`) makes a replay a no-op.
  await db.schema
    .createTable('commission_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // payment | refund | void
    .addColumn('deal_id', 'text', (c) => c.notNull()) // the contract
    .addColumn('receipt_id', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('deal_amount_minor', 'bigint')
    .addColumn('credits', 'text', (c) => c.notNull()) // JSON: CreditShare[] (payments), [] for reversals
    .addColumn('refers_to', 'text') // the payment a refund or void reverses
    .addColumn('source_event_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commission_transactions_date').on('commission_transactions').columns(['org_id', 'date']).execute();
  await db.schema.createIndex('commission_transactions_receipt').on('commission_transactions').columns(['org_id', 'receipt_id', 'deal_id']).execute();

  // Who a transaction credits and by how much (signed), so one person's period is an indexed range read.
  await db.schema
    .createTable('commission_transaction_credits')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // revenue | team | overlay
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('credited_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_transaction_credits_pk', ['transaction_id', 'person_id', 'role'])
    .execute();
  await db.schema.createIndex('commission_transaction_credits_person').on('commission_transaction_credits').columns(['org_id', 'person_id', 'date']).execute();

  // A person's revenue credit (overlay excluded) per calendar month: a manager's override reads these, not every payment below them.
  await db.schema
    .createTable('commission_credit_months')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('revenue_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_credit_months_pk', ['org_id', 'person_id', 'month'])
    .execute();

  await db.schema
    .createTable('commission_periods')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | locked
    .addColumn('locked_at', 'text')
    .addColumn('locked_by', 'text', (c) => c.references('users.id'))
    .addColumn('snapshot', 'text') // JSON: the inputs and results at the lock
    .addPrimaryKeyConstraint('commission_periods_pk', ['org_id', 'period'])
    .execute();

  await db.schema
    .createTable('commission_lines')
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
    .addColumn('line', 'text', (c) => c.notNull()) // JSON: the PayoutLine (inputs, formula, steps)
    .addColumn('digest', 'text', (c) => c.notNull()) // of the JSON: an unchanged line is not rewritten
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_lines_pk', ['org_id', 'period', 'person_id', 'line_key'])
    .execute();
  // What a clawback in a later period reverses: the lines a payment paid.
  await db.schema.createIndex('commission_lines_transaction').on('commission_lines').columns(['org_id', 'transaction_id']).where(sql<boolean>`transaction_id is not null`).execute();

  await db.schema
    .createTable('commission_statements')
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
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commission_statements_pk', ['org_id', 'period', 'person_id'])
    .execute();

  await db.schema
    .createTable('commission_recalculations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | accepted | discarded
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('diff', 'text', (c) => c.notNull()) // JSON: ResultDiff and issues
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: hashes of the stored lines and of the result it was made from
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('commission_recalculations_period').on('commission_recalculations').columns(['org_id', 'period', 'created_at']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'commission_recalculations', 'commission_statements', 'commission_lines', 'commission_periods', 'commission_credit_months', 'commission_transaction_credits',
    'commission_transactions', 'commission_credit_splits', 'commission_quotas', 'commission_assignments', 'commission_plans',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
