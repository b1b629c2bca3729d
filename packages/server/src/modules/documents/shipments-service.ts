/**
 * Shipping notes (B1): planned against a signed contract (and optionally one of its orders), shipped, delivered or
 * cancelled through the state machine. Where the contract's terms forbid shipping before payment in full, shipping an
 * unpaid contract is refused with the amounts — unless an approver (documents.approve) overrides it with a reason,
 * which is audited and told in `shipment.shipped`. Delivering the last open shipment of a paid contract does not
 * complete it (POST /contracts/{id}/complete does); `shipment.delivered` says whether it could now be completed.
 */
import { sql, type Selectable } from 'kysely';
import {
  AppError, formatAmount, type Shipment, type ShipmentCreate, type ShipmentListQuery, type ShipmentShip, type ShipmentStatus,
} from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { ShipmentTable } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { can, requirePermission } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { containsText, pageOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { recordCreation, transition } from './transition-log.js';
import { companyDay, nextCodeOf, notFound, requireDocumentVersion, type CompanyReader } from './payments-company.js';

type ShipmentRow = Selectable<ShipmentTable>;
type ShipmentWithContract = ShipmentRow & { contract_trace_code: string };

/** Contracts goods may be planned and shipped for: signed business that is not voided or already completed. */
const shippableStatuses = ['signed', 'partially_paid', 'paid'];

const sortColumns = { createdAt: 'shipments.created_at', plannedOn: 'shipments.planned_on' };

function toShipment(row: ShipmentWithContract): Shipment {
  return {
    id: row.id, traceCode: row.trace_code, status: row.status as ShipmentStatus, version: row.version, contractId: row.contract_id,
    contractTraceCode: row.contract_trace_code, orderId: row.order_id, customerId: row.customer_id, ownerId: row.owner_id, teamId: row.team_id,
    regionId: row.region_id, industry: row.industry, plannedOn: row.planned_on, carrier: row.carrier, trackingNo: row.tracking_no, shippedAt: row.shipped_at,
    shippedOn: row.shipped_on, deliveredAt: row.delivered_at, note: row.note, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export class ShipmentService {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
    /** The company's currency, time zone and document settings (the document settings service reads them). */
    private readonly company: CompanyReader,
  ) {}

  async get(auth: AuthContext, id: string): Promise<Shipment> {
    requirePermission(auth, 'crm.read');
    return toShipment(await this.visible(this.db, auth, id));
  }

  async list(auth: AuthContext, query: ShipmentListQuery): Promise<{ items: Shipment[]; nextCursor: string | null }> {
    requirePermission(auth, 'crm.read');
    let q = this.selectShipments(this.db).where(ownedScope(auth, 'shipments'));
    if (query.status) q = q.where('shipments.status', '=', query.status);
    if (query.contractId) q = q.where('shipments.contract_id', '=', query.contractId);
    if (query.customerId) q = q.where('shipments.customer_id', '=', query.customerId);
    if (query.q) {
      const term = query.q;
      q = q.where((eb) => eb.or([containsText(sql`lower(shipments.trace_code)`, term), containsText(sql`lower(shipments.tracking_no)`, term)]));
    }
    const { rows, nextCursor } = await pageOf(q, query, sortColumns, 'shipments.id');
    return { items: rows.map(toShipment), nextCursor };
  }

  async plan(write: Write, input: ShipmentCreate): Promise<Shipment> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const contract = await tx.selectFrom('contracts').selectAll().where('contracts.id', '=', input.contractId).where(ownedScope(auth, 'contracts')).executeTakeFirst();
    if (!contract) throw new AppError('VALIDATION_FAILED', {}, { 'body.contractId': { en: 'no such contract', 'zh-CN': '没有该合同' } });
    if (!shippableStatuses.includes(contract.status)) {
      throw new AppError('VALIDATION_FAILED', {}, {
        'body.contractId': { en: `shipments are planned for signed contracts; this one is ${contract.status}`, 'zh-CN': `只能为已签约的合同安排发货；该合同状态为“${contract.status}”` },
      });
    }
    if (input.orderId) {
      const order = await tx.selectFrom('purchase_orders').select(['contract_id', 'status']).where('purchase_orders.id', '=', input.orderId).where(ownedScope(auth, 'purchase_orders')).executeTakeFirst();
      if (!order || order.contract_id !== contract.id || order.status === 'cancelled') {
        throw new AppError('VALIDATION_FAILED', {}, { 'body.orderId': { en: 'no open order of this contract', 'zh-CN': '该合同没有这张有效订单' } });
      }
    }
    const company = await this.company(tx, auth.orgId);
    const id = newId();
    const row: ShipmentRow = {
      id, org_id: auth.orgId, trace_code: await nextCodeOf(tx, auth.orgId, company, 'shipment', write.now), customer_id: contract.customer_id,
      owner_id: contract.owner_id, team_id: contract.team_id, region_id: contract.region_id, industry: contract.industry, status: 'planned', currency: contract.currency,
      note: input.note ?? null, created_by: auth.userId, version: 1, created_at: write.now, updated_at: write.now, contract_id: contract.id, order_id: input.orderId ?? null,
      planned_on: input.plannedOn, carrier: input.carrier ?? null, tracking_no: input.trackingNo ?? null, shipped_at: null, shipped_on: null, delivered_at: null,
    };
    await tx.insertInto('shipments').values(row).execute();
    await recordCreation(tx, auth.orgId, 'shipment', id, 'planned', auth.userId, write.now);
    const shipment = toShipment({ ...row, contract_trace_code: contract.trace_code });
    await write.audit({ action: 'create', entityType: 'shipment', entityId: id, after: shipment });
    await write.emit({
      type: 'shipment.planned', subject: id,
      payload: { shipmentId: id, traceCode: row.trace_code, contractId: contract.id, contractTraceCode: contract.trace_code, ownerId: row.owner_id, plannedOn: row.planned_on },
    });
    return shipment;
  }

  async ship(write: Write, id: string, body: ShipmentShip): Promise<Shipment> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('shipment', current, body.version);
    const contract = await tx.selectFrom('contracts').selectAll().where('id', '=', current.contract_id).where('org_id', '=', auth.orgId).executeTakeFirstOrThrow();
    if (current.status === 'planned' && !shippableStatuses.includes(contract.status)) {
      throw new AppError('CONFLICT', {
        detail: { en: `The contract ${contract.trace_code} is ${contract.status}; nothing can be shipped on it.`, 'zh-CN': `合同 ${contract.trace_code} 状态为“${contract.status}”，不能发货。` },
      });
    }
    const totalMinor = Number(contract.total_minor);
    const paidMinor = Number(contract.paid_minor);
    const beforePayment = contract.shipment_before_payment === 0 && paidMinor < totalMinor;
    if (body.override && !can(auth, 'documents.approve')) throw new AppError('FORBIDDEN');
    if (beforePayment && current.status === 'planned' && !body.override) {
      const money = (minor: number) => `${formatAmount(minor, contract.currency)} ${contract.currency}`;
      throw new AppError('CONFLICT', {
        detail: {
          en: `The terms of ${contract.trace_code} forbid shipping before payment in full, and ${money(paidMinor)} of ${money(totalMinor)} is paid. An approver may ship it anyway with an override and a reason.`,
          'zh-CN': `合同 ${contract.trace_code} 约定全额回款后发货，目前已回款 ${money(paidMinor)} / ${money(totalMinor)}。审批人可填写原因后越权发货。`,
        },
      });
    }
    const company = await this.company(tx, auth.orgId);
    const shippedOn = companyDay(write.now, company.timeZone);
    const carrier = body.carrier !== undefined ? body.carrier : current.carrier;
    const trackingNo = body.trackingNo !== undefined ? body.trackingNo : current.tracking_no;
    const override = beforePayment && body.override ? { reason: body.reason!, paidMinor, totalMinor } : null;
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'shipment', id, from: current.status as ShipmentStatus, version: current.version, action: 'ship', actorId: auth.userId,
      reason: override ? override.reason : null, at: write.now, set: { shipped_at: write.now, shipped_on: shippedOn, carrier, tracking_no: trackingNo },
    });
    const shipment = toShipment({ ...current, status: moved.status, version: moved.version, updated_at: write.now, shipped_at: write.now, shipped_on: shippedOn, carrier, tracking_no: trackingNo });
    await write.audit({ action: 'ship', entityType: 'shipment', entityId: id, before: { status: current.status }, after: { status: moved.status, shippedOn } });
    if (override) {
      // Shipping against the contract's terms is a decision someone answers for: its own audit entry, with the amounts.
      await write.audit({ action: 'ship_override', entityType: 'shipment', entityId: id, after: { contractId: contract.id, contractTraceCode: contract.trace_code, ...override, currency: contract.currency } });
    }
    await write.emit({
      type: 'shipment.shipped', subject: id,
      payload: {
        shipmentId: id, traceCode: current.trace_code, contractId: contract.id, contractTraceCode: contract.trace_code, ownerId: current.owner_id,
        shippedAt: write.now, shippedOn, beforePayment, override,
      },
    });
    return shipment;
  }

  async deliver(write: Write, id: string, body: { version?: number | undefined }): Promise<Shipment> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('shipment', current, body.version);
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'shipment', id, from: current.status as ShipmentStatus, version: current.version, action: 'deliver', actorId: auth.userId, at: write.now,
      set: { delivered_at: write.now },
    });
    const contract = await tx.selectFrom('contracts').select(['status', 'total_minor', 'paid_minor']).where('id', '=', current.contract_id).executeTakeFirstOrThrow();
    const open = await tx
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contract_id', '=', current.contract_id)
      .where('status', 'in', ['planned', 'shipped'])
      .executeTakeFirstOrThrow();
    const openShipments = Number(open.n);
    const shipment = toShipment({ ...current, status: moved.status, version: moved.version, updated_at: write.now, delivered_at: write.now });
    await write.audit({ action: 'deliver', entityType: 'shipment', entityId: id, before: { status: current.status }, after: { status: moved.status } });
    await write.emit({
      type: 'shipment.delivered', subject: id,
      payload: {
        shipmentId: id, traceCode: current.trace_code, contractId: current.contract_id, contractTraceCode: current.contract_trace_code, ownerId: current.owner_id,
        deliveredAt: write.now, openShipments, contractStatus: contract.status,
        // The contract may now be completed (by POST /contracts/{id}/complete): paid in full and nothing left on the road.
        contractCompletable: openShipments === 0 && contract.status === 'paid' && Number(contract.paid_minor) >= Number(contract.total_minor),
      },
    });
    return shipment;
  }

  async cancel(write: Write, id: string, body: { version?: number | undefined; reason?: string | undefined }): Promise<Shipment> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('shipment', current, body.version);
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'shipment', id, from: current.status as ShipmentStatus, version: current.version, action: 'cancel', actorId: auth.userId,
      reason: body.reason ?? null, at: write.now,
    });
    const shipment = toShipment({ ...current, status: moved.status, version: moved.version, updated_at: write.now });
    await write.audit({ action: 'cancel', entityType: 'shipment', entityId: id, before: { status: current.status }, after: { status: moved.status, reason: body.reason ?? null } });
    await write.emit({ type: 'shipment.cancelled', subject: id, payload: { shipmentId: id, traceCode: current.trace_code, contractId: current.contract_id, ownerId: current.owner_id, reason: body.reason ?? null } });
    return shipment;
  }

  private selectShipments(db: Executor) {
    return db.selectFrom('shipments').innerJoin('contracts', 'contracts.id', 'shipments.contract_id').selectAll('shipments').select('contracts.trace_code as contract_trace_code');
  }

  private async visible(db: Executor, auth: AuthContext, id: string, lock = false): Promise<ShipmentWithContract> {
    const row = await this.selectShipments(db)
      .where('shipments.id', '=', id)
      .where(ownedScope(auth, 'shipments'))
      .$if(lock && this.dialect === 'postgres', (q) => q.forUpdate('shipments'))
      .executeTakeFirst();
    if (!row) throw notFound('shipment');
    return row;
  }
}
