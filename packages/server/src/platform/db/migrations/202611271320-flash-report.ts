/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The daily flash report (B5) reads one company day of documents with indexed range reads: besides the day's
 * signings and confirmations (indexed with the documents), the day's voids (from the transitions log), refunds and
 * voids of confirmed receipts, shipments, and the contracts still open past their due day.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('document_transitions_action_at').on('document_transitions').columns(['org_id', 'action', 'at']).execute();
  await db.schema.createIndex('receipts_reversed_on').on('receipts').columns(['org_id', 'reversed_on']).where(sql<boolean>`reversed_on is not null`).execute();
  await db.schema.createIndex('shipments_shipped_on').on('shipments').columns(['org_id', 'shipped_on']).where(sql<boolean>`shipped_on is not null`).execute();
  await db.schema.createIndex('contracts_status_due_on').on('contracts').columns(['org_id', 'status', 'due_on']).where(sql<boolean>`due_on is not null`).execute();
  // Receipts with the same payer, amount and day (a payment registered twice) are found through the customer.
  await db.schema.createIndex('receipts_customer_received_on').on('receipts').columns(['customer_id', 'received_on']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const index of ['receipts_customer_received_on', 'contracts_status_due_on', 'shipments_shipped_on', 'receipts_reversed_on', 'document_transitions_action_at']) {
    await db.schema.dropIndex(index).execute();
  }
}
