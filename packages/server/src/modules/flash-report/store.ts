/**
 * Reads one company day's document facts for the flash report (core documents/flash.ts), for the whole company:
 * the service narrows them to a reader with the same visibility rule as the list scopes (mayView), so the morning
 * run reads once and tells each manager about their own teams. Every read is an indexed range or key lookup:
 * contracts_signed_on, receipts_confirmed_on, receipt_reversals_day, shipments_shipped_on, document_transitions_action_at,
 * contracts_status_due_on, and the allocation and contract keys (migrations 202611271300 and 202611271320). The overdue
 * summary is one aggregate over the contracts open now (or changed after the day), grouped by scope.
 */
import {
  addCalendarDays, defaultDocumentSettings, documentSettingsSchema, instantAt, isoDate, signedContractStatuses,
  type DocumentSettings, type FlashAllocation, type FlashContract, type FlashDayFacts, type FlashOverdueGroup, type FlashReceipt, type FlashShipment, type PaymentEvent, type ReceiptPeer,
} from '@closeloop/core';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

const chunkSize = 500;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
};
const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];
const n = (value: unknown): number => Number(value);

export interface Company {
  currency: string;
  timeZone: string;
  settings: DocumentSettings;
}

/** The company's currency, time zone and document settings (stored ones parsed with the defaults filled in). */
export async function companyOf(db: Executor, orgId: string): Promise<Company> {
  const org = await db.selectFrom('orgs').select(['currency', 'time_zone']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const row = await db.selectFrom('document_settings').select('settings').where('org_id', '=', orgId).executeTakeFirst();
  const parsed = row ? documentSettingsSchema.safeParse(JSON.parse(row.settings)) : null;
  return { currency: org.currency, timeZone: org.time_zone, settings: parsed?.success ? parsed.data : defaultDocumentSettings };
}

/** The calendar day before `day`. */
function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return isoDate(addCalendarDays({ year, month, day: date }, -1));
}

/** The UTC instants a company day starts and ends at (ends = the next day's start). */
export function dayBounds(day: string, timeZone: string): { start: string; end: string } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return {
    start: instantAt({ year, month, day: date }, timeZone).toISOString(),
    end: instantAt(addCalendarDays({ year, month, day: date }, 1), timeZone).toISOString(),
  };
}

type ContractRow = {
  id: string; trace_code: string; customer_id: string; customer_name: string; title: string; status: string; total_minor: number | string;
  signed_on: string | null; due_on: string | null; shipment_before_payment: number; owner_id: string; team_id: string | null; region_id: string | null; industry: string | null;
};

const contractColumns = [
  'contracts.id', 'contracts.trace_code', 'contracts.customer_id', 'customers.name as customer_name', 'contracts.title', 'contracts.status',
  'contracts.total_minor', 'contracts.signed_on', 'contracts.due_on', 'contracts.shipment_before_payment', 'contracts.owner_id',
  'contracts.team_id', 'contracts.region_id', 'contracts.industry',
] as const;

function toContract(row: ContractRow): FlashContract {
  return {
    id: row.id, traceCode: row.trace_code, customerId: row.customer_id, customerName: row.customer_name, title: row.title, status: row.status,
    totalMinor: n(row.total_minor), signedOn: row.signed_on, dueOn: row.due_on, shipmentBeforePayment: n(row.shipment_before_payment) !== 0,
    ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id, industry: row.industry,
  };
}

type ContractQuery = ReturnType<FlashStore['contractQuery']>;
type ReceiptQuery = ReturnType<FlashStore['receiptQuery']>;

