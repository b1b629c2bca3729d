/**
 * Contracts for the authorisation matrix, written straight into the database in the state each action needs: each
 * belongs to the relation's seeded customer and so carries its owner, team, region and industry, as the service
 * copies them. Trace codes use the year 2098 so they never meet the codes the service hands out. Minor units (fen).
 */
import type { TestWorld } from '../test-support/fixture.js';
import { newId } from '../platform/ids.js';
import { marker } from './access-world.js';

let serial = 0;

export type MatrixContractState = 'draft' | 'rejected' | 'in_approval' | 'paid';

export class ContractFactory {
  constructor(private readonly world: TestWorld) {}

  /** A contract of one line (the given product, 10,000.00 at list price) in `state`; in approval it waits on a step of `role`. */
  async contract(customerId: string, productId: string, state: MatrixContractState, role: 'manager' | 'ops' | 'admin' = 'manager'): Promise<{ id: string; traceCode: string; approvalId: string | null }> {
    const db = this.world.database.db;
    const now = this.world.clock.now().toISOString();
    const c = await db.selectFrom('customers').select(['org_id', 'owner_id', 'team_id', 'region_id', 'industry']).where('id', '=', customerId).executeTakeFirstOrThrow();
    const id = newId();
    const traceCode = `HT-2098-${String((serial += 1)).padStart(6, '0')}`;
    const paid = state === 'paid';
    await db.insertInto('contracts').values({
      id, org_id: c.org_id, trace_code: traceCode, customer_id: customerId, owner_id: c.owner_id, team_id: c.team_id, region_id: c.region_id, industry: c.industry,
      status: state, currency: 'CNY', note: null, created_by: c.owner_id, version: 1, created_at: now, updated_at: now, title: `${marker} 合同 ${serial}`,
      total_minor: 1_000_000, paid_minor: paid ? 1_000_000 : 0, rebate_bp: 0, payment_terms_days: 30, shipment_before_payment: 1,
      submitted_at: state === 'draft' ? null : now, signed_at: paid ? now : null, signed_on: paid ? '2026-11-02' : null, due_on: paid ? '2026-12-02' : null,
      checks: state === 'in_approval' ? JSON.stringify({ checkedAt: now, checkedOn: '2026-11-02', violations: [], overriddenBy: null, overriddenAt: null, overrideComment: null }) : null,
    }).execute();
    await db.insertInto('contract_lines').values({
      id: newId(), org_id: c.org_id, contract_id: id, line_no: 1, product_id: productId, quantity: 1, unit_price_minor: 1_000_000, amount_minor: 1_000_000,
      list_price_minor: null, floor_price_minor: null, policy_id: null,
    }).execute();
    let approvalId: string | null = null;
    if (state === 'in_approval') {
      approvalId = newId();
      await db.insertInto('contract_approvals').values({
        id: approvalId, org_id: c.org_id, contract_id: id, round: 1, step_no: 1, approver_role: role, approver_id: null, status: 'pending', decided_by: null,
        decided_at: null, comment: null, overrides: null, due_at: null, created_at: now, may_override: 1,
      }).execute();
    }
    if (paid) {
      await db.insertInto('shipments').values({
        id: newId(), org_id: c.org_id, trace_code: `FH-2098-${String(serial).padStart(6, '0')}`, customer_id: customerId, owner_id: c.owner_id, team_id: c.team_id,
        region_id: c.region_id, industry: c.industry, status: 'delivered', currency: 'CNY', note: null, created_by: c.owner_id, version: 1, created_at: now, updated_at: now,
        contract_id: id, order_id: null, planned_on: '2026-11-02', carrier: null, tracking_no: null, shipped_at: now, shipped_on: '2026-11-02', delivered_at: now,
      }).execute();
    }
    return { id, traceCode, approvalId };
  }
}
