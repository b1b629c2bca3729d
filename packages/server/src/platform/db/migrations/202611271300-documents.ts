/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The document flow (B1–B5): contracts with their lines, purchase orders, payment receipts matched to contracts,
 * shipping notes, every state change, the approval steps, the per-company settings and trace-code counters, and the
 * live sales figures kept from events. Same conventions as the foundation: text ids, ISO-8601 UTC times, JSON as
 * text, money as bigint minor units of the document's currency.
 *
 * Every document carries the owner, team, region and industry of its customer's account at creation, so the one
 * scope filter (platform/access/scope.ts) reads documents exactly as it reads customers and leads.
 */
import { sql, type Kysely } from 'kysely';
import type { CreateTableBuilder } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The columns every document shares: identity, trace code, customer, scope facts, state, optimistic version. */
function documentColumns<T extends string>(table: CreateTableBuilder<T, never>) {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('trace_code', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('industry', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

const documentTables = ['contracts', 'purchase_orders', 'receipts', 'shipments'] as const;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('document_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON: core documentSettingsSchema
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The last number handed out per company, document type and year: HT-2026-000123 is the 123rd contract of 2026.
  await db.schema
    .createTable('document_counters')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_counters_pk', ['org_id', 'doc_type', 'year'])
    .execute();

  // A channel partner's rebate tier (B2): which rebate a contract for this customer may grant.
  await db.schema.alterTable('customers').addColumn('partner_tier', 'text').execute();

  await documentColumns(db.schema.createTable('contracts'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('paid_minor', 'bigint', (c) => c.notNull().defaultTo(0)) // confirmed receipts net of refunds and voids
    .addColumn('rebate_bp', 'integer', (c) => c.notNull().defaultTo(0)) // rebate granted, basis points of the total
    .addColumn('payment_terms_days', 'integer', (c) => c.notNull())
    .addColumn('shipment_before_payment', 'integer', (c) => c.notNull().defaultTo(1)) // 0: terms forbid shipping unpaid
    .addColumn('submitted_at', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('signed_on', 'text') // YYYY-MM-DD in the company's time zone: the flash report's day
    .addColumn('due_on', 'text') // signed_on + payment terms
    .addColumn('checks', 'text') // JSON: the violations found at the last submit, with any override
    .execute();
  await db.schema
    .createTable('contract_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    // The prices in force when the contract was last submitted (core priceInForce), kept for the audit and the flash.
    .addColumn('list_price_minor', 'bigint')
    .addColumn('floor_price_minor', 'bigint')
    .addColumn('policy_id', 'text')
    .execute();
  await db.schema.createIndex('contract_lines_contract').on('contract_lines').columns(['contract_id', 'line_no']).unique().execute();

  await documentColumns(db.schema.createTable('purchase_orders'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('ordered_on', 'text', (c) => c.notNull())
    .addColumn('customer_reference', 'text') // the customer's own PO number
    .execute();

  await documentColumns(db.schema.createTable('receipts'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('bank_reference', 'text') // the bank's transaction reference; a second receipt with the same is an anomaly
    .addColumn('payer_name', 'text')
    .addColumn('confirmed_by', 'text', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_on', 'text') // YYYY-MM-DD in the company's time zone: the flash report's day
    .addColumn('reversed_at', 'text') // refunded or voided after confirmation
    .addColumn('reversed_on', 'text')
    .execute();
  // A receipt matched to one contract or several; the allocations of a confirmed receipt add up to its amount.
  await db.schema
    .createTable('receipt_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('receipt_id', 'text', (c) => c.notNull().references('receipts.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('receipt_allocations_once').on('receipt_allocations').columns(['receipt_id', 'contract_id']).unique().execute();
  await db.schema.createIndex('receipt_allocations_contract').on('receipt_allocations').columns(['contract_id']).execute();

  await documentColumns(db.schema.createTable('shipments'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('order_id', 'text', (c) => c.references('purchase_orders.id'))
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('shipped_at', 'text')
    .addColumn('shipped_on', 'text')
    .addColumn('delivered_at', 'text')
    .execute();

  for (const table of documentTables) {
    await db.schema.createIndex(`${table}_trace_code`).on(table).columns(['org_id', 'trace_code']).unique().execute();
    await db.schema.createIndex(`${table}_owner`).on(table).columns(['org_id', 'owner_id', 'created_at']).execute();
    await db.schema.createIndex(`${table}_customer`).on(table).columns(['customer_id']).execute();
    await db.schema.createIndex(`${table}_status`).on(table).columns(['org_id', 'status', 'created_at']).execute();
  }
  for (const table of ['purchase_orders', 'shipments'] as const) {
    await db.schema.createIndex(`${table}_contract`).on(table).columns(['contract_id']).execute();
  }
  // The flash report reads a company day's signings and confirmations.
  await db.schema.createIndex('contracts_signed_on').on('contracts').columns(['org_id', 'signed_on']).where(sql<boolean>`signed_on is not null`).execute();
  await db.schema.createIndex('receipts_confirmed_on').on('receipts').columns(['org_id', 'confirmed_on']).where(sql<boolean>`confirmed_on is not null`).execute();
  await db.schema.createIndex('receipts_bank_reference').on('receipts').columns(['org_id', 'bank_reference']).where(sql<boolean>`bank_reference is not null`).execute();

  // Every state change of every document (B1, B4): who, when, why; the drill-down reads a contract's in time order.
  await db.schema
    .createTable('document_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull()) // contract | purchase_order | receipt | shipment
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text') // null for creation
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id')) // null when the system moved it (a payment)
    .addColumn('reason', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_transitions_doc').on('document_transitions').columns(['doc_id', 'at']).execute();

  // A contract's approval steps for each submission (round), resolved from the company's chain at submit.
  await db.schema
    .createTable('contract_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step_no', 'integer', (c) => c.notNull())
    .addColumn('approver_role', 'text', (c) => c.notNull()) // manager | ops | admin
    .addColumn('approver_id', 'text', (c) => c.references('users.id')) // a named approver (the owner's team leader), or any holder of the role
    .addColumn('status', 'text', (c) => c.notNull()) // waiting | pending | approved | rejected | cancelled
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .addColumn('overrides', 'text') // JSON: the check violations this decision overrode
    .addColumn('due_at', 'text') // when it escalates if still pending
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_approvals_step').on('contract_approvals').columns(['contract_id', 'round', 'step_no']).unique().execute();
  await db.schema.createIndex('contract_approvals_pending').on('contract_approvals').columns(['org_id', 'status', 'approver_role']).execute();

  // Live figures (B5) per company day and rep, kept by a reaction from the documents' events; each event counts once.
  await db.schema
    .createTable('sales_figures')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('industry', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('signed_minor', 'bigint', (c) => c.notNull())
    .addColumn('signed_count', 'integer', (c) => c.notNull())
    .addColumn('collected_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sales_figures_pk', ['org_id', 'day', 'owner_id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['sales_figures', 'contract_approvals', 'document_transitions', 'shipments', 'receipt_allocations', 'receipts', 'purchase_orders', 'contract_lines', 'contracts', 'document_counters', 'document_settings']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('customers').dropColumn('partner_tier').execute();
}