export class FlashStore {
  async dayFacts(db: Executor, orgId: string, day: string, company: Company): Promise<FlashDayFacts> {
    const { start, end } = dayBounds(day, company.timeZone);
    const contracts = () => this.contractQuery(db, orgId);

    const signedRows = await contracts().where('contracts.signed_on', '=', day).orderBy('contracts.trace_code').execute();
    const lines = new Map<string, FlashDayFacts['signed'][number]['lines']>();
    for (const ids of chunks(signedRows.map((c) => c.id))) {
      const rows = await db
        .selectFrom('contract_lines')
        .innerJoin('products', 'products.id', 'contract_lines.product_id')
        .select(['contract_lines.contract_id', 'contract_lines.line_no', 'products.name', 'contract_lines.quantity', 'contract_lines.unit_price_minor', 'contract_lines.floor_price_minor'])
        .where('contract_lines.contract_id', 'in', ids)
        .orderBy('contract_lines.contract_id')
        .orderBy('contract_lines.line_no')
        .execute();
      for (const l of rows) {
        const list = lines.get(l.contract_id) ?? [];
        list.push({ lineNo: l.line_no, productName: l.name, quantity: n(l.quantity), unitPriceMinor: n(l.unit_price_minor), floorPriceMinor: l.floor_price_minor === null ? null : n(l.floor_price_minor) });
        lines.set(l.contract_id, list);
      }
    }

    // A void of a contract that had been signed, by the transitions log (contracts keep no void day of their own).
    const voids = (from: string, to: string | null) => db
      .selectFrom('document_transitions')
      .select('doc_id')
      .where('org_id', '=', orgId)
      .where('action', '=', 'void')
      .where('at', '>=', from)
      .$if(to !== null, (q) => q.where('at', '<', to!))
      .where('doc_type', '=', 'contract')
      .where('from_status', 'in', [...signedContractStatuses])
      .execute();
    const voidedIds = unique((await voids(start, end)).map((v) => v.doc_id));
    const voided = await this.contractsById(contracts, voidedIds);

    const confirmed = await this.receipts(db, orgId, (q) => q.where('receipts.confirmed_on', '=', day));
    const reversed = await this.reversedOn(db, orgId, day);

    const receiptPeers: ReceiptPeer[] = [];
    const peerColumns = ['id', 'trace_code', 'customer_id', 'amount_minor', 'received_on', 'bank_reference'] as const;
    const toPeer = (r: { id: string; trace_code: string; customer_id: string; amount_minor: number | string; received_on: string; bank_reference: string | null }): ReceiptPeer =>
      ({ id: r.id, traceCode: r.trace_code, customerId: r.customer_id, amountMinor: n(r.amount_minor), receivedOn: r.received_on, bankReference: r.bank_reference });
    for (const refs of chunks(unique(confirmed.flatMap((r) => (r.bankReference ? [r.bankReference] : []))))) {
      const rows = await db.selectFrom('receipts').select(peerColumns).where('org_id', '=', orgId).where('bank_reference', 'in', refs).where('status', '!=', 'voided').execute();
      receiptPeers.push(...rows.map(toPeer));
    }
    for (const customers of chunks(unique(confirmed.map((r) => r.customerId)))) {
      const rows = await db
        .selectFrom('receipts')
        .select(peerColumns)
        .where('customer_id', 'in', customers)
        .where('received_on', 'in', unique(confirmed.map((r) => r.receivedOn)))
        .where('status', '!=', 'voided')
        .execute();
      receiptPeers.push(...rows.map(toPeer).filter((p) => confirmed.some((r) => r.customerId === p.customerId && r.amountMinor === p.amountMinor && r.receivedOn === p.receivedOn)));
    }

    const shippedRows = await db
      .selectFrom('shipments')
      .select(['id', 'trace_code', 'shipped_at', 'contract_id', 'owner_id', 'team_id', 'region_id', 'industry'])
      .where('org_id', '=', orgId)
      .where('shipped_on', '=', day)
      .where('shipped_at', 'is not', null)
      .orderBy('trace_code')
      .execute();
    const shippedContracts = new Map((await this.contractsById(contracts, unique(shippedRows.map((s) => s.contract_id)))).map((c) => [c.id, c]));
    const shipped: FlashShipment[] = shippedRows.flatMap((s) => {
      const contract = shippedContracts.get(s.contract_id);
      return contract
        ? [{ id: s.id, traceCode: s.trace_code, shippedAt: s.shipped_at!, contract, ownerId: s.owner_id, teamId: s.team_id, regionId: s.region_id, industry: s.industry }]
        : [];
    });

    const pastTerms = await this.pastTerms(db, contracts, orgId, day, end);
    const overdue = await this.overdue(db, orgId, day, end);
    const payments = await this.payments(db, unique([...shipped.map((s) => s.contract.id), ...pastTerms.map((c) => c.id)]));

    const peopleIds = unique([
      ...signedRows.map((c) => c.owner_id), ...voided.map((c) => c.ownerId),
      ...[...confirmed, ...reversed].flatMap((r) => r.allocations.map((a) => a.ownerId)),
    ]);
    const people: Record<string, string> = {};
    for (const ids of chunks(peopleIds)) {
      for (const u of await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', ids).execute()) people[u.id] = u.name;
    }

    return {
      day, currency: company.currency,
      signed: signedRows.map((row) => ({ ...toContract(row), lines: lines.get(row.id) ?? [] })),
      voided, confirmed, reversed, receiptPeers, shipped, pastTerms, overdue, payments, people,
    };
  }

  private async contractsById(contracts: () => ContractQuery, ids: readonly string[]): Promise<FlashContract[]> {
    const out: FlashContract[] = [];
    for (const part of chunks(ids)) out.push(...(await contracts().where('contracts.id', 'in', part).execute()).map(toContract));
    return out.sort((a, b) => a.traceCode.localeCompare(b.traceCode));
  }

  /** The query every contract read starts from. */
  private contractQuery(db: Executor, orgId: string) {
    return db.selectFrom('contracts').innerJoin('customers', 'customers.id', 'contracts.customer_id').select(contractColumns).where('contracts.org_id', '=', orgId);
  }

  /**
   * Contracts signed by the day that fell due the day before it (their first day overdue), unless voided by the day's
   * end: one indexed read of contracts_status_due_on. Core decides from their payments which were still unpaid.
   */
  private async pastTerms(db: Executor, contracts: () => ContractQuery, orgId: string, day: string, end: string): Promise<FlashContract[]> {
    const rows = await contracts()
      .where('contracts.status', 'in', [...signedContractStatuses, 'voided'])
      .where('contracts.due_on', '=', dayBefore(day))
      .where('contracts.signed_on', '<=', day)
      .execute();
    const voided = rows.filter((r) => r.status === 'voided').map((r) => r.id);
    const voidedBy = new Set<string>();
    for (const ids of chunks(voided)) {
      const found = await db.selectFrom('document_transitions').select('doc_id').where('doc_id', 'in', ids).where('doc_type', '=', 'contract').where('action', '=', 'void').where('at', '<', end).execute();
      for (const t of found) voidedBy.add(t.doc_id);
    }
    return rows.filter((r) => !voidedBy.has(r.id)).map(toContract).sort((a, b) => a.traceCode.localeCompare(b.traceCode));
  }

  /**
   * Every contract overdue at the day's end — signed by then, due before the day, not voided by its end, and paid
   * less than its total by the receipts confirmed by then and not yet reversed — counted and summed per owner, team,
   * region and industry in one aggregate read, so the service can narrow it per reader. The candidates are the
   * contracts open now plus those a receipt confirmed after the day paid, or voided after the day: a contract unpaid
   * then and paid or voided now changed after the day.
   */
  private async overdue(db: Executor, orgId: string, day: string, end: string): Promise<FlashOverdueGroup[]> {
    // Three disjoint candidate sets (by status), each read from its own index: an OR of them made PostgreSQL fetch
    // every paid contract due before the day (227,000 rows on the benchmark company) to test it against the receipts.
    const base = () => db
      .selectFrom('contracts as c')
      .select(['c.id', 'c.owner_id', 'c.team_id', 'c.region_id', 'c.industry', 'c.total_minor'])
      .where('c.org_id', '=', orgId)
      .where('c.due_on', '<', day)
      .where('c.signed_on', '<=', day);
    const candidates = base()
      .where('c.status', 'in', ['signed', 'partially_paid'])
      .unionAll(base()
        .where('c.status', 'in', signedContractStatuses.filter((s) => s !== 'signed' && s !== 'partially_paid'))
        .where('c.id', 'in', (eb) => eb
          .selectFrom('receipts as r')
          .innerJoin('receipt_allocations as ra', 'ra.receipt_id', 'r.id')
          .select('ra.contract_id')
          .where('r.org_id', '=', orgId)
          .where('r.confirmed_on', '>', day)))
      .unionAll(base()
        .where('c.status', '=', 'voided')
        .where('c.id', 'in', (eb) => eb
          .selectFrom('document_transitions as t')
          .select('t.doc_id')
          .where('t.org_id', '=', orgId)
          .where('t.action', '=', 'void')
          .where('t.at', '>=', end)
          .where('t.doc_type', '=', 'contract')));
    // Paid at the day's end: what the receipts confirmed by then allocated (joined once per contract) …
    const paidThen = sql<string | number>`coalesce(sum(case when r.confirmed_on <= ${day} then ra.amount_minor else 0 end), 0)`;
    const balances = db
      .selectFrom(candidates.as('c'))
      .leftJoin('receipt_allocations as ra', 'ra.contract_id', 'c.id')
      .leftJoin('receipts as r', (join) => join.onRef('r.id', '=', 'ra.receipt_id').on('r.confirmed_on', 'is not', null))
      .select(['c.id', 'c.owner_id', 'c.team_id', 'c.region_id', 'c.industry', sql<string | number>`c.total_minor - ${paidThen}`.as('open')])
      .groupBy(['c.id', 'c.owner_id', 'c.team_id', 'c.region_id', 'c.industry', 'c.total_minor'])
      .as('b');
    // … less what refunds and voids gave back by then: the reversal ledger summed per contract once and joined after
    // the grouping (a correlated sum per contract made PostgreSQL's read 35% slower on the benchmark company).
    const givenBack = db
      .selectFrom('receipt_reversals')
      .select(['contract_id', (eb) => eb.fn.sum<string | number>('amount_minor').as('given')])
      .where('org_id', '=', orgId)
      .where('reversed_on', '<=', day)
      .groupBy('contract_id')
      .as('rv');
    const owed = db
      .selectFrom(balances)
      .leftJoin(givenBack, 'rv.contract_id', 'b.id')
      .select(['b.owner_id', 'b.team_id', 'b.region_id', 'b.industry', sql<string | number>`b.open + coalesce(rv.given, 0)`.as('open')])
      .as('owed');
    const rows = await db
      .selectFrom(owed)
      .select(['owner_id', 'team_id', 'region_id', 'industry', sql<string | number>`count(*)`.as('count'), sql<string | number>`sum(open)`.as('minor')])
      .where('open', '>', 0)
      .groupBy(['owner_id', 'team_id', 'region_id', 'industry'])
      .execute();
    return rows.map((r) => ({ ownerId: r.owner_id, teamId: r.team_id, regionId: r.region_id, industry: r.industry, count: n(r.count), minor: n(r.minor) }));
  }

  /**
   * Every confirmed payment on these contracts, with when it was confirmed and reversed. A payment refunded in parts is
   * cut into pieces — one per refund, reversed when it was, and the rest never reversed — so what was paid at any moment
   * is the sum of the pieces confirmed and not yet reversed then.
   */
  private async payments(db: Executor, contractIds: readonly string[]): Promise<PaymentEvent[]> {
    const out: PaymentEvent[] = [];
    for (const ids of chunks(contractIds)) {
      const rows = await db
        .selectFrom('receipt_allocations')
        .innerJoin('receipts', 'receipts.id', 'receipt_allocations.receipt_id')
        .select(['receipt_allocations.receipt_id', 'receipt_allocations.contract_id', 'receipt_allocations.amount_minor', 'receipts.confirmed_at', 'receipts.confirmed_on'])
        .where('receipt_allocations.contract_id', 'in', ids)
        .where('receipts.confirmed_at', 'is not', null)
        .execute();
      const reversals = await db
        .selectFrom('receipt_reversals')
        .select(['receipt_id', 'contract_id', 'amount_minor', 'reversed_at', 'reversed_on'])
        .where('contract_id', 'in', ids)
        .execute();
      const piecesOf = new Map<string, typeof reversals>();
      for (const r of reversals) piecesOf.set(`${r.receipt_id}|${r.contract_id}`, [...(piecesOf.get(`${r.receipt_id}|${r.contract_id}`) ?? []), r]);
      for (const r of rows) {
        const confirmed = { contractId: r.contract_id, confirmedAt: r.confirmed_at!, confirmedOn: r.confirmed_on! };
        let left = n(r.amount_minor);
        for (const piece of piecesOf.get(`${r.receipt_id}|${r.contract_id}`) ?? []) {
          out.push({ ...confirmed, amountMinor: n(piece.amount_minor), reversedAt: piece.reversed_at, reversedOn: piece.reversed_on });
          left -= n(piece.amount_minor);
        }
        if (left > 0) out.push({ ...confirmed, amountMinor: left, reversedAt: null, reversedOn: null });
      }
    }
    return out;
  }

  /**
   * The receipts that gave confirmed money back on the day (refunds whole or in part, voids after confirmation), each
   * with the amounts given back per contract as its allocations, from the reversal ledger (receipt_reversals_day).
   */
  private async reversedOn(db: Executor, orgId: string, day: string): Promise<FlashReceipt[]> {
    const parts = await db
      .selectFrom('receipt_reversals')
      .select(['receipt_id', 'contract_id', (eb) => eb.fn.sum<string | number>('amount_minor').as('minor')])
      .where('org_id', '=', orgId)
      .where('reversed_on', '=', day)
      .groupBy(['receipt_id', 'contract_id'])
      .execute();
    const given = new Map(parts.map((p) => [`${p.receipt_id}|${p.contract_id}`, n(p.minor)]));
    const receipts: FlashReceipt[] = [];
    for (const ids of chunks(unique(parts.map((p) => p.receipt_id)))) receipts.push(...(await this.receipts(db, orgId, (q) => q.where('receipts.id', 'in', ids))));
    return receipts
      .map((r) => ({ ...r, allocations: r.allocations.flatMap((a) => { const minor = given.get(`${r.id}|${a.contractId}`); return minor ? [{ ...a, amountMinor: minor }] : []; }) }))
      .sort((a, b) => a.traceCode.localeCompare(b.traceCode));
  }

  private async receipts(db: Executor, orgId: string, filter: (q: ReceiptQuery) => ReceiptQuery): Promise<FlashReceipt[]> {
    const rows = await filter(this.receiptQuery(db, orgId)).orderBy('receipts.trace_code').execute();
    const allocations = new Map<string, FlashAllocation[]>();
    for (const ids of chunks(rows.map((r) => r.id))) {
      const found = await db
        .selectFrom('receipt_allocations')
        .innerJoin('contracts', 'contracts.id', 'receipt_allocations.contract_id')
        .select([
          'receipt_allocations.receipt_id', 'receipt_allocations.contract_id', 'receipt_allocations.amount_minor', 'contracts.trace_code', 'contracts.customer_id',
          'contracts.owner_id', 'contracts.team_id', 'contracts.region_id', 'contracts.industry',
        ])
        .where('receipt_allocations.receipt_id', 'in', ids)
        .orderBy('contracts.trace_code')
        .execute();
      for (const a of found) {
        const list = allocations.get(a.receipt_id) ?? [];
        list.push({
          contractId: a.contract_id, contractTraceCode: a.trace_code, contractCustomerId: a.customer_id, amountMinor: n(a.amount_minor),
          ownerId: a.owner_id, teamId: a.team_id, regionId: a.region_id, industry: a.industry,
        });
        allocations.set(a.receipt_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id, traceCode: r.trace_code, customerId: r.customer_id, customerName: r.customer_name, status: r.status, amountMinor: n(r.amount_minor),
      receivedOn: r.received_on, bankReference: r.bank_reference, payerName: r.payer_name, confirmedOn: r.confirmed_on, reversedOn: r.reversed_on,
      allocations: allocations.get(r.id) ?? [], ownerId: r.owner_id, teamId: r.team_id, regionId: r.region_id, industry: r.industry,
    }));
  }

  private receiptQuery(db: Executor, orgId: string) {
    return db
      .selectFrom('receipts')
      .innerJoin('customers', 'customers.id', 'receipts.customer_id')
      .select([
        'receipts.id', 'receipts.trace_code', 'receipts.customer_id', 'customers.name as customer_name', 'receipts.status', 'receipts.amount_minor',
        'receipts.received_on', 'receipts.bank_reference', 'receipts.payer_name', 'receipts.confirmed_on', 'receipts.reversed_on',
        'receipts.owner_id', 'receipts.team_id', 'receipts.region_id', 'receipts.industry',
      ])
      .where('receipts.org_id', '=', orgId);
  }
}
