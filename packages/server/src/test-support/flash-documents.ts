/**
 * Documents for the figures and flash tests, written as rows with the events their services emit (same payloads):
 * these suites test what is counted from signed contracts, receipts and shipments, not the workflows that make them.
 * Every write is one transaction, like a service's. Days are the company's (Asia/Shanghai in the test world).
 * Amounts in minor units (fen).
 */
import { addCalendarDays, companyDate, customerCreate, searchText, type Industry } from '@closeloop/core';
import type { Person, TestWorld } from './fixture.js';
import type { Executor } from '../platform/db/database.js';
import { appendEvent } from '../platform/events/outbox.js';
import { newId } from '../platform/ids.js';
import { buildCustomerRow } from '../modules/customers/index.js';

let serial = 0;
const timeZone = 'Asia/Shanghai';

export interface SignOptions {
  customerId?: string;
  totalMinor?: number;
  quantity?: number;
  floorPriceMinor?: number | null;
  shipmentBeforePayment?: boolean;
  termsDays?: number;
}

export class DocumentFactory {
  constructor(private readonly world: TestWorld) {}

  get db() {
    return this.world.database.db;
  }

  now(): string {
    return this.world.clock.now().toISOString();
  }

  today(): string {
    return companyDate(this.world.clock.now(), timeZone);
  }

  async customer(owner: Person, industry: Industry = 'manufacturing'): Promise<string> {
    const user = await this.db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', this.world.ids[owner]).executeTakeFirstOrThrow();
    const input = customerCreate.parse({ name: `快报客户 ${(serial += 1)}`, industry });
    const row = buildCustomerRow({ id: newId(), orgId: user.org_id, ownerId: this.world.ids[owner], teamId: user.team_id, now: this.now() }, input);
    await this.db.insertInto('customers').values(row).execute();
    return row.id;
  }

  /** A contract signed now, one line; emits contract.signed as ContractService does. */
  async sign(owner: Person, options: SignOptions = {}): Promise<{ id: string; customerId: string; traceCode: string; totalMinor: number }> {
    const customerId = options.customerId ?? (await this.customer(owner));
    const customer = await this.db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
    const quantity = options.quantity ?? 1;
    const totalMinor = options.totalMinor ?? 100_000;
    const n = (serial += 1);
    const now = this.now();
    const signedOn = this.today();
    const [y, m, d] = signedOn.split('-').map(Number) as [number, number, number];
    const due = addCalendarDays({ year: y, month: m, day: d }, options.termsDays ?? 30);
    const dueOn = `${due.year}-${String(due.month).padStart(2, '0')}-${String(due.day).padStart(2, '0')}`;
    const id = newId();
    const traceCode = `HT-2026-${String(n).padStart(6, '0')}`;
    await this.db.transaction().execute(async (tx) => {
      const productId = newId();
      await tx.insertInto('products').values({
        id: productId, org_id: customer.org_id, sku: `FL-${n}`, name: `快报产品 ${n}`, category: null, unit: '套', currency: 'CNY',
        list_price_minor: Math.floor(totalMinor / quantity), floor_price_minor: options.floorPriceMinor ?? 0, search_text: searchText([`快报产品 ${n}`]), status: 'active', version: 1, created_at: now, updated_at: now,
      }).execute();
      await tx.insertInto('contracts').values({
        id, org_id: customer.org_id, trace_code: traceCode, customer_id: customerId, owner_id: customer.owner_id, team_id: customer.team_id,
        region_id: customer.region_id, industry: customer.industry, status: 'signed', currency: 'CNY', note: null, created_by: customer.owner_id,
        version: 1, created_at: now, updated_at: now, title: `快报合同 ${n}`, total_minor: totalMinor, paid_minor: 0, rebate_bp: 0,
        payment_terms_days: options.termsDays ?? 30, shipment_before_payment: options.shipmentBeforePayment === false ? 0 : 1, submitted_at: now, signed_at: now,
        signed_on: signedOn, due_on: dueOn, checks: null,
      }).execute();
      await tx.insertInto('contract_lines').values({
        id: newId(), org_id: customer.org_id, contract_id: id, line_no: 1, product_id: productId, quantity, unit_price_minor: Math.floor(totalMinor / quantity),
        amount_minor: totalMinor, list_price_minor: null, floor_price_minor: options.floorPriceMinor ?? null, policy_id: null,
      }).execute();
      await this.transitionRow(tx, customer.org_id, 'contract', id, 'approve_final', 'in_approval', 'signed');
      await appendEvent(tx, this.world.clock, {
        orgId: customer.org_id, type: 'contract.signed', subject: id,
        payload: {
          contractId: id, traceCode, customerId, ownerId: customer.owner_id, teamId: customer.team_id, regionId: customer.region_id, industry: customer.industry,
          totalMinor, currency: 'CNY', signedOn, signedAt: now,
        },
      });
    });
    return { id, customerId, traceCode, totalMinor };
  }

