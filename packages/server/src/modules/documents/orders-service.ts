/**
 * Purchase orders (B1): placed against a signed contract for all or part of it, then confirmed, fulfilled or
 * cancelled through the state machine. An order copies its contract's customer and scope (owner, team, region,
 * industry), so it is read exactly as the contract is. Amounts are integer minor units of the company currency.
 */
import { sql, type Selectable } from 'kysely';
import {
  AppError, formatAmount, type PurchaseOrder, type PurchaseOrderAction, type PurchaseOrderCreate, type PurchaseOrderListQuery, type PurchaseOrderStatus,
} from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { PurchaseOrderTable } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { containsText, pageOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { recordCreation, transition } from './transition-log.js';
import { companyDay, nextCodeOf, notFound, requireDocumentVersion, type CompanyReader } from './payments-company.js';

type OrderRow = Selectable<PurchaseOrderTable>;
type OrderWithContract = OrderRow & { contract_trace_code: string };

/** Contracts an order may be placed on: signed business, paid or not. */
const orderableStatuses = ['signed', 'partially_paid', 'paid'];

const sortColumns = { createdAt: 'purchase_orders.created_at', orderedOn: 'purchase_orders.ordered_on', amountMinor: 'purchase_orders.amount_minor' };

function toPurchaseOrder(row: OrderWithContract): PurchaseOrder {
  return {
    id: row.id, traceCode: row.trace_code, status: row.status as PurchaseOrderStatus, version: row.version, contractId: row.contract_id,
    contractTraceCode: row.contract_trace_code, customerId: row.customer_id, ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id,
    industry: row.industry, amountMinor: Number(row.amount_minor), currency: row.currency, orderedOn: row.ordered_on, customerReference: row.customer_reference,
    note: row.note, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

const pastTense: Record<PurchaseOrderAction, string> = { confirm: 'confirmed', fulfil: 'fulfilled', cancel: 'cancelled' };

export class PurchaseOrderService {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
    /** The company's currency, time zone and document settings (the document settings service reads them). */
    private readonly company: CompanyReader,
  ) {}

  async get(auth: AuthContext, id: string): Promise<PurchaseOrder> {
    requirePermission(auth, 'crm.read');
    return toPurchaseOrder(await this.visible(this.db, auth, id));
  }

  async list(auth: AuthContext, query: PurchaseOrderListQuery): Promise<{ items: PurchaseOrder[]; nextCursor: string | null }> {
    requirePermission(auth, 'crm.read');
    let q = this.selectOrders(this.db).where(ownedScope(auth, 'purchase_orders'));
    if (query.status) q = q.where('purchase_orders.status', '=', query.status);
    if (query.contractId) q = q.where('purchase_orders.contract_id', '=', query.contractId);
    if (query.customerId) q = q.where('purchase_orders.customer_id', '=', query.customerId);
    if (query.q) {
      const term = query.q;
      q = q.where((eb) => eb.or([containsText(sql`lower(purchase_orders.trace_code)`, term), containsText(sql`lower(purchase_orders.customer_reference)`, term)]));
    }
    const { rows, nextCursor } = await pageOf(q, query, sortColumns, 'purchase_orders.id');
    return { items: rows.map(toPurchaseOrder), nextCursor };
  }

  async create(write: Write, input: PurchaseOrderCreate): Promise<PurchaseOrder> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const contract = await tx
      .selectFrom('contracts')
      .selectAll()
      .where('contracts.id', '=', input.contractId)
      .where(ownedScope(auth, 'contracts'))
      .$if(this.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!contract) throw new AppError('VALIDATION_FAILED', {}, { 'body.contractId': { en: 'no such contract', 'zh-CN': '没有该合同' } });
    if (!orderableStatuses.includes(contract.status)) {
      throw new AppError('VALIDATION_FAILED', {}, {
        'body.contractId': { en: `orders are placed on signed contracts; this one is ${contract.status}`, 'zh-CN': `只能对已签约的合同下单；该合同状态为“${contract.status}”` },
      });
    }
    const ordered = await tx
      .selectFrom('purchase_orders')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('total'))
      .where('contract_id', '=', contract.id)
      .where('status', '<>', 'cancelled')
      .executeTakeFirstOrThrow();
    const totalMinor = Number(contract.total_minor);
    const leftMinor = totalMinor - Number(ordered.total);
    const amountMinor = input.amountMinor ?? leftMinor;
    if (amountMinor <= 0 || amountMinor > leftMinor) {
      const money = (minor: number) => `${formatAmount(minor, contract.currency)} ${contract.currency}`;
      throw new AppError('VALIDATION_FAILED', {}, {
        'body.amountMinor': {
          en: `the contract's open orders may add up to its total ${money(totalMinor)}; ${money(Math.max(0, leftMinor))} is left to order`,
          'zh-CN': `合同的有效订单合计不能超过合同总额 ${money(totalMinor)}；还可下单 ${money(Math.max(0, leftMinor))}`,
        },
      });
    }
    const company = await this.company(tx, auth.orgId);
    const id = newId();
    const row: OrderRow = {
      id, org_id: auth.orgId, trace_code: await nextCodeOf(tx, auth.orgId, company, 'purchase_order', write.now), customer_id: contract.customer_id,
      owner_id: contract.owner_id, team_id: contract.team_id, region_id: contract.region_id, industry: contract.industry, status: 'placed', currency: contract.currency,
      note: input.note ?? null, created_by: auth.userId, version: 1, created_at: write.now, updated_at: write.now, contract_id: contract.id, amount_minor: amountMinor,
      ordered_on: input.orderedOn ?? companyDay(write.now, company.timeZone), customer_reference: input.customerReference ?? null,
    };
    await tx.insertInto('purchase_orders').values(row).execute();
    await recordCreation(tx, auth.orgId, 'purchase_order', id, 'placed', auth.userId, write.now);
    const order = toPurchaseOrder({ ...row, contract_trace_code: contract.trace_code });
    await write.audit({ action: 'create', entityType: 'purchase_order', entityId: id, after: order });
    await write.emit({
      type: 'purchase_order.placed', subject: id,
      payload: { orderId: id, traceCode: row.trace_code, contractId: contract.id, contractTraceCode: contract.trace_code, ownerId: row.owner_id, amountMinor, currency: row.currency },
    });
    return order;
  }

  async act(write: Write, id: string, action: PurchaseOrderAction, body: { version?: number | undefined; reason?: string | undefined }): Promise<PurchaseOrder> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id);
    requireDocumentVersion('purchase_order', current, body.version);
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'purchase_order', id, from: current.status as PurchaseOrderStatus, version: current.version, action, actorId: auth.userId,
      reason: body.reason ?? null, at: write.now,
    });
    const order = toPurchaseOrder({ ...current, status: moved.status, version: moved.version, updated_at: write.now });
    await write.audit({ action, entityType: 'purchase_order', entityId: id, before: { status: current.status }, after: { status: moved.status, reason: body.reason ?? null } });
    await write.emit({
      type: `purchase_order.${pastTense[action]}`, subject: id,
      payload: { orderId: id, traceCode: current.trace_code, contractId: current.contract_id, ownerId: current.owner_id, amountMinor: order.amountMinor, reason: body.reason ?? null },
    });
    return order;
  }

  private selectOrders(db: Executor) {
    return db
      .selectFrom('purchase_orders')
      .innerJoin('contracts', 'contracts.id', 'purchase_orders.contract_id')
      .selectAll('purchase_orders')
      .select('contracts.trace_code as contract_trace_code');
  }

  private async visible(db: Executor, auth: AuthContext, id: string): Promise<OrderWithContract> {
    const row = await this.selectOrders(db).where('purchase_orders.id', '=', id).where(ownedScope(auth, 'purchase_orders')).executeTakeFirst();
    if (!row) throw notFound('purchase_order');
    return row;
  }
}
