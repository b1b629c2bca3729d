/**
 * Payment receipts (B1, B3): finance registers money received, matches it to the customer's contracts, and confirms
 * it — which, in the same transaction, raises each contract's paid amount and moves it on (signed → partially paid →
 * paid) and emits `payment.confirmed` with everything a commission engine needs. A refund (whole or part of what is left)
 * or a void after confirmation gives money back contract by contract and says how much in `payment.refunded` /
 * `payment.voided`; the parts are kept in the reversal ledger (receipt_reversals).
 *
 * Amounts are integer minor units (fen) of the company currency throughout.
 */
import {
  AppError, allocationProblemText, checkAllocations, planRefund, refundProblemText, type AllocatableContract, type AllocationProblem, type ContractStatus, type Receipt,
  type ReceiptCreate, type ReceiptListQuery, type ReceiptRefund, type ReceiptStatus, type ReceiptUpdate,
} from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { recordCreation, transition } from './transition-log.js';
import { companyDay, documentEntity, nextCodeOf, notFound, requireCompanyCurrency, requireDocumentVersion, type CompanyFacts, type CompanyReader } from './payments-company.js';
import { ReceiptStore, toReceipt, type AllocationView, type ContractRow, type ReceiptRow } from './receipts-store.js';

/** One allocation as the payment events carry it: the contract's people and lines, for commissions and figures. */
export interface PaymentAllocation {
  contractId: string;
  contractTraceCode: string;
  amountMinor: number;
  ownerId: string;
  teamId: string | null;
  regionId: string | null;
  industry: string | null;
  contractTotalMinor: number;
  /** The contract's paid amount once this event's change is made. */
  contractPaidMinor: number;
  contractStatus: string;
  contractSignedOn: string | null;
  lines: Array<{ productId: string; quantity: number; amountMinor: number }>;
}

export interface PaymentPayload {
  receiptId: string;
  traceCode: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  confirmedAt: string | null;
  confirmedOn: string | null;
  confirmedBy: string | null;
  allocations: PaymentAllocation[];
}

export class ReceiptService {
  private readonly store: ReceiptStore;

  constructor(
    private readonly db: Executor,
    dialect: Dialect,
    /** The company's currency, time zone and document settings (the document settings service reads them). */
    private readonly company: CompanyReader,
  ) {
    this.store = new ReceiptStore(dialect);
  }

  async get(auth: AuthContext, id: string): Promise<Receipt> {
    requirePermission(auth, 'crm.read');
    const row = await this.store.findVisible(this.db, auth, id);
    if (!row) throw notFound('receipt');
    return this.view(this.db, row);
  }

