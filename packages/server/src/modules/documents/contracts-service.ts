/**
 * Contracts (B1, B2): drafted with lines from the catalog, checked at submit against the credit limit, the price
 * policy and the rebate rules, approved step by step along the company's chain (overriding failed checks where a
 * step may, audited), signed on the company day, voided or completed. Every status change goes through
 * transition-log.ts; every write is audited and emits its event in the same transaction.
 */
import {
  AppError, addCalendarDays, allowedActions, approvalStepsFor, checkContract, contractViolationMessage, isoDate, openReceivablesMinor, overrideNeeded,
  parseTraceCode, priceInForce, submitRoute, wallClockAt,
  type AppliedStep, type ApprovalInboxItem, type ContractCreate, type ContractLife, type ContractListQuery, type ContractStatus, type ContractUpdate,
  type ContractView, type ContractViolation, type Currency, type DiscountBand, type Locale, type LocalisedText,
} from '@closeloop/core';
import { requirePermission, can, type AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { Jobs, JobContext, FiringTimer } from '../../platform/jobs/index.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import { requireVersion } from '../shared/records.js';
import type { DocumentCompany, DocumentSettingsService } from './document-settings-service.js';
import { ContractStore, type ContractApprovalRow, type ContractLineRow, type ContractRow } from './contracts-store.js';
import { recordCreation, transition } from './transition-log.js';
import { nextTraceCode } from './trace-counter.js';

export const escalationKind = 'contracts.approval-escalation';
const escalationKey = (approvalId: string) => `contract-approval:${approvalId}`;

/** What the last submit found, stored on the contract (raw violations; messages are rendered in the reader's language). */
interface StoredChecks {
  checkedAt: string;
  checkedOn: string;
  violations: ContractViolation[];
  overriddenBy: string | null;
  overriddenAt: string | null;
  overrideComment: string | null;
}

const notFound = () => new AppError('NOT_FOUND', { entity: 'contract' });
const conflict = (detail: LocalisedText) => new AppError('CONFLICT', { detail });
const editable: readonly string[] = ['draft', 'rejected'];

export class ContractService {
  constructor(
    private readonly db: Executor,
    private readonly settings: DocumentSettingsService,
    private readonly jobs: Jobs,
    private readonly notifier: NotificationCenter,
    private readonly store = new ContractStore(),
  ) {}

  // ——— reading ———

  async get(auth: AuthContext, id: string): Promise<ContractView> {
    requirePermission(auth, 'crm.read');
    const row = await this.store.findVisible(this.db, auth, id);
    if (!row) throw notFound();
    return this.view(this.db, row, auth.locale);
  }

  async list(auth: AuthContext, query: ContractListQuery) {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query, query);
    return { items: rows.map((r) => summaryOf(r, r.customer_name)), nextCursor };
  }

  async inbox(auth: AuthContext, query: { status: 'pending' | 'decided'; limit: number; cursor?: string | undefined }): Promise<{ items: ApprovalInboxItem[]; nextCursor: string | null }> {
    requirePermission(auth, 'crm.read');
    // Reps decide nothing: their inbox is empty without a query.
    if (!can(auth, 'documents.approve') && query.status === 'pending') return { items: [], nextCursor: null };
    const { rows, nextCursor } = await this.store.inbox(this.db, auth, { sort: 'createdAt:asc', limit: query.limit, cursor: query.cursor }, query.status);
    return {
      items: rows.map((r) => ({
        approvalId: r.id, contractId: r.contract_id, traceCode: r.trace_code, title: r.title, customerName: r.customer_name, ownerId: r.owner_id,
        ownerName: r.owner_name, totalMinor: Number(r.total_minor), currency: r.currency, role: r.approver_role as ApprovalInboxItem['role'],
        stepNo: r.step_no, round: r.round, status: r.status as ApprovalInboxItem['status'], violationCount: storedChecks(r.checks)?.violations.length ?? 0,
        createdAt: r.created_at, dueAt: r.due_at,
      })),
      nextCursor,
    };
  }

  /** A document of any type by its trace code, if the caller may see it. */
  async byTraceCode(auth: AuthContext, code: string) {
    requirePermission(auth, 'crm.read');
    const parsed = parseTraceCode(code);
    const found = parsed ? await this.store.byTraceCode(this.db, auth, code.trim().toUpperCase()) : undefined;
    if (!found) throw new AppError('NOT_FOUND', { entity: { en: 'document', 'zh-CN': '单据' } });
    return found;
  }

  /** B4: the contract and everything linked to it, every change of each, in time order with who did it. */
  async life(auth: AuthContext, id: string): Promise<ContractLife> {
    requirePermission(auth, 'crm.read');
    const row = await this.store.findVisible(this.db, auth, id);
    if (!row) throw notFound();
    const [contract, linked] = await Promise.all([this.view(this.db, row, auth.locale), this.store.life(this.db, auth.orgId, id)]);
    const codes = new Map<string, string>([[row.id, row.trace_code]]);
    for (const o of linked.orders) codes.set(o.id, o.trace_code);
    for (const s of linked.shipments) codes.set(s.id, s.trace_code);
    for (const a of linked.allocations) codes.set(a.receipt_id, a.trace_code);
    const names = await this.store.userNames(this.db, auth.orgId, [
      ...linked.transitions.map((t) => t.actor_id), ...linked.audit.map((a) => a.actor_id), ...linked.approvals.map((a) => a.decided_by),
    ]);
    const timeline: ContractLife['timeline'] = [
      ...linked.transitions.map((t) => ({
        at: t.at, kind: 'transition' as const, docType: t.doc_type, docId: t.doc_id, traceCode: codes.get(t.doc_id) ?? null, action: t.action,
        fromStatus: t.from_status, toStatus: t.to_status, actorId: t.actor_id, actorName: t.actor_id ? names.get(t.actor_id) ?? null : null, note: t.reason,
      })),
      ...linked.approvals.filter((a) => a.decided_at).map((a) => ({
        at: a.decided_at!, kind: 'approval' as const, docType: 'contract', docId: row.id, traceCode: row.trace_code,
        action: `${a.status === 'approved' ? 'approve' : a.status === 'rejected' ? 'reject' : a.status}:${a.approver_role}`, fromStatus: null, toStatus: a.status,
        actorId: a.decided_by, actorName: a.decided_by ? names.get(a.decided_by) ?? null : null, note: a.comment,
      })),
      ...linked.audit.map((a) => ({
        at: a.at, kind: 'audit' as const, docType: a.entity_type, docId: a.entity_id ?? '', traceCode: a.entity_id ? codes.get(a.entity_id) ?? null : null,
        action: a.action, fromStatus: null, toStatus: null, actorId: a.actor_id, actorName: a.actor_id ? names.get(a.actor_id) ?? null : null, note: a.after,
      })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : kindOrder[a.kind] - kindOrder[b.kind]));
    return {
      contract,
      documents: [
        ...linked.orders.map((o) => ({ type: 'purchase_order' as const, id: o.id, traceCode: o.trace_code, status: o.status, amountMinor: Number(o.amount_minor), createdAt: o.created_at })),
        ...linked.shipments.map((s) => ({ type: 'shipment' as const, id: s.id, traceCode: s.trace_code, status: s.status, amountMinor: null, createdAt: s.created_at })),
        ...linked.allocations.map((a) => ({ type: 'receipt' as const, id: a.receipt_id, traceCode: a.trace_code, status: a.status, amountMinor: Number(a.amount_minor), createdAt: a.receipt_created_at })),
      ].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      allocations: linked.allocations.map((a) => ({ receiptId: a.receipt_id, receiptTraceCode: a.trace_code, receiptStatus: a.status, amountMinor: Number(a.amount_minor), createdAt: a.created_at })),
      timeline,
    };
  }

  // ——— drafting ———

  async create(write: Write, input: ContractCreate): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    // A customer out of scope reads exactly like one that does not exist.
    const customer = await tx.selectFrom('customers').selectAll().where('id', '=', input.customerId).where(ownedScope(auth, 'customers')).executeTakeFirst();
    if (!customer) throw new AppError('VALIDATION_FAILED', {}, { 'body.customerId': { en: 'no such customer', 'zh-CN': '客户不存在' } });
    if (customer.status !== 'active') throw new AppError('VALIDATION_FAILED', {}, { 'body.customerId': { en: 'the customer is archived', 'zh-CN': '该客户已归档' } });
    const company = await this.settings.company(tx, auth.orgId);
    requireCompanyCurrency(company, input.currency);
    const id = newId();
    const lines = await this.buildLines(tx, auth.orgId, company, id, input.lines);
    const traceCode = await nextTraceCode(tx, auth.orgId, 'contract', company.settings.prefixes.contract, wallClockAt(now, company.timeZone).year);
    const row: ContractRow = {
      id, org_id: auth.orgId, trace_code: traceCode, customer_id: customer.id, owner_id: customer.owner_id, team_id: customer.team_id,
      region_id: customer.region_id, industry: customer.industry, status: 'draft', currency: company.currency, note: input.note ?? null,
      created_by: auth.userId, version: 1, created_at: now, updated_at: now, title: input.title, total_minor: totalOf(lines), paid_minor: 0,
      rebate_bp: input.rebateBp, payment_terms_days: input.paymentTermsDays ?? company.settings.defaultPaymentTermsDays,
      shipment_before_payment: input.shipmentBeforePayment ? 1 : 0, submitted_at: null, signed_at: null, signed_on: null, due_on: null, checks: null,
    };
    await tx.insertInto('contracts').values(row).execute();
    await tx.insertInto('contract_lines').values(lines).execute();
    await recordCreation(tx, auth.orgId, 'contract', id, 'draft', auth.userId, now);
    const view = await this.view(tx, row, auth.locale);
    await write.audit({ action: 'create', entityType: 'contract', entityId: id, after: auditShape(view) });
    await write.emit({ type: 'contract.created', subject: id, payload: { contractId: id, traceCode, customerId: customer.id, ownerId: row.owner_id, totalMinor: Number(row.total_minor), currency: row.currency } });
    return view;
  }

  async update(write: Write, id: string, patch: ContractUpdate): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    const current = await this.visible(tx, auth, id);
    if (!editable.includes(current.status)) {
      throw conflict({ en: `Only a draft or rejected contract can be changed; this one is ${current.status}.`, 'zh-CN': `只有草稿或被驳回的合同可以修改，该合同状态为“${current.status}”。` });
    }
    requireVersion('contract', current, patch.version);
    const company = await this.settings.company(tx, auth.orgId);
    const before = await this.view(tx, current, auth.locale);
    const set: Partial<ContractRow> = { version: current.version + 1, updated_at: now };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.paymentTermsDays !== undefined) set.payment_terms_days = patch.paymentTermsDays;
    if (patch.rebateBp !== undefined) set.rebate_bp = patch.rebateBp;
    if (patch.shipmentBeforePayment !== undefined) set.shipment_before_payment = patch.shipmentBeforePayment ? 1 : 0;
    if (patch.note !== undefined) set.note = patch.note;
    let lines: ContractLineRow[] | undefined;
    if (patch.lines) {
      lines = await this.buildLines(tx, auth.orgId, company, id, patch.lines);
      set.total_minor = totalOf(lines);
    }
    const result = await tx.updateTable('contracts').set(set).where('id', '=', id).where('version', '=', current.version).where('status', '=', current.status).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) requireVersion('contract', { version: current.version + 1 }, patch.version);
    if (lines) {
      await tx.deleteFrom('contract_lines').where('contract_id', '=', id).execute();
      await tx.insertInto('contract_lines').values(lines).execute();
    }
    const after = await this.view(tx, { ...current, ...set } as ContractRow, auth.locale);
    const changed = changedFields(auditShape(before), auditShape(after));
    await write.audit({ action: 'update', entityType: 'contract', entityId: id, before: changed.before, after: changed.after });
    await write.emit({ type: 'contract.updated', subject: id, payload: { contractId: id, changed: Object.keys(changed.after) } });
    return after;
  }

  // ——— the approval flow ———

  /** Runs the checks and starts the approval (or signs at once, or refuses failures nobody may override). */
  async submit(write: Write, id: string, version: number): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    const current = await this.visible(tx, auth, id);
    requireVersion('contract', current, version);
    const company = await this.settings.company(tx, auth.orgId);
    const { violations, priced, checkedOn } = await this.runChecks(tx, current, company, now);
    const steps = approvalStepsFor(company.settings.approvalChain, Number(current.total_minor));
    const route = submitRoute(steps, violations.length);
    if (route.kind === 'refuse') throw refusedChecks(violations, current.currency);
    const checks: StoredChecks = { checkedAt: now, checkedOn, violations, overriddenBy: null, overriddenAt: null, overrideComment: null };
    // The status moves first: a second submit racing this one waits on the row, then finds the version gone.
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'contract', id, from: current.status as ContractStatus, version: current.version, action: 'submit', actorId: auth.userId, at: now,
      set: { submitted_at: now, checks: JSON.stringify(checks) },
    });
    for (const line of priced) {
      await tx.updateTable('contract_lines').set({ list_price_minor: line.list, floor_price_minor: line.floor, policy_id: line.policyId }).where('id', '=', line.id).execute();
    }
    let row: ContractRow = { ...current, status: moved.status, version: moved.version, submitted_at: now, checks: JSON.stringify(checks), updated_at: now };
    await write.audit({ action: 'submit', entityType: 'contract', entityId: id, after: { totalMinor: Number(row.total_minor), violations: violations.map((v) => v.code), steps: steps.map((s) => s.role) } });
    await write.emit({
      type: 'contract.submitted', subject: id,
      payload: { contractId: id, traceCode: row.trace_code, ownerId: row.owner_id, totalMinor: Number(row.total_minor), currency: row.currency, violations },
    });
    if (route.kind === 'sign') {
      row = await this.sign(write, row, company);
    } else {
      const round = (await this.store.latestRound(tx, id)) + 1;
      const approvals: ContractApprovalRow[] = route.steps.map((step) => ({
        id: newId(), org_id: auth.orgId, contract_id: id, round, step_no: step.stepNo, approver_role: step.role, approver_id: null,
        status: 'waiting', decided_by: null, decided_at: null, comment: null, overrides: null, due_at: null, created_at: now, may_override: step.mayOverride ? 1 : 0,
      }));
      await tx.insertInto('contract_approvals').values(approvals).execute();
      await this.openStep(write, row, approvals[0]!, company, violations.length);
    }
    return this.view(tx, row, auth.locale);
  }

  async approve(write: Write, contractId: string, approvalId: string, input: { comment?: string | undefined; override: boolean }): Promise<ContractView> {
    const { tx, auth, now } = write;
    const { contract, step, steps, checks } = await this.decidable(write, contractId, approvalId);
    const violations = checks?.violations ?? [];
    const override = input.override && violations.length > 0 && !checks?.overriddenBy;
    if (override && !step.may_override) {
      throw conflict({ en: 'This approval step may not override failed checks.', 'zh-CN': '此审批步骤无权越过未通过的检查。' });
    }
    if (overrideNeeded(steps, step.step_no, violations.length, !!checks?.overriddenBy) && !override) throw needsOverride(violations, contract.currency, auth.locale);
    if (override && !input.comment) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.comment': { en: 'say why the failed checks are accepted', 'zh-CN': '请说明为何接受未通过的检查' } });
    }
    const decided = await this.store.moveApproval(tx, step.id, 'pending', {
      status: 'approved', decided_by: auth.userId, decided_at: now, comment: input.comment ?? null, overrides: override ? JSON.stringify(violations) : null,
    });
    if (!decided) throw alreadyDecided();
    await this.jobs.timers.cancel(tx, { orgId: auth.orgId, key: escalationKey(step.id) });
    let row = contract;
    if (override) {
      const overridden: StoredChecks = { ...checks!, overriddenBy: auth.userId, overriddenAt: now, overrideComment: input.comment ?? null };
      row = { ...row, checks: JSON.stringify(overridden) };
      await write.audit({
        action: 'override', entityType: 'contract', entityId: contractId,
        after: { approvalId: step.id, stepNo: step.step_no, role: step.approver_role, comment: input.comment, violations },
      });
    }
    await write.audit({ action: 'approve', entityType: 'contract', entityId: contractId, after: { approvalId: step.id, stepNo: step.step_no, role: step.approver_role, comment: input.comment ?? null, override } });
    const company = await this.settings.company(tx, auth.orgId);
    const next = (await this.store.approvals(tx, contractId, step.round)).find((a) => a.step_no > step.step_no && a.status === 'waiting');
    if (next) {
      const moved = await transition(tx, {
        orgId: auth.orgId, type: 'contract', id: contractId, from: 'in_approval', version: contract.version, action: 'approve_step', actorId: auth.userId,
        reason: input.comment ?? null, at: now, ...(override ? { set: { checks: row.checks } } : {}),
      });
      row = { ...row, status: moved.status, version: moved.version, updated_at: now };
      await this.openStep(write, row, next, company, override ? 0 : violations.length);
    } else {
      if (override) {
        await tx.updateTable('contracts').set({ checks: row.checks }).where('id', '=', contractId).where('version', '=', contract.version).execute();
      }
      row = await this.sign(write, row, company, input.comment ?? null);
    }
    return this.view(tx, row, auth.locale);
  }

  async reject(write: Write, contractId: string, approvalId: string, comment: string): Promise<ContractView> {
    const { tx, auth, now } = write;
    const { contract, step } = await this.decidable(write, contractId, approvalId);
    if (!(await this.store.moveApproval(tx, step.id, 'pending', { status: 'rejected', decided_by: auth.userId, decided_at: now, comment }))) throw alreadyDecided();
    await this.jobs.timers.cancel(tx, { orgId: auth.orgId, key: escalationKey(step.id) });
    await tx.updateTable('contract_approvals').set({ status: 'cancelled' }).where('contract_id', '=', contractId).where('round', '=', step.round).where('status', '=', 'waiting').execute();
    const moved = await transition(tx, { orgId: auth.orgId, type: 'contract', id: contractId, from: 'in_approval', version: contract.version, action: 'reject', actorId: auth.userId, reason: comment, at: now });
    const row = { ...contract, status: moved.status, version: moved.version, updated_at: now };
    await write.audit({ action: 'reject', entityType: 'contract', entityId: contractId, after: { approvalId: step.id, stepNo: step.step_no, role: step.approver_role, comment } });
    await write.emit({ type: 'contract.rejected', subject: contractId, payload: { ...lifecyclePayload(row), approvalId: step.id, comment } });
    const names = await this.store.userNames(tx, auth.orgId, [auth.userId]);
    await this.notifier.notify(tx, {
      orgId: auth.orgId, recipients: [row.owner_id], template: 'contract.decided',
      params: { traceCode: row.trace_code, title: row.title, outcome: 'rejected', by: names.get(auth.userId) ?? null, comment }, link: `/contracts/${contractId}`, subject: { type: 'contract', id: contractId },
    });
    return this.view(tx, row, auth.locale);
  }

  async revise(write: Write, id: string, version: number): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    const current = await this.visible(tx, auth, id);
    requireVersion('contract', current, version);
    const moved = await transition(tx, { orgId: auth.orgId, type: 'contract', id, from: current.status as ContractStatus, version, action: 'revise', actorId: auth.userId, at: now });
    await write.audit({ action: 'revise', entityType: 'contract', entityId: id, after: { status: moved.status } });
    await write.emit({ type: 'contract.revised', subject: id, payload: { contractId: id, traceCode: current.trace_code, ownerId: current.owner_id } });
    return this.view(tx, { ...current, status: moved.status, version: moved.version, updated_at: now }, auth.locale);
  }

  /** Voids a contract. A draft or rejected one its editors may void; stopping an approval or voiding signed business needs an approver. */
  async void(write: Write, id: string, version: number, reason: string): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    const current = await this.visible(tx, auth, id);
    if (!editable.includes(current.status)) requirePermission(auth, 'documents.approve');
    requireVersion('contract', current, version);
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'contract', id, from: current.status as ContractStatus, version, action: 'void', actorId: auth.userId, reason, at: now,
      facts: { totalMinor: Number(current.total_minor), paidMinor: Number(current.paid_minor) },
    });
    const open = await tx.selectFrom('contract_approvals').select('id').where('contract_id', '=', id).where('status', 'in', ['pending', 'waiting']).execute();
    for (const a of open) await this.jobs.timers.cancel(tx, { orgId: auth.orgId, key: escalationKey(a.id) });
    if (open.length) await tx.updateTable('contract_approvals').set({ status: 'cancelled' }).where('contract_id', '=', id).where('status', 'in', ['pending', 'waiting']).execute();
    const row = { ...current, status: moved.status, version: moved.version, updated_at: now };
    await write.audit({ action: 'void', entityType: 'contract', entityId: id, before: { status: current.status }, after: { status: moved.status, reason } });
    await write.emit({ type: 'contract.voided', subject: id, payload: { ...lifecyclePayload(row), previousStatus: current.status, reason } });
    return this.view(tx, row, auth.locale);
  }

  /** A paid contract whose shipments are all delivered is complete. */
  async complete(write: Write, id: string, version: number): Promise<ContractView> {
    requirePermission(write.auth, 'documents.write');
    const { tx, auth, now } = write;
    const current = await this.visible(tx, auth, id);
    requireVersion('contract', current, version);
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'contract', id, from: current.status as ContractStatus, version, action: 'complete', actorId: auth.userId, at: now,
      facts: { totalMinor: Number(current.total_minor), paidMinor: Number(current.paid_minor), allShipmentsDelivered: await this.store.allShipmentsDelivered(tx, id) },
    });
    const row = { ...current, status: moved.status, version: moved.version, updated_at: now };
    await write.audit({ action: 'complete', entityType: 'contract', entityId: id, after: { status: moved.status } });
    await write.emit({ type: 'contract.completed', subject: id, payload: lifecyclePayload(row) });
    return this.view(tx, row, auth.locale);
  }

  /** Timer: a step still pending after the company's hours tells the approver's manager (or the admins), once. */
  async escalate(timer: FiringTimer, ctx: JobContext): Promise<void> {
    const approval = await ctx.tx.selectFrom('contract_approvals').selectAll().where('org_id', '=', ctx.orgId).where('id', '=', String(timer.payload.approvalId)).executeTakeFirst();
    if (!approval || approval.status !== 'pending') return;
    const contract = await this.store.find(ctx.tx, ctx.orgId, approval.contract_id);
    if (!contract || contract.status !== 'in_approval') return;
    const manager = approval.approver_id ? await this.leaderAbove(ctx.tx, ctx.orgId, approval.approver_id) : null;
    const recipients = manager ? [manager] : await this.holdersOf(ctx.tx, ctx.orgId, 'admin');
    const names = await this.store.userNames(ctx.tx, ctx.orgId, [approval.approver_id]);
    const settings = await this.settings.forOrg(ctx.tx, ctx.orgId);
    await this.notifier.notify(ctx.tx, {
      orgId: ctx.orgId, recipients, template: 'contract.approval_escalated',
      params: { traceCode: contract.trace_code, title: contract.title, approver: approval.approver_id ? names.get(approval.approver_id) ?? null : null, hours: settings.approvalEscalationHours },
      link: `/contracts/${contract.id}`, subject: { type: 'contract', id: contract.id },
    });
    await ctx.emit({ type: 'contract.approval_escalated', subject: contract.id, payload: { contractId: contract.id, approvalId: approval.id, notified: recipients } });
  }

  // ——— inside ———

  private async visible(db: Executor, auth: AuthContext, id: string): Promise<ContractRow> {
    const row = await this.store.findVisible(db, auth, id);
    if (!row) throw notFound();
    return row;
  }

  /** The contract and the pending step the caller is about to decide, after every check of who may decide it. */
  private async decidable(write: Write, contractId: string, approvalId: string) {
    const { tx, auth } = write;
    requirePermission(auth, 'documents.approve');
    const contract = await this.visible(tx, auth, contractId);
    const step = await this.store.findApproval(tx, auth.orgId, contractId, approvalId);
    if (!step) throw new AppError('NOT_FOUND', { entity: 'contract_approval' });
    if (step.status !== 'pending' || contract.status !== 'in_approval') throw alreadyDecided();
    if (!mayDecide(auth, step, contract)) throw new AppError('FORBIDDEN');
    const steps: AppliedStep[] = (await this.store.approvals(tx, contractId, step.round)).map((a) => ({ stepNo: a.step_no, role: a.approver_role as AppliedStep['role'], mayOverride: a.may_override === 1 }));
    return { contract, step, steps, checks: storedChecks(contract.checks) };
  }

  /** Makes a step the one waiting for a decision: its approver, its escalation time, the notification. */
  private async openStep(write: Write, contract: ContractRow, step: ContractApprovalRow, company: DocumentCompany, violationCount: number): Promise<void> {
    const { tx, auth, now } = write;
    const approverId = step.approver_role === 'manager' ? await this.leaderAbove(tx, auth.orgId, contract.owner_id) : null;
    const dueAt = new Date(Date.parse(now) + company.settings.approvalEscalationHours * 3_600_000).toISOString();
    await tx.updateTable('contract_approvals').set({ status: 'pending', approver_id: approverId, due_at: dueAt }).where('id', '=', step.id).execute();
    await this.jobs.timers.arm(tx, { orgId: auth.orgId, key: escalationKey(step.id), kind: escalationKind, dueAt, payload: { approvalId: step.id } });
    const recipients = approverId ? [approverId] : await this.holdersOf(tx, auth.orgId, step.approver_role === 'manager' ? 'admin' : step.approver_role);
    const [customer, names] = await Promise.all([this.store.customerName(tx, contract.customer_id), this.store.userNames(tx, auth.orgId, [contract.owner_id])]);
    await this.notifier.notify(tx, {
      orgId: auth.orgId, recipients, template: 'contract.approval_requested',
      params: { traceCode: contract.trace_code, title: contract.title, customer, owner: names.get(contract.owner_id) ?? '', totalMinor: Number(contract.total_minor), currency: contract.currency, violations: violationCount },
      link: `/contracts/${contract.id}`, subject: { type: 'contract', id: contract.id },
    });
    await write.emit({ type: 'contract.approval_requested', subject: contract.id, payload: { contractId: contract.id, approvalId: step.id, role: step.approver_role, approverId, stepNo: step.step_no } });
  }

  /** Signs: the company day, the due day by the payment terms, the event the figures and the flash report count. */
  private async sign(write: Write, contract: ContractRow, company: DocumentCompany, reason: string | null = null): Promise<ContractRow> {
    const { tx, auth, now } = write;
    const wall = wallClockAt(now, company.timeZone);
    const signedOn = isoDate(wall);
    const dueOn = isoDate(addCalendarDays(wall, contract.payment_terms_days));
    const moved = await transition(tx, {
      orgId: auth.orgId, type: 'contract', id: contract.id, from: 'in_approval', version: contract.version, action: 'approve_final', actorId: auth.userId, reason, at: now,
      set: { signed_at: now, signed_on: signedOn, due_on: dueOn },
    });
    const row: ContractRow = { ...contract, status: moved.status, version: moved.version, signed_at: now, signed_on: signedOn, due_on: dueOn, updated_at: now };
    await write.audit({ action: 'sign', entityType: 'contract', entityId: contract.id, after: { signedOn, dueOn, totalMinor: Number(row.total_minor) } });
    await write.emit({
      type: 'contract.signed', subject: contract.id,
      payload: {
        contractId: row.id, traceCode: row.trace_code, customerId: row.customer_id, ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id,
        industry: row.industry, totalMinor: Number(row.total_minor), currency: row.currency, signedOn, signedAt: now,
      },
    });
    await this.notifier.notify(tx, {
      orgId: auth.orgId, recipients: [row.owner_id], template: 'contract.decided',
      params: { traceCode: row.trace_code, title: row.title, outcome: 'signed', by: null, comment: null }, link: `/contracts/${row.id}`, subject: { type: 'contract', id: row.id },
    });
    return row;
  }

  /** The checks of a contract as it stands, with the prices in force on today's company day. */
  private async runChecks(tx: Executor, contract: ContractRow, company: DocumentCompany, now: string) {
    const checkedOn = isoDate(wallClockAt(now, company.timeZone));
    const lines = await this.store.lines(tx, contract.id);
    const productIds = [...new Set(lines.map((l) => l.product_id))];
    const [products, policies, customer, others] = await Promise.all([
      tx.selectFrom('products').selectAll().where('org_id', '=', contract.org_id).where('id', 'in', productIds).execute(),
      tx.selectFrom('price_policies').selectAll().where('org_id', '=', contract.org_id).where('product_id', 'in', productIds).where('status', '=', 'active').execute(),
      tx.selectFrom('customers').select(['credit_limit_minor', 'credit_currency', 'partner_tier']).where('id', '=', contract.customer_id).executeTakeFirstOrThrow(),
      this.store.otherOpenContracts(tx, contract.org_id, contract.customer_id, contract.id),
    ]);
    const byId = new Map(products.map((p) => [p.id, p]));
    const policyViews = policies.map((p) => ({
      id: p.id, productId: p.product_id, status: p.status, validFrom: p.valid_from, validTo: p.valid_to, createdAt: p.created_at,
      floorPrice: p.floor_price_minor === null || p.currency === null ? null : { minor: Number(p.floor_price_minor), currency: p.currency },
      discountBands: JSON.parse(p.discount_bands) as DiscountBand[],
    }));
    const priced = lines.map((line) => {
      const product = byId.get(line.product_id)!;
      const price = priceInForce({ id: product.id, listPrice: { minor: Number(product.list_price_minor), currency: product.currency }, floorPrice: { minor: Number(product.floor_price_minor), currency: product.currency } }, policyViews, checkedOn);
      return { line, product, price };
    });
    const partnerYear = customer.partner_tier
      ? await this.store.signedTotalInYear(tx, contract.org_id, contract.customer_id, wallClockAt(now, company.timeZone).year, contract.id)
      : 0;
    // A credit limit in another currency cannot be compared with the company's documents (multi-currency is out of scope).
    const limit = customer.credit_limit_minor !== null && customer.credit_currency === contract.currency ? Number(customer.credit_limit_minor) : null;
    const violations = checkContract({
      currency: contract.currency, totalMinor: Number(contract.total_minor), rebateBp: contract.rebate_bp,
      lines: priced.map(({ line, product, price }) => ({ lineNo: line.line_no, productName: product.name, quantity: line.quantity, unitPriceMinor: Number(line.unit_price_minor), price })),
      creditLimitMinor: limit, otherOpenMinor: openReceivablesMinor(others), partnerTier: customer.partner_tier, partnerYearTotalMinor: partnerYear,
      rebateTiers: company.settings.rebateTiers,
    });
    return {
      violations, checkedOn,
      priced: priced.map(({ line, price }) => ({ id: line.id, list: price.listPrice.minor, floor: price.floorPrice.minor, policyId: price.policyId })),
    };
  }

  private async buildLines(tx: Executor, orgId: string, company: DocumentCompany, contractId: string, input: ContractCreate['lines']): Promise<ContractLineRow[]> {
    const ids = [...new Set(input.map((l) => l.productId))];
    const products = await tx.selectFrom('products').select(['id', 'currency', 'status']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
    const byId = new Map(products.map((p) => [p.id, p]));
    const fields: Record<string, LocalisedText> = {};
    input.forEach((line, i) => {
      const product = byId.get(line.productId);
      if (!product || product.status !== 'active') fields[`body.lines.${i}.productId`] = { en: 'no such product', 'zh-CN': '产品不存在' };
      else if (product.currency !== company.currency) fields[`body.lines.${i}.productId`] = { en: `the product is priced in ${product.currency}, not the company currency ${company.currency}`, 'zh-CN': `该产品以 ${product.currency} 定价，不是公司本位币 ${company.currency}` };
    });
    const lines = input.map((line, i) => {
      const amount = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
      if (amount > BigInt(Number.MAX_SAFE_INTEGER)) fields[`body.lines.${i}.unitPriceMinor`] = { en: 'the line amount is too large', 'zh-CN': '行金额过大' };
      return {
        id: newId(), org_id: orgId, contract_id: contractId, line_no: i + 1, product_id: line.productId, quantity: line.quantity, unit_price_minor: line.unitPriceMinor,
        amount_minor: Number(amount), list_price_minor: null, floor_price_minor: null, policy_id: null,
      };
    });
    if (lines.reduce((sum, l) => sum + BigInt(l.amount_minor), 0n) > BigInt(Number.MAX_SAFE_INTEGER)) fields['body.lines'] = { en: 'the contract total is too large', 'zh-CN': '合同总额过大' };
    if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', {}, fields);
    return lines;
  }

  /** The leader of the person's team, or of the nearest team above it that has one (never the person themself). */
  private async leaderAbove(db: Executor, orgId: string, userId: string): Promise<string | null> {
    const user = await db.selectFrom('users').select('team_id').where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
    const teams = await db.selectFrom('teams').select(['id', 'parent_id', 'leader_id']).where('org_id', '=', orgId).execute();
    const byId = new Map(teams.map((t) => [t.id, t]));
    let team = user?.team_id ? byId.get(user.team_id) : undefined;
    for (let hops = 0; team && hops < 50; hops += 1) {
      if (team.leader_id && team.leader_id !== userId) {
        const leader = await db.selectFrom('users').select('status').where('id', '=', team.leader_id).executeTakeFirst();
        if (leader?.status === 'active') return team.leader_id;
      }
      team = team.parent_id ? byId.get(team.parent_id) : undefined;
    }
    return null;
  }

  private async holdersOf(db: Executor, orgId: string, role: string): Promise<string[]> {
    const rows = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('role', '=', role).where('status', '=', 'active').execute();
    return rows.map((r) => r.id);
  }

  private async view(db: Executor, row: ContractRow, locale: Locale): Promise<ContractView> {
    const [lines, approvals, customerName] = await Promise.all([this.store.lines(db, row.id), this.store.approvals(db, row.id), this.store.customerName(db, row.customer_id)]);
    const names = await this.store.productNames(db, row.org_id, lines.map((l) => l.product_id));
    const checks = storedChecks(row.checks);
    return {
      ...summaryOf(row, customerName),
      note: row.note,
      createdBy: row.created_by,
      lines: lines.map((l) => ({
        lineNo: l.line_no, productId: l.product_id, productName: names.get(l.product_id) ?? '', quantity: l.quantity, unitPriceMinor: Number(l.unit_price_minor),
        amountMinor: Number(l.amount_minor), listPriceMinor: l.list_price_minor === null ? null : Number(l.list_price_minor),
        floorPriceMinor: l.floor_price_minor === null ? null : Number(l.floor_price_minor), policyId: l.policy_id,
      })),
      approvals: approvals.map((a) => ({
        id: a.id, round: a.round, stepNo: a.step_no, role: a.approver_role as 'manager', approverId: a.approver_id, status: a.status as 'pending', mayOverride: a.may_override === 1,
        decidedBy: a.decided_by, decidedAt: a.decided_at, comment: a.comment, overrode: a.overrides !== null, dueAt: a.due_at, createdAt: a.created_at,
      })),
      checks: checks ? { ...checks, violations: checks.violations.map((v) => violationView(v, row.currency, locale)) } : null,
      allowedActions: allowedActions('contract', row.status as ContractStatus),
    };
  }
}

