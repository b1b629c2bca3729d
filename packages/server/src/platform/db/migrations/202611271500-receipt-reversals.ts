/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Partial refunds (B3): a confirmed receipt may be refunded in parts, each taking a chosen amount off each contract it
 * paid. Every reversal of confirmed money — a partial refund, the refund of the rest, a void after confirmation — is
 * one row per contract here, dated, so the flash report reads a day's refunds and what a contract had been paid at any
 * day's end from this ledger (the receipt's own reversed_on only says when it was reversed for good). Rows already
 * reversed whole are copied in, one per allocation, with the reason and actor from the receipt's life.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('receipt_reversals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('reversal_id', 'text', (c) => c.notNull()) // one refund or void: its rows share this id
    .addColumn('receipt_id', 'text', (c) => c.notNull().references('receipts.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // refund | void
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('reversed_at', 'text', (c) => c.notNull())
    .addColumn('reversed_on', 'text', (c) => c.notNull()) // YYYY-MM-DD, company time zone
    .execute();
  await db.schema.createIndex('receipt_reversals_receipt').on('receipt_reversals').columns(['receipt_id', 'contract_id']).execute();
  await db.schema.createIndex('receipt_reversals_contract').on('receipt_reversals').columns(['contract_id', 'reversed_on']).execute();
  await db.schema.createIndex('receipt_reversals_day').on('receipt_reversals').columns(['org_id', 'reversed_on']).execute();
  await sql`
    insert into receipt_reversals (id, org_id, reversal_id, receipt_id, contract_id, kind, amount_minor, reason, actor_id, reversed_at, reversed_on)
    select a.id, a.org_id, r.id, r.id, a.contract_id, case when r.status = 'refunded' then 'refund' else 'void' end, a.amount_minor,
      coalesce((select t.reason from document_transitions t where t.doc_id = r.id and t.action in ('refund', 'void') order by t.at limit 1), ''),
      (select t.actor_id from document_transitions t where t.doc_id = r.id and t.action in ('refund', 'void') order by t.at limit 1),
      r.reversed_at, r.reversed_on
    from receipt_allocations a join receipts r on r.id = a.receipt_id
    where r.confirmed_on is not null and r.reversed_on is not null`.execute(db);
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('receipt_reversals').execute();
}