  async list(auth: AuthContext, query: ReceiptListQuery): Promise<{ items: Receipt[]; nextCursor: string | null }> {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query);
    const allocations = await this.store.allocationsOf(this.db, rows.map((r) => r.id));
    return { items: rows.map((row) => toReceipt(row, allocations.get(row.id) ?? [])), nextCursor };
  }

  async register(write: Write, input: ReceiptCreate): Promise<Receipt> {
    requirePermission(write.auth, 'payments.manage');
    const { tx, auth } = write;
    const company = await this.company(tx, auth.orgId);
    requireCompanyCurrency(company, input.currency, 'body.currency');
    const customer = await tx
      .selectFrom('customers')
      .select(['id', 'owner_id', 'team_id', 'region_id', 'industry'])
      .where('customers.id', '=', input.customerId)
      .where(ownedScope(auth, 'customers'))
      .executeTakeFirst();
    if (!customer) throw new AppError('VALIDATION_FAILED', {}, { 'body.customerId': { en: 'no such customer', 'zh-CN': '没有该客户' } });
    await this.requireAllocations(tx, auth, company, { customerId: customer.id, amountMinor: input.amountMinor }, input.allocations);
    const id = newId();
    const row: ReceiptRow = {
      id, org_id: auth.orgId, trace_code: await nextCodeOf(tx, auth.orgId, company, 'receipt', write.now), customer_id: customer.id,
      owner_id: customer.owner_id, team_id: customer.team_id, region_id: customer.region_id, industry: customer.industry, status: 'registered',
      currency: company.currency, note: input.note ?? null, created_by: auth.userId, version: 1, created_at: write.now, updated_at: write.now,
      amount_minor: input.amountMinor, received_on: input.receivedOn, bank_reference: input.bankReference ?? null, payer_name: input.payerName ?? null,
      confirmed_by: null, confirmed_at: null, confirmed_on: null, reversed_at: null, reversed_on: null,
    };
    await tx.insertInto('receipts').values(row).execute();
    await this.store.replaceAllocations(tx, auth.orgId, id, input.allocations.map((a) => ({ ...a, id: newId() })), write.now);
    await recordCreation(tx, auth.orgId, 'receipt', id, 'registered', auth.userId, write.now);
    const receipt = await this.view(tx, row);
    await write.audit({ action: 'create', entityType: 'receipt', entityId: id, after: receipt });
    await write.emit({
      type: 'receipt.registered', subject: id,
      payload: { receiptId: id, traceCode: row.trace_code, customerId: row.customer_id, amountMinor: receipt.amountMinor, currency: row.currency, allocations: input.allocations },
    });
    return receipt;
  }

  /** Changes a registered receipt (its amount, day, references, allocations); confirmed ones are refunded or voided instead. */
  async update(write: Write, id: string, patch: ReceiptUpdate): Promise<Receipt> {
    requirePermission(write.auth, 'payments.manage');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('receipt', current, patch.version);
    if (current.status !== 'registered') {
      throw new AppError('CONFLICT', {
        detail: { en: `Only a registered receipt can be changed; this one is ${current.status}.`, 'zh-CN': `只有待确认的回款单可以修改；该回款单状态为“${current.status}”。` },
      });
    }
    const before = await this.view(tx, current);
    const amountMinor = patch.amountMinor ?? Number(current.amount_minor);
    const allocations = patch.allocations ?? before.allocations.map((a) => ({ contractId: a.contractId, amountMinor: a.amountMinor }));
    const company = await this.company(tx, auth.orgId);
    await this.requireAllocations(tx, auth, company, { customerId: current.customer_id, amountMinor }, allocations);
    const next: ReceiptRow = {
      ...current,
      amount_minor: amountMinor,
      received_on: patch.receivedOn ?? current.received_on,
      bank_reference: patch.bankReference !== undefined ? patch.bankReference : current.bank_reference,
      payer_name: patch.payerName !== undefined ? patch.payerName : current.payer_name,
      note: patch.note !== undefined ? patch.note : current.note,
      version: current.version + 1,
      updated_at: write.now,
    };
    const updated = await tx
      .updateTable('receipts')
      .set({ amount_minor: next.amount_minor, received_on: next.received_on, bank_reference: next.bank_reference, payer_name: next.payer_name, note: next.note, version: next.version, updated_at: next.updated_at })
      .where('id', '=', id)
      .where('version', '=', current.version)
      .where('status', '=', 'registered')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('STALE_VERSION', { entity: documentEntity.receipt, current: current.version + 1, given: current.version });
    if (patch.allocations) await this.store.replaceAllocations(tx, auth.orgId, id, patch.allocations.map((a) => ({ ...a, id: newId() })), write.now);
    const after = await this.view(tx, next);
    await write.audit({ action: 'update', entityType: 'receipt', entityId: id, before: { amountMinor: before.amountMinor, allocations: before.allocations }, after: { amountMinor: after.amountMinor, allocations: after.allocations } });
    await write.emit({ type: 'receipt.updated', subject: id, payload: { receiptId: id, traceCode: next.trace_code } });
    return after;
  }

  /**
   * Confirms a registered receipt: the receipt row is locked first (a second confirmation waits, then finds it
   * confirmed and is refused), then its contracts (in id order), so the paid amounts it checks are the ones it writes on.
   */
  async confirm(write: Write, id: string, version?: number): Promise<Receipt> {
    requirePermission(write.auth, 'payments.manage');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('receipt', current, version);
    const company = await this.company(tx, auth.orgId);
    const confirmedOn = companyDay(write.now, company.timeZone);
    // The receipt moves first: a receipt that is not registered is refused before any contract is touched.
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'receipt', id, from: current.status as ReceiptStatus, version: current.version, action: 'confirm', actorId: auth.userId, at: write.now,
      set: { confirmed_by: auth.userId, confirmed_at: write.now, confirmed_on: confirmedOn },
    });
    const allocations = (await this.store.allocationsOf(tx, [id])).get(id) ?? [];
    const contracts = new Map((await this.store.lockContracts(tx, auth.orgId, allocations.map((a) => a.contractId))).map((c) => [c.id, c]));
    const check = checkAllocations({
      receipt: { customerId: current.customer_id, currency: current.currency, amountMinor: Number(current.amount_minor) },
      allocations, contracts: new Map([...contracts].map(([key, c]) => [key, allocatable(c)])), stage: 'confirm',
    });
    if (!check.ok) throw confirmRefusal(check.problems, allocations, company.currency);
    const paidAfter = new Map<string, { paidMinor: number; status: string }>();
    for (const allocation of [...allocations].sort((a, b) => a.contractId.localeCompare(b.contractId))) {
      const contract = contracts.get(allocation.contractId)!;
      const paidMinor = Number(contract.paid_minor) + allocation.amountMinor;
      const result = await transition(tx, {
        orgId: auth.orgId, type: 'contract', id: contract.id, from: contract.status as ContractStatus, version: contract.version, action: 'record_payment',
        facts: { totalMinor: Number(contract.total_minor), paidMinor }, actorId: null, reason: current.trace_code, at: write.now, set: { paid_minor: paidMinor },
      });
      paidAfter.set(contract.id, { paidMinor, status: result.status });
      await write.audit({
        action: 'record_payment', entityType: 'contract', entityId: contract.id,
        before: { paidMinor: Number(contract.paid_minor), status: contract.status }, after: { paidMinor, status: result.status, receiptId: id, amountMinor: allocation.amountMinor },
      });
    }
    const row: ReceiptRow = { ...current, status: moved.status, version: moved.version, confirmed_by: auth.userId, confirmed_at: write.now, confirmed_on: confirmedOn, updated_at: write.now };
    const receipt = toReceipt(row, allocations);
    await write.audit({ action: 'confirm', entityType: 'receipt', entityId: id, before: { status: current.status }, after: { status: moved.status, confirmedOn } });
    await write.emit({ type: 'payment.confirmed', subject: id, payload: { ...(await this.paymentPayload(tx, row, contracts, allocations, paidAfter)) } });
    return receipt;
  }

  /**
   * Refunds a confirmed receipt, whole or in part (core's planRefund: all that is left, an amount pro rata over the
   * contracts it paid, or an explicit split). Each part comes off its contract's paid amount, which moves back through
   * the state machine (paid → partially paid → signed); the receipt stays confirmed until the last of it is refunded.
   * `payment.refunded` carries what this refund took off each contract, so commissions claw back that share only.
   */
  async refund(write: Write, id: string, request: ReceiptRefund): Promise<Receipt> {
    requirePermission(write.auth, 'payments.manage');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('receipt', current, request.version);
    const company = await this.company(tx, auth.orgId);
    const allocations = (await this.store.allocationsOf(tx, [id])).get(id) ?? [];
    if (current.status !== 'confirmed') {
      // Only a confirmed receipt holds money to give back: the state machine refuses, naming what is possible now.
      await transition(tx, { orgId: auth.orgId, type: 'receipt', id, from: current.status as ReceiptStatus, version: current.version, action: 'refund', actorId: auth.userId, at: write.now });
    }
    const plan = planRefund(allocations, { amountMinor: request.amountMinor, allocations: request.allocations });
    if (!plan.ok) {
      const fields: Record<string, { en: string; 'zh-CN': string }> = {};
      for (const problem of plan.problems) {
        const text = refundProblemText(problem, current.currency);
        fields[text.field] ??= text.message;
      }
      throw new AppError('VALIDATION_FAILED', {}, fields);
    }
    return this.reverseConfirmed(write, current, company, 'refund', request.reason, plan.lines, plan.unrefundedAfterMinor, allocations);
  }

  /** Voids a receipt: a registered one simply ends; a confirmed one gives back what is not yet refunded of it. */
  async void(write: Write, id: string, reason: string, version?: number): Promise<Receipt> {
    requirePermission(write.auth, 'payments.manage');
    const { tx, auth } = write;
    const current = await this.visible(tx, auth, id, true);
    requireDocumentVersion('receipt', current, version);
    const allocations = (await this.store.allocationsOf(tx, [id])).get(id) ?? [];
    if (current.status === 'confirmed') {
      const company = await this.company(tx, auth.orgId);
      const left = allocations.map((a) => ({ contractId: a.contractId, amountMinor: a.amountMinor - a.refundedMinor })).filter((l) => l.amountMinor > 0);
      return this.reverseConfirmed(write, current, company, 'void', reason, left, 0, allocations);
    }
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'receipt', id, from: current.status as ReceiptStatus, version: current.version, action: 'void', actorId: auth.userId, reason, at: write.now,
    });
    const row: ReceiptRow = { ...current, status: moved.status, version: moved.version, updated_at: write.now };
    await write.audit({ action: 'void', entityType: 'receipt', entityId: id, before: { status: current.status }, after: { status: moved.status, reason } });
    // No money had moved: nothing to reverse, and nothing for commissions to hear about.
    await write.emit({ type: 'receipt.voided', subject: id, payload: { receiptId: id, traceCode: current.trace_code, customerId: current.customer_id, reason } });
    return toReceipt(row, allocations);
  }

  /**
   * Gives back confirmed money: `lines` (per contract) come off the contracts' paid amounts, locked in id order, each
   * moved back by its state machine; the parts go to the reversal ledger the flash report reads; one audit entry per
   * contract and one for the receipt; `payment.refunded` / `payment.voided` with the amounts given back.
   */
  private async reverseConfirmed(
    write: Write, current: ReceiptRow, company: CompanyFacts, action: 'refund' | 'void', reason: string, lines: ReadonlyArray<{ contractId: string; amountMinor: number }>,
    unrefundedAfterMinor: number, allocations: AllocationView[],
  ): Promise<Receipt> {
    const { tx, auth } = write;
    const id = current.id;
    const reversedOn = companyDay(write.now, company.timeZone);
    const final = action === 'void' || unrefundedAfterMinor === 0;
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'receipt', id, from: current.status as ReceiptStatus, version: current.version, action, actorId: auth.userId, reason, at: write.now,
      facts: { unrefundedMinor: unrefundedAfterMinor }, set: final ? { reversed_at: write.now, reversed_on: reversedOn } : {},
    });
    const contracts = new Map((await this.store.lockContracts(tx, auth.orgId, lines.map((l) => l.contractId))).map((c) => [c.id, c]));
    const paidAfter = new Map<string, { paidMinor: number; status: string }>();
    for (const line of [...lines].sort((a, b) => a.contractId.localeCompare(b.contractId))) {
      const contract = contracts.get(line.contractId)!;
      const paidMinor = Number(contract.paid_minor) - line.amountMinor;
      // A confirmed allocation is part of its contract's paid amount; less than it there means the books are broken.
      if (paidMinor < 0) throw new Error(`contract ${contract.id} has paid ${contract.paid_minor}, less than ${line.amountMinor} to reverse of receipt ${id}`);
      const result = await transition(tx, {
        orgId: auth.orgId, type: 'contract', id: contract.id, from: contract.status as ContractStatus, version: contract.version, action: 'reverse_payment',
        facts: { totalMinor: Number(contract.total_minor), paidMinor }, actorId: null, reason: `${current.trace_code}: ${reason}`, at: write.now, set: { paid_minor: paidMinor },
      });
      paidAfter.set(contract.id, { paidMinor, status: result.status });
      await write.audit({
        action: 'reverse_payment', entityType: 'contract', entityId: contract.id,
        before: { paidMinor: Number(contract.paid_minor), status: contract.status }, after: { paidMinor, status: result.status, receiptId: id, amountMinor: line.amountMinor },
      });
    }
    const reversalId = newId();
    await this.store.recordReversal(tx, { orgId: auth.orgId, reversalId, receiptId: id, kind: action, reason, actorId: auth.userId, at: write.now, on: reversedOn }, lines, newId);
    const reversedMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
    const refundedBefore = allocations.reduce((sum, a) => sum + a.refundedMinor, 0);
    const row: ReceiptRow = { ...current, status: moved.status, version: moved.version, updated_at: write.now, ...(final ? { reversed_at: write.now, reversed_on: reversedOn } : {}) };
    await write.audit({
      action, entityType: 'receipt', entityId: id, before: { status: current.status, refundedMinor: refundedBefore },
      after: { status: moved.status, reason, reversedOn, reversedMinor, parts: lines, ...(action === 'refund' ? { refundedMinor: refundedBefore + reversedMinor } : {}) },
    });
    const codeOf = new Map(allocations.map((a) => [a.contractId, a.contractTraceCode]));
    const payload = await this.paymentPayload(tx, row, contracts, lines.map((l) => ({ ...l, contractTraceCode: codeOf.get(l.contractId) ?? '' })), paidAfter);
    await write.emit({
      type: action === 'refund' ? 'payment.refunded' : 'payment.voided', subject: id,
      payload: { ...payload, reversalId, reversedMinor, unrefundedMinor: action === 'refund' ? unrefundedAfterMinor : 0, final, reversedAt: write.now, reversedOn, reason },
    });
    return this.view(tx, row);
  }

  private async visible(db: Executor, auth: AuthContext, id: string, lock = false): Promise<ReceiptRow> {
    const row = await this.store.findVisible(db, auth, id, lock);
    if (!row) throw notFound('receipt');
    return row;
  }

  private async view(db: Executor, row: ReceiptRow): Promise<Receipt> {
    return toReceipt(row, (await this.store.allocationsOf(db, [row.id])).get(row.id) ?? []);
  }

  /** Refuses allocations that may not stand on a registered receipt, with a field message per problem. */
  private async requireAllocations(
    tx: Executor, auth: AuthContext, company: CompanyFacts, receipt: { customerId: string; amountMinor: number }, allocations: ReadonlyArray<{ contractId: string; amountMinor: number }>,
  ): Promise<void> {
    const contracts = await this.store.visibleContracts(tx, auth, allocations.map((a) => a.contractId));
    const check = checkAllocations({
      receipt: { ...receipt, currency: company.currency }, allocations, contracts: new Map(contracts.map((c) => [c.id, allocatable(c)])), stage: 'register',
    });
    if (check.ok) return;
    const fields: Record<string, { en: string; 'zh-CN': string }> = {};
    for (const problem of check.problems) {
      const text = allocationProblemText(problem, company.currency);
      fields[text.field] ??= text.message;
    }
    throw new AppError('VALIDATION_FAILED', {}, fields);
  }

  private async paymentPayload(
    tx: Executor, row: ReceiptRow, contracts: Map<string, ContractRow>, allocations: ReadonlyArray<{ contractId: string; contractTraceCode: string; amountMinor: number }>,
    paidAfter: Map<string, { paidMinor: number; status: string }>,
  ): Promise<PaymentPayload> {
    const ids = allocations.map((a) => a.contractId);
    const lines = ids.length === 0 ? [] : await tx
      .selectFrom('contract_lines')
      .select(['contract_id', 'product_id', 'quantity', 'amount_minor'])
      .where('contract_id', 'in', ids)
      .orderBy('contract_id')
      .orderBy('line_no')
      .execute();
    return {
      receiptId: row.id,
      traceCode: row.trace_code,
      customerId: row.customer_id,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      confirmedAt: row.confirmed_at,
      confirmedOn: row.confirmed_on,
      confirmedBy: row.confirmed_by,
      allocations: allocations.map((a) => {
        const contract = contracts.get(a.contractId)!;
        const after = paidAfter.get(a.contractId)!;
        return {
          contractId: a.contractId, contractTraceCode: a.contractTraceCode, amountMinor: a.amountMinor, ownerId: contract.owner_id, teamId: contract.team_id,
          regionId: contract.region_id, industry: contract.industry, contractTotalMinor: Number(contract.total_minor), contractPaidMinor: after.paidMinor,
          contractStatus: after.status, contractSignedOn: contract.signed_on,
          lines: lines.filter((l) => l.contract_id === a.contractId).map((l) => ({ productId: l.product_id, quantity: l.quantity, amountMinor: Number(l.amount_minor) })),
        };
      }),
    };
  }
}

function allocatable(contract: ContractRow): AllocatableContract {
  return {
    id: contract.id, customerId: contract.customer_id, currency: contract.currency, status: contract.status as ContractStatus,
    totalMinor: Number(contract.total_minor), paidMinor: Number(contract.paid_minor),
  };
}

/** Why a receipt cannot be confirmed now (its contracts were paid or voided since it was registered, or it is not fully matched). */
function confirmRefusal(problems: AllocationProblem[], allocations: ReadonlyArray<{ contractTraceCode: string }>, currency: string): AppError {
  const texts = problems.map((problem) => {
    const text = allocationProblemText(problem, currency);
    const code = 'index' in problem ? allocations[problem.index]?.contractTraceCode : undefined;
    return code ? { en: `${code}: ${text.message.en}`, 'zh-CN': `${code}：${text.message['zh-CN']}` } : text.message;
  });
  return new AppError('CONFLICT', {
    detail: {
      en: `This receipt cannot be confirmed: ${texts.map((t) => t.en).join('; ')}.`,
      'zh-CN': `该回款单无法确认：${texts.map((t) => t['zh-CN']).join('；')}。`,
    },
  });
}