  /** Voids an unpaid signed contract now; emits contract.voided as ContractService does. */
  async voidContract(id: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await tx.updateTable('contracts').set({ status: 'voided', version: row.version + 1, updated_at: this.now() }).where('id', '=', id).execute();
      await this.transitionRow(tx, row.org_id, 'contract', id, 'void', row.status, 'voided');
      await appendEvent(tx, this.world.clock, {
        orgId: row.org_id, type: 'contract.voided', subject: id,
        payload: {
          contractId: id, traceCode: row.trace_code, customerId: row.customer_id, ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id,
          industry: row.industry, signedOn: row.signed_on, totalMinor: Number(row.total_minor), currency: row.currency, previousStatus: row.status, reason: '测试作废',
        },
      });
    });
  }

  /**
   * A receipt confirmed now, paying the allocations; `amountMinor` (default their sum) may differ to make a mismatch.
   * Emits payment.confirmed as ReceiptService does.
   */
  async receipt(customerId: string, allocations: Array<{ contractId: string; amountMinor: number }>, options: { amountMinor?: number; bankReference?: string | null; receivedOn?: string } = {}): Promise<{ id: string; traceCode: string }> {
    const id = newId();
    const traceCode = `HK-2026-${String((serial += 1)).padStart(6, '0')}`;
    const now = this.now();
    const today = this.today();
    await this.db.transaction().execute(async (tx) => {
      const customer = await tx.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirstOrThrow();
      const amountMinor = options.amountMinor ?? allocations.reduce((s, a) => s + a.amountMinor, 0);
      await tx.insertInto('receipts').values({
        id, org_id: customer.org_id, trace_code: traceCode, customer_id: customerId, owner_id: customer.owner_id, team_id: customer.team_id, region_id: customer.region_id,
        industry: customer.industry, status: 'confirmed', currency: 'CNY', note: null, created_by: this.world.ids.ops, version: 2, created_at: now, updated_at: now,
        amount_minor: amountMinor, received_on: options.receivedOn ?? today, bank_reference: options.bankReference ?? null, payer_name: null,
        confirmed_by: this.world.ids.ops, confirmed_at: now, confirmed_on: today, reversed_at: null, reversed_on: null,
      }).execute();
      const payload = [];
      for (const a of allocations) {
        await tx.insertInto('receipt_allocations').values({ id: newId(), org_id: customer.org_id, receipt_id: id, contract_id: a.contractId, amount_minor: a.amountMinor, created_at: now }).execute();
        payload.push(await this.movePaid(tx, a.contractId, a.amountMinor));
      }
      await appendEvent(tx, this.world.clock, {
        orgId: customer.org_id, type: 'payment.confirmed', subject: id,
        payload: { receiptId: id, traceCode, customerId, amountMinor, currency: 'CNY', confirmedAt: now, confirmedOn: today, confirmedBy: this.world.ids.ops, allocations: payload },
      });
    });
    return { id, traceCode };
  }

  /**
   * Refunds or voids a confirmed receipt now — a refund of `parts` only (per contract) when given, which keeps it
   * confirmed while money is left — writing the reversal ledger and emitting payment.refunded / payment.voided as
   * ReceiptService does.
   */
  async reverse(receiptId: string, action: 'refund' | 'void', parts?: Array<{ contractId: string; amountMinor: number }>): Promise<void> {
    const now = this.now();
    const today = this.today();
    await this.db.transaction().execute(async (tx) => {
      const receipt = await tx.selectFrom('receipts').selectAll().where('id', '=', receiptId).executeTakeFirstOrThrow();
      const allocations = await tx.selectFrom('receipt_allocations').selectAll().where('receipt_id', '=', receiptId).execute();
      const before = await tx.selectFrom('receipt_reversals').select(['contract_id', 'amount_minor']).where('receipt_id', '=', receiptId).execute();
      const left = new Map(allocations.map((a) => [a.contract_id, Number(a.amount_minor) - before.filter((b) => b.contract_id === a.contract_id).reduce((s, b) => s + Number(b.amount_minor), 0)]));
      const lines = (parts ?? [...left].map(([contractId, amountMinor]) => ({ contractId, amountMinor }))).filter((l) => l.amountMinor > 0);
      const remaining = [...left.values()].reduce((s, v) => s + v, 0) - lines.reduce((s, l) => s + l.amountMinor, 0);
      const final = action === 'void' || remaining === 0;
      await tx.updateTable('receipts')
        .set({ status: final ? (action === 'refund' ? 'refunded' : 'voided') : 'confirmed', ...(final ? { reversed_at: now, reversed_on: today } : {}), version: receipt.version + 1, updated_at: now })
        .where('id', '=', receiptId).execute();
      const reversalId = newId();
      const payload = [];
      for (const l of lines) {
        payload.push(await this.movePaid(tx, l.contractId, -l.amountMinor));
        await tx.insertInto('receipt_reversals').values({
          id: newId(), org_id: receipt.org_id, reversal_id: reversalId, receipt_id: receiptId, contract_id: l.contractId, kind: action, amount_minor: l.amountMinor,
          reason: '测试', actor_id: this.world.ids.ops, reversed_at: now, reversed_on: today,
        }).execute();
      }
      await appendEvent(tx, this.world.clock, {
        orgId: receipt.org_id, type: action === 'refund' ? 'payment.refunded' : 'payment.voided', subject: receiptId,
        payload: {
          receiptId, traceCode: receipt.trace_code, customerId: receipt.customer_id, amountMinor: Number(receipt.amount_minor), currency: 'CNY',
          confirmedAt: receipt.confirmed_at, confirmedOn: receipt.confirmed_on, allocations: payload, reversedAt: now, reversedOn: today, reason: '测试',
        },
      });
    });
  }

  /** A shipment of the contract shipped now. */
  async ship(contractId: string): Promise<{ id: string; traceCode: string }> {
    const contract = await this.db.selectFrom('contracts').selectAll().where('id', '=', contractId).executeTakeFirstOrThrow();
    const id = newId();
    const traceCode = `FH-2026-${String((serial += 1)).padStart(6, '0')}`;
    const now = this.now();
    await this.db.insertInto('shipments').values({
      id, org_id: contract.org_id, trace_code: traceCode, customer_id: contract.customer_id, owner_id: contract.owner_id, team_id: contract.team_id,
      region_id: contract.region_id, industry: contract.industry, status: 'shipped', currency: 'CNY', note: null, created_by: contract.owner_id, version: 2,
      created_at: now, updated_at: now, contract_id: contractId, order_id: null, planned_on: this.today(), carrier: null, tracking_no: null,
      shipped_at: now, shipped_on: this.today(), delivered_at: null,
    }).execute();
    return { id, traceCode };
  }

  private async movePaid(tx: Executor, contractId: string, deltaMinor: number) {
    const c = await tx.selectFrom('contracts').selectAll().where('id', '=', contractId).executeTakeFirstOrThrow();
    const paid = Number(c.paid_minor) + deltaMinor;
    const total = Number(c.total_minor);
    const status = c.status === 'voided' || c.status === 'completed' ? c.status : paid <= 0 ? 'signed' : paid >= total ? 'paid' : 'partially_paid';
    await tx.updateTable('contracts').set({ paid_minor: paid, status, version: c.version + 1, updated_at: this.now() }).where('id', '=', contractId).execute();
    await this.transitionRow(tx, c.org_id, 'contract', contractId, deltaMinor > 0 ? 'record_payment' : 'reverse_payment', c.status, status);
    return {
      contractId, contractTraceCode: c.trace_code, amountMinor: Math.abs(deltaMinor), ownerId: c.owner_id, teamId: c.team_id, regionId: c.region_id, industry: c.industry,
      contractTotalMinor: total, contractPaidMinor: paid, contractStatus: status, contractSignedOn: c.signed_on, lines: [],
    };
  }

  private async transitionRow(tx: Executor, orgId: string, type: string, id: string, action: string, from: string, to: string): Promise<void> {
    await tx.insertInto('document_transitions').values({ id: newId(), org_id: orgId, doc_type: type, doc_id: id, action, from_status: from, to_status: to, actor_id: null, reason: null, at: this.now() }).execute();
  }
}
