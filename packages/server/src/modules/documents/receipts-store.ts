/**
 * Every query on receipts and their allocations. Reads take the caller's scope from the access layer (receipts carry
 * their customer's owner, team, region and industry); the money-moving reads lock their rows on PostgreSQL so two
 * confirmations touching one contract run one after the other (SQLite's single writer serialises them anyway).
 */
import { sql, type Selectable } from 'kysely';
import type { Receipt, ReceiptListQuery } from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { ContractTable, ReceiptTable } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import { containsText, pageOf } from '../../platform/http/pagination.js';

export type ReceiptRow = Selectable<ReceiptTable>;
export type ContractRow = Selectable<ContractTable>;

export interface AllocationView {
  contractId: string;
  contractTraceCode: string;
  contractTitle: string;
  amountMinor: number;
  /** What refunds have taken back of this allocation since confirmation. */
  refundedMinor: number;
}

/** One contract's part of a refund or void of confirmed money, as the ledger keeps it. */
export interface ReversalLine {
  contractId: string;
  amountMinor: number;
}

const receiptSortColumns = { createdAt: 'receipts.created_at', receivedOn: 'receipts.received_on', amountMinor: 'receipts.amount_minor' };

export function toReceipt(row: ReceiptRow, allocations: AllocationView[]): Receipt {
  const allocatedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0);
  const amountMinor = Number(row.amount_minor);
  return {
    id: row.id,
    traceCode: row.trace_code,
    status: row.status as Receipt['status'],
    version: row.version,
    customerId: row.customer_id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    regionId: row.region_id,
    industry: row.industry,
    amountMinor,
    currency: row.currency,
    allocatedMinor,
    unallocatedMinor: amountMinor - allocatedMinor,
    refundedMinor: allocations.reduce((sum, a) => sum + a.refundedMinor, 0),
    receivedOn: row.received_on,
    bankReference: row.bank_reference,
    payerName: row.payer_name,
    note: row.note,
    allocations,
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at,
    confirmedOn: row.confirmed_on,
    reversedAt: row.reversed_at,
    reversedOn: row.reversed_on,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class ReceiptStore {
  constructor(private readonly dialect: Dialect) {}

  /** One receipt the caller may see, or undefined; `lock` holds its row until the transaction ends (PostgreSQL). */
  findVisible(db: Executor, auth: AuthContext, id: string, lock = false): Promise<ReceiptRow | undefined> {
    return db
      .selectFrom('receipts')
      .selectAll()
      .where('receipts.id', '=', id)
      .where(ownedScope(auth, 'receipts'))
      .$if(lock && this.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  }

  /** Allocations of receipts with their contracts' codes and titles and what refunds took back, in the order they were entered. */
  async allocationsOf(db: Executor, receiptIds: readonly string[]): Promise<Map<string, AllocationView[]>> {
    const byReceipt = new Map<string, AllocationView[]>(receiptIds.map((id) => [id, []]));
    if (receiptIds.length === 0) return byReceipt;
    const refunded = new Map<string, number>();
    const refunds = await db
      .selectFrom('receipt_reversals')
      .select(['receipt_id', 'contract_id', (eb) => eb.fn.sum<string | number>('amount_minor').as('minor')])
      .where('receipt_id', 'in', [...receiptIds])
      .where('kind', '=', 'refund')
      .groupBy(['receipt_id', 'contract_id'])
      .execute();
    for (const r of refunds) refunded.set(`${r.receipt_id}|${r.contract_id}`, Number(r.minor));
    const rows = await db
      .selectFrom('receipt_allocations')
      .innerJoin('contracts', 'contracts.id', 'receipt_allocations.contract_id')
      .select(['receipt_allocations.receipt_id', 'receipt_allocations.contract_id', 'receipt_allocations.amount_minor', 'receipt_allocations.id', 'contracts.trace_code', 'contracts.title'])
      .where('receipt_allocations.receipt_id', 'in', [...receiptIds])
      .orderBy('receipt_allocations.id')
      .execute();
    for (const row of rows) {
      byReceipt.get(row.receipt_id)?.push({
        contractId: row.contract_id, contractTraceCode: row.trace_code, contractTitle: row.title, amountMinor: Number(row.amount_minor),
        refundedMinor: refunded.get(`${row.receipt_id}|${row.contract_id}`) ?? 0,
      });
    }
    return byReceipt;
  }

  /** Contracts of the organisation the caller may see, among `ids`. */
  visibleContracts(db: Executor, auth: AuthContext, ids: readonly string[]): Promise<ContractRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('contracts').selectAll().where('contracts.id', 'in', [...ids]).where(ownedScope(auth, 'contracts')).execute();
  }

  /**
   * The contracts a confirmation, refund or void moves, locked in id order on PostgreSQL: a second transaction paying
   * one of them waits here and then reads the paid amount the first one left, so together they cannot overpay. Id
   * order means two receipts sharing two contracts never lock them crosswise.
   */
  lockContracts(db: Executor, orgId: string, ids: readonly string[]): Promise<ContractRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('contracts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', 'in', [...ids])
      .orderBy('id')
      .$if(this.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
  }

  /** Writes one refund's or void's parts to the ledger, one row per contract; they share `reversalId`. */
  async recordReversal(
    db: Executor,
    reversal: { orgId: string; reversalId: string; receiptId: string; kind: 'refund' | 'void'; reason: string; actorId: string; at: string; on: string },
    lines: readonly ReversalLine[],
    newId: () => string,
  ): Promise<void> {
    if (lines.length === 0) return;
    await db
      .insertInto('receipt_reversals')
      .values(lines.map((l) => ({
        id: newId(), org_id: reversal.orgId, reversal_id: reversal.reversalId, receipt_id: reversal.receiptId, contract_id: l.contractId, kind: reversal.kind,
        amount_minor: l.amountMinor, reason: reversal.reason, actor_id: reversal.actorId, reversed_at: reversal.at, reversed_on: reversal.on,
      })))
      .execute();
  }

  async replaceAllocations(db: Executor, orgId: string, receiptId: string, allocations: ReadonlyArray<{ id: string; contractId: string; amountMinor: number }>, now: string): Promise<void> {
    await db.deleteFrom('receipt_allocations').where('receipt_id', '=', receiptId).execute();
    if (allocations.length === 0) return;
    await db
      .insertInto('receipt_allocations')
      .values(allocations.map((a) => ({ id: a.id, org_id: orgId, receipt_id: receiptId, contract_id: a.contractId, amount_minor: a.amountMinor, created_at: now })))
      .execute();
  }

  list(db: Executor, auth: AuthContext, query: ReceiptListQuery) {
    let q = db.selectFrom('receipts').selectAll().where(ownedScope(auth, 'receipts'));
    if (query.status) q = q.where('receipts.status', '=', query.status);
    if (query.customerId) q = q.where('receipts.customer_id', '=', query.customerId);
    if (query.contractId) {
      const contractId = query.contractId;
      q = q.where('receipts.id', 'in', (eb) => eb.selectFrom('receipt_allocations').select('receipt_allocations.receipt_id').where('receipt_allocations.contract_id', '=', contractId));
    }
    if (query.receivedFrom) q = q.where('receipts.received_on', '>=', query.receivedFrom);
    if (query.receivedTo) q = q.where('receipts.received_on', '<=', query.receivedTo);
    if (query.q) {
      const term = query.q;
      // lower(): PostgreSQL's LIKE is case-sensitive and the pattern is lower-cased.
      q = q.where((eb) => eb.or([containsText(sql`lower(receipts.trace_code)`, term), containsText(sql`lower(receipts.bank_reference)`, term), containsText(sql`lower(receipts.payer_name)`, term)]));
    }
    return pageOf(q, query, receiptSortColumns, 'receipts.id');
  }
}