const kindOrder = { transition: 0, approval: 1, audit: 2 } as const;

/** Who may decide a pending step: admins any; ops the ops steps; a manager the manager steps of contracts their team scope covers, or as the named approver. */
function mayDecide(auth: AuthContext, step: ContractApprovalRow, contract: ContractRow): boolean {
  if (step.approver_id === auth.userId) return true;
  if (auth.role === 'admin') return true;
  if (auth.role === 'ops') return step.approver_role === 'ops';
  if (auth.role === 'manager' && step.approver_role === 'manager') {
    return auth.dataScope === 'all' || (auth.dataScope === 'team' && contract.team_id !== null && auth.teamIds.includes(contract.team_id));
  }
  return false;
}

function summaryOf(row: ContractRow, customerName: string) {
  return {
    id: row.id, traceCode: row.trace_code, title: row.title, customerId: row.customer_id, customerName, ownerId: row.owner_id, teamId: row.team_id,
    regionId: row.region_id, industry: row.industry, status: row.status as ContractStatus, currency: row.currency, totalMinor: Number(row.total_minor),
    paidMinor: Number(row.paid_minor), rebateBp: row.rebate_bp, paymentTermsDays: row.payment_terms_days, shipmentBeforePayment: row.shipment_before_payment === 1,
    submittedAt: row.submitted_at, signedAt: row.signed_at, signedOn: row.signed_on, dueOn: row.due_on, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function storedChecks(json: string | null): StoredChecks | null {
  return json ? (JSON.parse(json) as StoredChecks) : null;
}

function violationView(v: ContractViolation, currency: string, locale: Locale) {
  const { code, ...details } = v;
  return { code, lineNo: 'lineNo' in v ? v.lineNo : null, message: contractViolationMessage(v, currency, locale), details };
}

function totalOf(lines: readonly ContractLineRow[]): number {
  return lines.reduce((sum, l) => sum + Number(l.amount_minor), 0);
}

function lifecyclePayload(row: ContractRow) {
  return {
    contractId: row.id, traceCode: row.trace_code, customerId: row.customer_id, ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id,
    industry: row.industry, signedOn: row.signed_on, totalMinor: Number(row.total_minor), currency: row.currency,
  };
}

function requireCompanyCurrency(company: DocumentCompany, currency: Currency | undefined): void {
  if (currency !== undefined && currency !== company.currency) {
    throw new AppError('VALIDATION_FAILED', {}, {
      'body.currency': { en: `documents are kept in the company currency ${company.currency} (several currencies are not supported)`, 'zh-CN': `单据仅支持公司本位币 ${company.currency}（不支持多币种）` },
    });
  }
}

/** What the audit keeps of a contract: its terms and lines, not the derived fields. */
function auditShape(view: ContractView): Record<string, unknown> {
  return {
    traceCode: view.traceCode, title: view.title, customerId: view.customerId, totalMinor: view.totalMinor, currency: view.currency, rebateBp: view.rebateBp,
    paymentTermsDays: view.paymentTermsDays, shipmentBeforePayment: view.shipmentBeforePayment, note: view.note,
    lines: view.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
  };
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

function listed(violations: readonly ContractViolation[], currency: string, locale: Locale): string {
  return violations.map((v, i) => `${i + 1}. ${contractViolationMessage(v, currency, locale)}`).join('\n');
}

function refusedChecks(violations: readonly ContractViolation[], currency: string): AppError {
  return conflict({
    en: `This contract cannot be submitted: ${violations.length} check${violations.length === 1 ? '' : 's'} failed and no approval step may override them.\n${listed(violations, currency, 'en')}`,
    'zh-CN': `该合同无法提交：${violations.length} 项检查未通过，且审批流程中没有可越过检查的步骤。\n${listed(violations, currency, 'zh-CN')}`,
  });
}

function needsOverride(violations: readonly ContractViolation[], currency: string, _locale: Locale): AppError {
  return conflict({
    en: `This contract failed ${violations.length} check${violations.length === 1 ? '' : 's'}; approve it with override and a comment, or reject it.\n${listed(violations, currency, 'en')}`,
    'zh-CN': `该合同有 ${violations.length} 项检查未通过；请勾选越过检查并填写理由后批准，或驳回。\n${listed(violations, currency, 'zh-CN')}`,
  });
}

function alreadyDecided(): AppError {
  return conflict({ en: 'This approval step is not waiting for a decision (it was decided, or it is not its turn yet).', 'zh-CN': '此审批步骤当前无需决定（已被处理，或尚未轮到）。' });
}
