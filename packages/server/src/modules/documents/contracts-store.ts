/**
 * Every query on contracts, their lines and approval steps. Reads of contracts take the caller's scope from the
 * access layer (ownedScope); the life story reads each table once by contract id or by the linked documents' ids,
 * all on indexes, so opening a contract's whole life stays fast with millions of documents.
 */
import { sql } from 'kysely';
import { creditHoldingStatuses, parseTraceCode, signedContractStatuses } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import type { Selectable } from 'kysely';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

export type ContractRow = Selectable<Database['contracts']>;
export type ContractLineRow = Selectable<Database['contract_lines']>;
export type ContractApprovalRow = Selectable<Database['contract_approvals']>;

export interface ContractFilters {
  q?: string | undefined;
  status?: string | undefined;
  ownerId?: string | undefined;
  customerId?: string | undefined;
  signedFrom?: string | undefined;
  signedTo?: string | undefined;
}

export const contractSortColumns = {
  createdAt: 'contracts.created_at', updatedAt: 'contracts.updated_at', signedOn: 'contracts.signed_on', totalMinor: 'contracts.total_minor', traceCode: 'contracts.trace_code',
};

export type ContractListRow = ContractRow & { customer_name: string };

export class ContractStore {
  /** One contract the caller may see, or undefined (missing and out of scope look the same). */
  findVisible(db: Executor, auth: AuthContext, id: string): Promise<ContractRow | undefined> {
    return db.selectFrom('contracts').selectAll().where('id', '=', id).where(ownedScope(auth, 'contracts')).executeTakeFirst();
  }

