/**
 * Signed contracts for the receipt, order and shipment tests, written straight into the database: these suites test
 * what happens after signing, so they do not depend on the contract workflow's routes. Amounts in minor units (fen).
 */
import { customerCreate, searchText, type Industry } from '@closeloop/core';
import type { Person, TestWorld } from './fixture.js';
import { newId } from '../platform/ids.js';
import { buildCustomerRow } from '../modules/customers/index.js';

let serial = 0;

export async function customerOf(world: TestWorld, owner: Person, options: { industry?: Industry; regionId?: string } = {}): Promise<string> {
  const db = world.database.db;
  const user = await db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', world.ids[owner]).executeTakeFirstOrThrow();
  const input = customerCreate.parse({ name: `回款测试客户 ${(serial += 1)}`, industry: options.industry ?? 'manufacturing', ...(options.regionId ? { regionId: options.regionId } : {}) });
  const row = buildCustomerRow({ id: newId(), orgId: user.org_id, ownerId: world.ids[owner], teamId: user.team_id, now: world.clock.now().toISOString() }, input);
  await db.insertInto('customers').values(row).execute();
  return row.id;
}

export interface SignedContractOptions {
  customerId?: string;
  totalMinor?: number;
  status?: 'signed' | 'partially_paid' | 'paid' | 'draft' | 'voided' | 'completed';
  paidMinor?: number;
  shipmentBeforePayment?: boolean;
}

/** A signed contract of one line owned by `owner` (a fresh customer of theirs unless one is given); returns its id. */
export async function signedContract(world: TestWorld, owner: Person, options: SignedContractOptions = {}): Promise<{ id: string; customerId: string }> {
  const db = world.database.db;
  const now = world.clock.now().toISOString();
  const customerId = options.customerId ?? (await customerOf(world, owner));
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
  const totalMinor = options.totalMinor ?? 100_000;
  const n = (serial += 1);
  const productId = newId();
  await db.insertInto('products').values({
    id: productId, org_id: customer.org_id, sku: `PAY-${n}`, name: `回款测试产品 ${n}`, category: null, unit: '套', currency: 'CNY',
    list_price_minor: totalMinor, floor_price_minor: totalMinor, search_text: searchText([`回款测试产品 ${n}`]), status: 'active', version: 1, created_at: now, updated_at: now,
  }).execute();
  const id = newId();
  await db.insertInto('contracts').values({
    id, org_id: customer.org_id, trace_code: `HT-2026-9${String(n).padStart(5, '0')}`, customer_id: customerId, owner_id: customer.owner_id, team_id: customer.team_id,
    region_id: customer.region_id, industry: customer.industry, status: options.status ?? 'signed', currency: 'CNY', note: null, created_by: customer.owner_id,
    version: 1, created_at: now, updated_at: now, title: `测试合同 ${n}`, total_minor: totalMinor, paid_minor: options.paidMinor ?? 0, rebate_bp: 0,
    payment_terms_days: 30, shipment_before_payment: options.shipmentBeforePayment === false ? 0 : 1, submitted_at: now, signed_at: now, signed_on: '2026-11-02',
    due_on: '2026-12-02', checks: null,
  }).execute();
  await db.insertInto('contract_lines').values({
    id: newId(), org_id: customer.org_id, contract_id: id, line_no: 1, product_id: productId, quantity: 1, unit_price_minor: totalMinor, amount_minor: totalMinor,
    list_price_minor: null, floor_price_minor: null, policy_id: null,
  }).execute();
  return { id, customerId };
}

export async function contractState(world: TestWorld, id: string): Promise<{ status: string; paidMinor: number }> {
  const row = await world.database.db.selectFrom('contracts').select(['status', 'paid_minor']).where('id', '=', id).executeTakeFirstOrThrow();
  return { status: row.status, paidMinor: Number(row.paid_minor) };
}

export async function eventsOf(world: TestWorld, type: string, subject: string): Promise<Array<Record<string, unknown>>> {
  const rows = await world.database.db.selectFrom('events').select('payload').where('type', '=', type).where('subject', '=', subject).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
}