  find(db: Executor, orgId: string, id: string): Promise<ContractRow | undefined> {
    return db.selectFrom('contracts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  list(db: Executor, auth: AuthContext, filters: ContractFilters, page: PageRequest) {
    let query = db
      .selectFrom('contracts')
      .innerJoin('customers', 'customers.id', 'contracts.customer_id')
      .where(ownedScope(auth, 'contracts'));
    if (filters.status) query = query.where('contracts.status', '=', filters.status);
    if (filters.ownerId) query = query.where('contracts.owner_id', '=', filters.ownerId);
    if (filters.customerId) query = query.where('contracts.customer_id', '=', filters.customerId);
    if (filters.signedFrom) query = query.where('contracts.signed_on', '>=', filters.signedFrom);
    if (filters.signedTo) query = query.where('contracts.signed_on', '<=', filters.signedTo);
    if (filters.q) {
      const code = parseTraceCode(filters.q);
      // A trace code is looked up on its unique index; anything else searches titles.
      query = code ? query.where('contracts.trace_code', '=', filters.q.trim().toUpperCase()) : query.where(containsText(sql`lower(contracts.title)`, filters.q));
    }
    return pageOf(query.selectAll('contracts').select('customers.name as customer_name'), page, contractSortColumns, 'contracts.id') as Promise<{ rows: ContractListRow[]; nextCursor: string | null }>;
  }

  async customerName(db: Executor, customerId: string): Promise<string> {
    const row = await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
    return row?.name ?? '';
  }

  lines(db: Executor, contractId: string): Promise<ContractLineRow[]> {
    return db.selectFrom('contract_lines').selectAll().where('contract_id', '=', contractId).orderBy('line_no').execute();
  }

  async productNames(db: Executor, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('products').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The steps of a round (the latest when `round` is left out), in order. */
  async approvals(db: Executor, contractId: string, round?: number): Promise<ContractApprovalRow[]> {
    let query = db.selectFrom('contract_approvals').selectAll().where('contract_id', '=', contractId);
    if (round !== undefined) query = query.where('round', '=', round);
    else query = query.where('round', '=', (eb) => eb.selectFrom('contract_approvals as latest').select((e) => e.fn.max('latest.round').as('r')).where('latest.contract_id', '=', contractId));
    return query.orderBy('step_no').execute();
  }

  findApproval(db: Executor, orgId: string, contractId: string, approvalId: string): Promise<ContractApprovalRow | undefined> {
    return db.selectFrom('contract_approvals').selectAll().where('org_id', '=', orgId).where('contract_id', '=', contractId).where('id', '=', approvalId).executeTakeFirst();
  }

  async latestRound(db: Executor, contractId: string): Promise<number> {
    const row = await db.selectFrom('contract_approvals').select((e) => e.fn.max('round').as('r')).where('contract_id', '=', contractId).executeTakeFirst();
    return Number(row?.r ?? 0);
  }

  /** Moves a step from one status to another; false when someone else decided it first. */
  async moveApproval(db: Executor, id: string, from: string, set: Partial<ContractApprovalRow>): Promise<boolean> {
    const result = await db.updateTable('contract_approvals').set({ ...set }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** What the customer owes on its other credit-holding contracts (B2), before this one. */
  async otherOpenContracts(db: Executor, orgId: string, customerId: string, exceptId: string) {
    const rows = await db
      .selectFrom('contracts')
      .select(['status', 'total_minor', 'paid_minor'])
      .where('customer_id', '=', customerId)
      .where('org_id', '=', orgId)
      .where('id', '<>', exceptId)
      .where('status', 'in', [...creditHoldingStatuses])
      .execute();
    return rows.map((r) => ({ status: r.status, totalMinor: Number(r.total_minor), paidMinor: Number(r.paid_minor) }));
  }

  /** The partner's signed contracts in a calendar year (YYYY-01-01 … YYYY-12-31 company days), without `exceptId`. */
  async signedTotalInYear(db: Executor, orgId: string, customerId: string, year: number, exceptId: string): Promise<number> {
    const row = await db
      .selectFrom('contracts')
      .select((e) => e.fn.sum<string | number | null>('total_minor').as('total'))
      .where('customer_id', '=', customerId)
      .where('org_id', '=', orgId)
      .where('id', '<>', exceptId)
      .where('status', 'in', [...signedContractStatuses])
      .where('signed_on', '>=', `${year}-01-01`)
      .where('signed_on', '<=', `${year}-12-31`)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  /**
   * Pending steps this caller may decide: ops and admin steps for holders of the role (admins decide any step),
   * manager steps for the named approver or a manager whose team scope covers the contract — always within scope.
   */
  inbox(db: Executor, auth: AuthContext, page: PageRequest, status: 'pending' | 'decided') {
    let query = db
      .selectFrom('contract_approvals')
      .innerJoin('contracts', 'contracts.id', 'contract_approvals.contract_id')
      .innerJoin('customers', 'customers.id', 'contracts.customer_id')
      .innerJoin('users as owners', 'owners.id', 'contracts.owner_id')
      .where('contract_approvals.org_id', '=', auth.orgId)
      .where(ownedScope(auth, 'contracts') as never);
    if (status === 'decided') {
      query = query.where('contract_approvals.decided_by', '=', auth.userId);
    } else {
      query = query.where('contract_approvals.status', '=', 'pending').where((eb) => {
        if (auth.role === 'admin') return eb.lit(true) as never;
        const mine = [eb('contract_approvals.approver_id', '=', auth.userId)];
        if (auth.role === 'ops') mine.push(eb('contract_approvals.approver_role', '=', 'ops'));
        if (auth.role === 'manager') {
          const covers = auth.dataScope === 'all'
            ? eb.lit(true)
            : auth.dataScope === 'team' && auth.teamIds.length > 0 ? eb('contracts.team_id', 'in', [...auth.teamIds]) : eb.lit(false);
          mine.push(eb.and([eb('contract_approvals.approver_role', '=', 'manager'), covers as never]));
        }
        return eb.or(mine);
      });
    }
    return pageOf(
      query.select([
        'contract_approvals.id', 'contract_approvals.contract_id', 'contract_approvals.approver_role', 'contract_approvals.step_no', 'contract_approvals.round',
        'contract_approvals.status', 'contract_approvals.created_at', 'contract_approvals.due_at', 'contracts.trace_code', 'contracts.title', 'contracts.owner_id',
        'contracts.total_minor', 'contracts.currency', 'contracts.checks', 'customers.name as customer_name', 'owners.name as owner_name',
      ]),
      page,
      { createdAt: 'contract_approvals.created_at' },
      'contract_approvals.id',
    );
  }

  /** A document of any type by its trace code, within the caller's scope (each table's unique index). */
  async byTraceCode(db: Executor, auth: AuthContext, code: string): Promise<{ type: 'contract' | 'purchase_order' | 'receipt' | 'shipment'; id: string; traceCode: string } | undefined> {
    const tables = [['contract', 'contracts'], ['purchase_order', 'purchase_orders'], ['receipt', 'receipts'], ['shipment', 'shipments']] as const;
    for (const [type, table] of tables) {
      const row = await db
        .selectFrom(table as 'contracts')
        .select(['id', 'trace_code'])
        .where(`${table as 'contracts'}.org_id`, '=', auth.orgId)
        .where(`${table as 'contracts'}.trace_code`, '=', code)
        .where(ownedScope(auth, table as 'contracts'))
        .executeTakeFirst();
      if (row) return { type, id: row.id, traceCode: row.trace_code };
    }
    return undefined;
  }

  /** Everything a contract's life story shows, one indexed query per table. */
  async life(db: Executor, orgId: string, contractId: string) {
    const [orders, shipments, allocations, approvals] = await Promise.all([
      db.selectFrom('purchase_orders').select(['id', 'trace_code', 'status', 'amount_minor', 'created_at']).where('contract_id', '=', contractId).execute(),
      db.selectFrom('shipments').select(['id', 'trace_code', 'status', 'created_at']).where('contract_id', '=', contractId).execute(),
      db
        .selectFrom('receipt_allocations')
        .innerJoin('receipts', 'receipts.id', 'receipt_allocations.receipt_id')
        .select(['receipt_allocations.receipt_id', 'receipt_allocations.amount_minor', 'receipt_allocations.created_at', 'receipts.trace_code', 'receipts.status', 'receipts.created_at as receipt_created_at'])
        .where('receipt_allocations.contract_id', '=', contractId)
        .execute(),
      db.selectFrom('contract_approvals').selectAll().where('contract_id', '=', contractId).orderBy('round').orderBy('step_no').execute(),
    ]);
    const docIds = [contractId, ...orders.map((o) => o.id), ...shipments.map((s) => s.id), ...allocations.map((a) => a.receipt_id)];
    const [transitions, audit] = await Promise.all([
      db.selectFrom('document_transitions').selectAll().where('doc_id', 'in', docIds).execute(),
      db
        .selectFrom('audit_log')
        .select(['id', 'at', 'actor_id', 'action', 'entity_type', 'entity_id', 'after'])
        .where('org_id', '=', orgId)
        .where('entity_type', 'in', ['contract', 'purchase_order', 'receipt', 'shipment'])
        .where('entity_id', 'in', docIds)
        .execute(),
    ]);
    return { orders, shipments, allocations, approvals, transitions, audit };
  }

  async userNames(db: Executor, orgId: string, ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Whether every shipment of the contract is delivered or cancelled, with at least one delivered. */
  async allShipmentsDelivered(db: Executor, contractId: string): Promise<boolean> {
    const rows = await db.selectFrom('shipments').select('status').where('contract_id', '=', contractId).execute();
    return rows.some((r) => r.status === 'delivered') && rows.every((r) => r.status === 'delivered' || r.status === 'cancelled');
  }
}
