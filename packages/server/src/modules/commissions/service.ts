/**
 * Commissions over HTTP (C1–C3): plans as versioned documents, assignments, quotas and credit splits (commissions.manage),
 * recalculations that store their difference per person and line before anyone accepts them, period locks, statements
 * read within the caller's reach, and the simulator. Every change is audited; writes run in the caller's unit of work.
 *
 * Reach (who may read whose statement): everyone their own; with reports.read, a manager the people of the teams they
 * lead and every team below, ops and admins (scope all) the whole company. Anyone else is answered NOT_FOUND.
 */
import { createHash } from 'node:crypto';
import {
  AppError, type FieldMessages, commissionPeriodRange, componentNames, renderSteps, ruleName,
  type CommissionAssignment, type CommissionLine, type CommissionPeriod, type CommissionPlanSummary, type CommissionPlanVersion, type CommissionQuota,
  type CommissionRecalculation, type CommissionSplits, type CommissionStatement, type CommissionStatementList, type CommissionStatementSummary,
  type Explanation, type Locale, type PayoutLine, type Plan, type CalculationIssue,
} from '@closeloop/core';
import type { z } from 'zod';
import type {
  commissionAssignmentCreate, commissionAssignmentQuery, commissionAssignmentUpdate, commissionPlanCreate, commissionQuotaSet,
  commissionRecalculationCreate, commissionSimulateRequest, commissionSplitsSet,
} from '@closeloop/core';
import { sql } from 'kysely';
import { can, requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { isPostgres, type Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { ensurePeriodRow, periodGeneration, periodStatus, periodWriteTurn } from './calculation.js';
import type { WorkerConnection } from './engine-thread.js';
import { acceptStaged, recalculatePeriod, refreshLineStatistics, unstagePeriod, unstageRecalculation, wholePeriodLines, type KeptRows, type StoredPersonChange } from './recalculation.js';
import { inForce, lineFromRow, storedLineColumns } from './stored-line.js';
import { recalculationWorkbook } from './workbook.js';
import { planFromText, simulate, simulationJson, SimulationInputError, transactionsFromCsv, transactionsFromRows } from './simulation.js';

type Reach = { kind: 'all' } | { kind: 'teams'; teamIds: readonly string[]; userId: string } | { kind: 'self'; userId: string };

/** Whose statements the caller reads: their own; with reports.read, their team tree (team scope) or everyone (scope all). */
export function reachOf(auth: AuthContext): Reach {
  requirePermission(auth, 'crm.read');
  if (!can(auth, 'reports.read')) return { kind: 'self', userId: auth.userId };
  if (auth.dataScope === 'all') return { kind: 'all' };
  if (auth.dataScope === 'team') return { kind: 'teams', teamIds: auth.teamIds, userId: auth.userId };
  return { kind: 'self', userId: auth.userId };
}

const texts = {
  planExists: (key: string, latest: number) => ({
    en: `version ${latest} of ${key} is stored; a new version must be ${latest + 1} or above`,
    'zh-CN': `${key} 已有第 ${latest} 版；新版本号须不小于 ${latest + 1}`,
  }),
  noPlan: { en: 'no plan with this id', 'zh-CN': '没有这个方案' },
  noPerson: { en: 'not a person of this company', 'zh-CN': '不是本公司的人员' },
  noTeam: { en: 'not a team of this company', 'zh-CN': '不是本公司的团队' },
  sharesNotWhole: { en: 'the shares that are not overlay must add up to 1 (100%)', 'zh-CN': '非叠加业绩的比例之和必须为 1（100%）' },
  locked: (period: string) => ({ en: `Period ${period} is locked: its lines never change.`, 'zh-CN': `期间 ${period} 已锁定，其明细不再变化。` }),
  decided: { en: 'This recalculation was already accepted or discarded.', 'zh-CN': '该重算已被接受或放弃。' },
  stale: {
    en: 'The period\'s lines or their inputs changed since this recalculation was proposed (or the period was locked). Propose it again to see the current difference.',
    'zh-CN': '自提出该重算以来，期间的明细或其数据已发生变化（或期间已锁定）。请重新提出重算以查看最新差异。',
  },
};

function hashOf(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts.sort()) hash.update(part).update('\n');
  return hash.digest('hex');
}

/** `ruleNames`: the names the line's plan version gives its components (see planRuleNames); the id stands in without them. */
export function lineView(line: PayoutLine, locale: Locale, ruleNames: ReadonlyMap<string, string> | null = null): CommissionLine {
  return {
    key: line.key, period: line.period, personId: line.personId, planKey: line.planId, planVersion: line.planVersion, componentId: line.componentId,
    componentName: ruleName(ruleNames, line.componentId, locale),
    kind: line.kind, transactionId: line.transactionId, dealId: line.dealId, date: line.date, amountMinor: line.amountMinor, currency: line.currency,
    inputs: line.inputs, formula: line.formula, steps: line.steps, explanation: renderSteps(line.steps, locale),
  };
}

interface StoredDiff {
  people: StoredPersonChange[];
  totalDeltaMinor: number;
  issues: CalculationIssue[];
}
/**
 * How many changed lines a proposal lists, with their explanations; past them each person's changed lines are
 * counted only (their totals stay exact). A first run of a million-line month would otherwise store and parse a
 * diff of over a GiB.
 */
const explainedChanges = 20_000;

interface StoredResult {
  periodStatus: 'open' | 'locked'; storedHash: string; resultHash: string; lineCount: number; totalMinor: number;
  /** set while the proposal keeps the rows accepting it writes (an open period, not replaced by a newer proposal): the fingerprint of its inputs */
  inputsHash?: string | null;
  /** what the proposal kept (its lines, the keys it removes, its statements): fewer at accept means they were lost (absent or older on older rows) */
  kept?: KeptRows;
  /** the diff's totals, so a list of proposals does not parse each diff (a first run's holds a million lines); absent on older rows */
  peopleChanged?: number; totalDeltaMinor?: number;
}

/** Transactions in a period from which a recalculation computes in a worker thread (below, starting one costs more than it saves). */
export const workerFromTransactions = 50_000;

export interface CommissionServiceOptions {
  /** the database as a worker thread opens it (absent: an in-memory database, which no other thread can open) */
  worker?: { connection: WorkerConnection; minTransactions?: number };
  /** stored lines from which a proposal that replaces most of a period writes it whole as its next generation (default wholePeriodLines) */
  wholePeriodFrom?: number;
}

export class CommissionService {
  /** how a big period's recalculation reaches its worker thread (absent: always in this thread) */
  private readonly worker: { connection: WorkerConnection; minTransactions: number } | undefined;

  private readonly wholePeriodFrom: number;

  constructor(private readonly db: Executor, options: CommissionServiceOptions = {}) {
    this.worker = options.worker && { connection: options.worker.connection, minTransactions: options.worker.minTransactions ?? workerFromTransactions };
    this.wholePeriodFrom = options.wholePeriodFrom ?? wholePeriodLines;
  }

  // ——— plans ———

  async createPlan(write: Write, input: z.infer<typeof commissionPlanCreate>): Promise<CommissionPlanVersion> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    let plan: Plan;
    try {
      plan = planFromText(input.source, 'The plan');
    } catch (error) {
      if (!(error instanceof SimulationInputError)) throw error;
      if (error.problems.length === 0) throw new AppError('VALIDATION_FAILED', {}, { 'body.source': error.message });
      const fields: FieldMessages = {};
      for (const problem of error.problems) fields[problem.path ? `plan.${problem.path}` : 'plan'] ??= problem.text ?? problem.message;
      throw new AppError('VALIDATION_FAILED', {}, fields);
    }
    const latest = await tx.selectFrom('commission_plans').select(sql<number | null>`max(version)`.as('version')).where('org_id', '=', auth.orgId).where('plan_key', '=', plan.id).executeTakeFirst();
    const latestVersion = latest?.version === null || latest?.version === undefined ? 0 : Number(latest.version);
    if (plan.version <= latestVersion) throw new AppError('VALIDATION_FAILED', {}, { 'plan.version': texts.planExists(plan.id, latestVersion) });
    const row = {
      id: newId(), org_id: auth.orgId, plan_key: plan.id, version: plan.version, name: plan.name, currency: plan.currency, period: plan.period,
      effective_from: plan.effective.from, effective_to: plan.effective.to ?? null, document: JSON.stringify(plan), source: input.source,
      created_by: auth.userId, created_at: write.now,
    };
    await tx.insertInto('commission_plans').values(row).execute();
    await write.audit({ action: 'create', entityType: 'commission_plan', entityId: row.id, after: { planKey: plan.id, version: plan.version, name: plan.name, effective: plan.effective } });
    return planVersionView(row);
  }

  async listPlans(auth: AuthContext): Promise<{ items: CommissionPlanSummary[] }> {
    requirePermission(auth, 'commissions.manage');
    const rows = await this.db.selectFrom('commission_plans')
      .select(['plan_key', 'version', 'name', 'currency', 'period', 'effective_from', 'effective_to', 'created_by', 'created_at'])
      .where('org_id', '=', auth.orgId).orderBy('plan_key').orderBy('version', 'desc').execute();
    const byKey = new Map<string, typeof rows>();
    for (const row of rows) byKey.set(row.plan_key, [...(byKey.get(row.plan_key) ?? []), row]);
    return {
      items: [...byKey.values()].map((versions) => ({
        planKey: versions[0]!.plan_key, name: versions[0]!.name, currency: versions[0]!.currency, period: versions[0]!.period as 'month' | 'quarter',
        latestVersion: versions[0]!.version, versions: versions.map((v) => versionSummary(v)),
      })),
    };
  }

  async getPlan(auth: AuthContext, planKey: string, version?: number): Promise<CommissionPlanVersion> {
    requirePermission(auth, 'commissions.manage');
    let query = this.db.selectFrom('commission_plans').selectAll().where('org_id', '=', auth.orgId).where('plan_key', '=', planKey);
    if (version !== undefined) query = query.where('version', '=', version);
    const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'commission_plan' });
    return planVersionView(row);
  }

  // ——— assignments ———

  async listAssignments(auth: AuthContext, query: z.infer<typeof commissionAssignmentQuery>): Promise<{ items: CommissionAssignment[] }> {
    requirePermission(auth, 'commissions.manage');
    let q = this.db.selectFrom('commission_assignments').selectAll().where('org_id', '=', auth.orgId);
    if (query.planKey) q = q.where('plan_key', '=', query.planKey);
    if (query.personId) q = q.where('person_id', '=', query.personId);
    return { items: (await q.orderBy('plan_key').orderBy('from_on').orderBy('id').execute()).map(assignmentView) };
  }

  async createAssignment(write: Write, input: z.infer<typeof commissionAssignmentCreate>): Promise<CommissionAssignment> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    const plan = await tx.selectFrom('commission_plans').select('id').where('org_id', '=', auth.orgId).where('plan_key', '=', input.planKey).limit(1).executeTakeFirst();
    const fields: Record<string, { en: string; 'zh-CN': string }> = {};
    if (!plan) fields['body.planKey'] = texts.noPlan;
    if (input.personId && !(await this.personInOrg(tx, auth.orgId, input.personId))) fields['body.personId'] = texts.noPerson;
    if (input.teamId && !(await tx.selectFrom('teams').select('id').where('org_id', '=', auth.orgId).where('id', '=', input.teamId).executeTakeFirst())) fields['body.teamId'] = texts.noTeam;
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION_FAILED', {}, fields);
    const row = {
      id: newId(), org_id: auth.orgId, plan_key: input.planKey, person_id: input.personId ?? null, team_id: input.teamId ?? null,
      from_on: input.fromOn, to_on: input.toOn ?? null, created_by: auth.userId, created_at: write.now,
    };
    await tx.insertInto('commission_assignments').values(row).execute();
    await write.audit({ action: 'create', entityType: 'commission_assignment', entityId: row.id, after: assignmentView(row) });
    return assignmentView(row);
  }

  async updateAssignment(write: Write, id: string, input: z.infer<typeof commissionAssignmentUpdate>): Promise<CommissionAssignment> {
    requirePermission(write.auth, 'commissions.manage');
    const row = await this.assignment(write.tx, write.auth, id);
    if (input.toOn && input.toOn < row.from_on) throw new AppError('VALIDATION_FAILED', {}, { 'body.toOn': { en: 'must not be before fromOn', 'zh-CN': '不能早于开始日期' } });
    await write.tx.updateTable('commission_assignments').set({ to_on: input.toOn }).where('id', '=', id).execute();
    await write.audit({ action: 'update', entityType: 'commission_assignment', entityId: id, before: { toOn: row.to_on }, after: { toOn: input.toOn } });
    return assignmentView({ ...row, to_on: input.toOn });
  }

  async deleteAssignment(write: Write, id: string): Promise<void> {
    requirePermission(write.auth, 'commissions.manage');
    const row = await this.assignment(write.tx, write.auth, id);
    await write.tx.deleteFrom('commission_assignments').where('id', '=', id).execute();
    await write.audit({ action: 'delete', entityType: 'commission_assignment', entityId: id, before: assignmentView(row) });
  }

  private async assignment(db: Executor, auth: AuthContext, id: string) {
    const row = await db.selectFrom('commission_assignments').selectAll().where('org_id', '=', auth.orgId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'commission_assignment' });
    return row;
  }

  private async personInOrg(db: Executor, orgId: string, personId: string): Promise<boolean> {
    return !!(await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst());
  }

  // ——— quotas ———

  async listQuotas(auth: AuthContext, period?: string): Promise<{ items: CommissionQuota[] }> {
    requirePermission(auth, 'commissions.manage');
    let q = this.db.selectFrom('commission_quotas').innerJoin('users', 'users.id', 'commission_quotas.person_id')
      .select(['commission_quotas.person_id', 'users.name', 'commission_quotas.period', 'commission_quotas.amount_minor'])
      .where('commission_quotas.org_id', '=', auth.orgId);
    if (period) q = q.where('commission_quotas.period', '=', period);
    const rows = await q.orderBy('commission_quotas.period', 'desc').orderBy('users.name').execute();
    return { items: rows.map((r) => ({ personId: r.person_id, personName: r.name, period: r.period, amountMinor: Number(r.amount_minor) })) };
  }

  async setQuota(write: Write, period: string, personId: string, input: z.infer<typeof commissionQuotaSet>): Promise<CommissionQuota> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    const person = await tx.selectFrom('users').select(['id', 'name']).where('org_id', '=', auth.orgId).where('id', '=', personId).executeTakeFirst();
    if (!person) throw new AppError('NOT_FOUND', { entity: 'user' });
    const before = await tx.selectFrom('commission_quotas').select('amount_minor').where('org_id', '=', auth.orgId).where('person_id', '=', personId).where('period', '=', period).executeTakeFirst();
    await tx.insertInto('commission_quotas').values({ org_id: auth.orgId, person_id: personId, period, amount_minor: input.amountMinor })
      .onConflict((oc) => oc.columns(['org_id', 'person_id', 'period']).doUpdateSet({ amount_minor: input.amountMinor })).execute();
    await write.audit({ action: before ? 'update' : 'create', entityType: 'commission_quota', entityId: `${period}:${personId}`, before: before ? { amountMinor: Number(before.amount_minor) } : undefined, after: { amountMinor: input.amountMinor } });
    return { personId, personName: person.name, period, amountMinor: input.amountMinor };
  }

  async deleteQuota(write: Write, period: string, personId: string): Promise<void> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    const before = await tx.selectFrom('commission_quotas').select('amount_minor').where('org_id', '=', auth.orgId).where('person_id', '=', personId).where('period', '=', period).executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND', { entity: 'commission_quota' });
    await tx.deleteFrom('commission_quotas').where('org_id', '=', auth.orgId).where('person_id', '=', personId).where('period', '=', period).execute();
    await write.audit({ action: 'delete', entityType: 'commission_quota', entityId: `${period}:${personId}`, before: { amountMinor: Number(before.amount_minor) } });
  }

  // ——— credit splits ———

  async getSplits(auth: AuthContext, contractId: string): Promise<CommissionSplits> {
    requirePermission(auth, 'commissions.manage');
    await this.contract(this.db, auth, contractId);
    return this.splitsView(this.db, auth.orgId, contractId);
  }

  async setSplits(write: Write, contractId: string, input: z.infer<typeof commissionSplitsSet>): Promise<CommissionSplits> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    await this.contract(tx, auth, contractId);
    const fields: Record<string, { en: string; 'zh-CN': string }> = {};
    for (const [i, split] of input.splits.entries()) {
      if (split.personId && !(await this.personInOrg(tx, auth.orgId, split.personId))) fields[`body.splits.${i}.personId`] = texts.noPerson;
      if (split.teamId && !(await tx.selectFrom('teams').select('id').where('org_id', '=', auth.orgId).where('id', '=', split.teamId).executeTakeFirst())) fields[`body.splits.${i}.teamId`] = texts.noTeam;
    }
    // Shares in millionths (at most six decimals, checked by the contract), so the sum is exact.
    const revenue = input.splits.filter((s) => !s.overlay).reduce((sum, s) => sum + Math.round(Number(s.share) * 1_000_000), 0);
    if (input.splits.some((s) => !s.overlay) && revenue !== 1_000_000) fields['body.splits'] = texts.sharesNotWhole;
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION_FAILED', {}, fields);
    const before = await this.splitsView(tx, auth.orgId, contractId);
    await tx.deleteFrom('commission_credit_splits').where('org_id', '=', auth.orgId).where('contract_id', '=', contractId).execute();
    if (input.splits.length > 0) {
      await tx.insertInto('commission_credit_splits').values(input.splits.map((s) => ({
        id: newId(), org_id: auth.orgId, contract_id: contractId, person_id: s.personId ?? null, team_id: s.teamId ?? null, share: s.share, overlay: s.overlay ? 1 : 0,
      }))).execute();
    }
    const after = await this.splitsView(tx, auth.orgId, contractId);
    await write.audit({ action: 'update', entityType: 'commission_splits', entityId: contractId, before: before.splits, after: after.splits });
    return after;
  }

  private async contract(db: Executor, auth: AuthContext, contractId: string): Promise<void> {
    const row = await db.selectFrom('contracts').select('id').where('org_id', '=', auth.orgId).where('id', '=', contractId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'contract' });
  }

  private async splitsView(db: Executor, orgId: string, contractId: string): Promise<CommissionSplits> {
    const rows = await db.selectFrom('commission_credit_splits').select(['person_id', 'team_id', 'share', 'overlay']).where('org_id', '=', orgId).where('contract_id', '=', contractId).orderBy('id').execute();
    return { contractId, splits: rows.map((r) => ({ personId: r.person_id, teamId: r.team_id, share: r.share, overlay: r.overlay === 1 })) };
  }

  // ——— periods ———

  async listPeriods(auth: AuthContext): Promise<{ items: CommissionPeriod[] }> {
    requirePermission(auth, 'commissions.manage');
    const [periods, sums] = await Promise.all([
      this.db.selectFrom('commission_periods').selectAll().where('org_id', '=', auth.orgId).execute(),
      this.db.selectFrom('commission_lines')
        .select(['period', sql<string | number>`count(distinct person_id)`.as('people'), sql<string | number>`count(*)`.as('lines'), sql<string | number>`coalesce(sum(amount_minor), 0)`.as('total')])
        .where('org_id', '=', auth.orgId).groupBy('period').execute(),
    ]);
    const byPeriod = new Map(sums.map((s) => [s.period, s]));
    return {
      items: periods
        .map((p) => {
          const s = byPeriod.get(p.period);
          return { period: p.period, status: p.status === 'locked' ? 'locked' as const : 'open' as const, lockedAt: p.locked_at, lockedBy: p.locked_by, people: Number(s?.people ?? 0), lineCount: Number(s?.lines ?? 0), totalMinor: Number(s?.total ?? 0) };
        })
        .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0)),
    };
  }

  /** Locks a period: its lines and a snapshot of what they were computed from never change again. */
  async lockPeriod(write: Write, period: string): Promise<CommissionPeriod> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    commissionPeriodRange(period);
    await periodWriteTurn(tx, auth.orgId, period, 'alone');
    if ((await periodStatus(tx, auth.orgId, period)) === 'locked') throw new AppError('CONFLICT', { detail: texts.locked(period) });
    // Proposals of the period can no longer be accepted as they are: their rows go.
    await unstagePeriod(tx, auth.orgId, period);
    const range = commissionPeriodRange(period);
    const [lines, plans, quotas, transactions] = await Promise.all([
      tx.selectFrom('commission_lines').select(['person_id', 'line_key', 'digest', 'amount_minor']).where('org_id', '=', auth.orgId).where('period', '=', period).execute(),
      tx.selectFrom('commission_lines').select(['plan_key', 'plan_version']).distinct().where('org_id', '=', auth.orgId).where('period', '=', period).execute(),
      tx.selectFrom('commission_quotas').select(['person_id', 'amount_minor']).where('org_id', '=', auth.orgId).where('period', '=', period).orderBy('person_id').execute(),
      tx.selectFrom('commission_transactions').select('id').where('org_id', '=', auth.orgId).where('date', '>=', range.start).where('date', '<=', range.end).execute(),
    ]);
    const totalMinor = lines.reduce((sum, l) => sum + Number(l.amount_minor), 0);
    const people = new Set(lines.map((l) => l.person_id)).size;
    const snapshot = {
      lockedAt: write.now, people, lineCount: lines.length, totalMinor,
      linesHash: hashOf(lines.map((l) => `${l.person_id}|${l.line_key}|${l.digest}`)),
      plans: plans.map((p) => ({ planKey: p.plan_key, version: p.plan_version })),
      quotas: quotas.map((q) => ({ personId: q.person_id, amountMinor: Number(q.amount_minor) })),
      transactions: { count: transactions.length, hash: hashOf(transactions.map((t) => t.id)) },
    };
    await ensurePeriodRow(tx, auth.orgId, period);
    await tx.updateTable('commission_periods').set({ status: 'locked', locked_at: write.now, locked_by: auth.userId, snapshot: JSON.stringify(snapshot) })
      .where('org_id', '=', auth.orgId).where('period', '=', period).execute();
    // Rows a sweep has yet to delete (earlier generations) stay as they are; adjustment lines are in no generation.
    const generation = await periodGeneration(tx, auth.orgId, period);
    await tx.updateTable('commission_line_rows').set({ locked: 1 }).where('org_id', '=', auth.orgId).where('period', '=', period)
      .where((eb) => eb.or([eb('generation', '=', generation), eb('kind', '=', 'adjustment')])).where(inForce).execute();
    await write.audit({ action: 'lock', entityType: 'commission_period', entityId: period, after: snapshot });
    return { period, status: 'locked', lockedAt: write.now, lockedBy: auth.userId, people, lineCount: lines.length, totalMinor };
  }

  // ——— recalculations ———

  /** Computes the whole period with today's plans and data and stores the difference to the stored lines. */
  async proposeRecalculation(write: Write, input: z.infer<typeof commissionRecalculationCreate>): Promise<CommissionRecalculation> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    // A period keeps one proposal's rows: older proposals of it recompute if accepted.
    // Locked (PostgreSQL) before their rows are dropped: an accept of one of them waits, then computes it again.
    let olderQuery = tx.selectFrom('commission_recalculations').select(['id', 'result'])
      .where('org_id', '=', auth.orgId).where('period', '=', input.period).where('status', '=', 'proposed');
    if (isPostgres(tx)) olderQuery = olderQuery.forUpdate();
    const older = await olderQuery.execute();
    for (const o of older) {
      const result = JSON.parse(o.result) as StoredResult;
      if (result.inputsHash) await tx.updateTable('commission_recalculations').set({ result: JSON.stringify({ ...result, inputsHash: null }) }).where('id', '=', o.id).execute();
    }
    await unstagePeriod(tx, auth.orgId, input.period);
    const id = newId();
    if (this.worker) await refreshLineStatistics(tx, this.worker.connection);
    // Streamed person by person against the stored lines' digests: a month of a million lines is never held at once.
    const computed = await recalculatePeriod(tx, auth.orgId, input.period, { mode: 'propose', explainedChanges, stageAs: id, now: write.now, wholePeriodFrom: this.wholePeriodFrom, ...(this.worker ? { worker: this.worker } : {}) });
    const diff = { totalDeltaMinor: computed.totalDeltaMinor, peopleChanged: computed.people.length };
    const stored: StoredDiff = { totalDeltaMinor: computed.totalDeltaMinor, issues: computed.issues, people: computed.people };
    const result: StoredResult = {
      periodStatus: computed.status, storedHash: computed.storedHash, resultHash: computed.resultHash, lineCount: computed.lineCount, totalMinor: computed.totalMinor,
      peopleChanged: computed.people.length, totalDeltaMinor: computed.totalDeltaMinor, inputsHash: computed.inputsHash,
      ...(computed.kept ? { kept: computed.kept } : {}),
    };
    const row = {
      id, org_id: auth.orgId, period: input.period, status: 'proposed', reason: input.reason, diff: JSON.stringify(stored), result: JSON.stringify(result),
      created_by: auth.userId, created_at: write.now, decided_by: null, decided_at: null,
    };
    await tx.insertInto('commission_recalculations').values(row).execute();
    await write.audit({ action: 'propose', entityType: 'commission_recalculation', entityId: row.id, after: {
      period: input.period, reason: input.reason, totalDeltaMinor: diff.totalDeltaMinor, peopleChanged: diff.peopleChanged,
      // An operator's clue when a big period took the slow path: the worker thread failed before it computed anything.
      ...(computed.workerFailure !== undefined ? { workerFailure: computed.workerFailure } : {}),
    } });
    return this.recalculationView(tx, row, auth.locale, stored);
  }

  async listRecalculations(auth: AuthContext, period?: string) {
    requirePermission(auth, 'commissions.manage');
    let q = this.db.selectFrom('commission_recalculations').selectAll().where('org_id', '=', auth.orgId);
    if (period) q = q.where('period', '=', period);
    const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
    return { items: rows.map((row) => recalculationSummary(row)) };
  }

  async getRecalculation(auth: AuthContext, id: string): Promise<CommissionRecalculation> {
    requirePermission(auth, 'commissions.manage');
    return this.recalculationView(this.db, await this.recalculationRow(this.db, auth, id), auth.locale);
  }

  /** A recalculation's difference as a spreadsheet, amounts in the company's currency (the caller audits the export). */
  async recalculationWorkbook(auth: AuthContext, id: string): Promise<{ body: Buffer; period: string; people: number }> {
    const recalculation = await this.getRecalculation(auth, id);
    return { body: await recalculationWorkbook(recalculation, await this.orgCurrency(auth.orgId), auth.locale), period: recalculation.period, people: recalculation.people.length };
  }

  /**
   * Accepts a proposal: an open period's lines become the recalculated ones; a locked period's differences become
   * adjustment lines in the next open period. Refused when anything it was computed from changed since.
   */
  async acceptRecalculation(write: Write, id: string): Promise<CommissionRecalculation> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    const row = await this.recalculationRow(tx, auth, id, true);
    if (row.status !== 'proposed') throw new AppError('CONFLICT', { detail: texts.decided });
    // Before the stale checks: a payment's lines committed meanwhile are then seen, and none arrive until this commits.
    await periodWriteTurn(tx, auth.orgId, row.period, 'alone');
    const proposed = JSON.parse(row.result) as StoredResult;
    let periodStatusNow = proposed.periodStatus;
    // Kept rows: moved into place when neither the stored lines nor the inputs changed since the proposal. Without them
    // (a locked period, a proposal a newer one replaced, rows PostgreSQL dropped in a crash) it is computed again.
    const staged = proposed.inputsHash
      ? await acceptStaged(tx, auth.orgId, row.period, id, { storedHash: proposed.storedHash, inputsHash: proposed.inputsHash, kept: proposed.kept ?? null }, write.now)
      : 'not kept';
    if (staged === 'stale') throw new AppError('CONFLICT', { detail: texts.stale });
    if (staged === 'not kept') {
      // Open: only lines whose digest changed are rewritten; locked: the proposal's people get adjustment lines in the
      // next open period. A stale proposal is refused and the transaction rolls every write back.
      const lockedPeople = proposed.periodStatus === 'locked' ? new Set((JSON.parse(row.diff) as StoredDiff).people.map((p) => p.personId)) : new Set<string>();
      if (this.worker) await refreshLineStatistics(tx, this.worker.connection);
      const computed = await recalculatePeriod(tx, auth.orgId, row.period, { mode: 'accept', now: write.now, expectStatus: proposed.periodStatus, lockedPeople });
      if (computed.status !== proposed.periodStatus || computed.storedHash !== proposed.storedHash || computed.resultHash !== proposed.resultHash) {
        throw new AppError('CONFLICT', { detail: texts.stale });
      }
      periodStatusNow = computed.status;
      if (proposed.inputsHash) await unstageRecalculation(tx, auth.orgId, row.period, id); // what is left of the kept rows
    }
    await tx.updateTable('commission_recalculations').set({ status: 'accepted', decided_by: auth.userId, decided_at: write.now }).where('id', '=', id).execute();
    await write.audit({ action: 'accept', entityType: 'commission_recalculation', entityId: id, after: { period: row.period, periodStatus: periodStatusNow } });
    return this.recalculationView(tx, { ...row, status: 'accepted', decided_by: auth.userId, decided_at: write.now }, auth.locale);
  }

  async discardRecalculation(write: Write, id: string): Promise<CommissionRecalculation> {
    requirePermission(write.auth, 'commissions.manage');
    const { tx, auth } = write;
    const row = await this.recalculationRow(tx, auth, id, true);
    if (row.status !== 'proposed') throw new AppError('CONFLICT', { detail: texts.decided });
    await unstageRecalculation(tx, auth.orgId, row.period, id);
    await tx.updateTable('commission_recalculations').set({ status: 'discarded', decided_by: auth.userId, decided_at: write.now }).where('id', '=', id).execute();
    await write.audit({ action: 'discard', entityType: 'commission_recalculation', entityId: id, after: { period: row.period } });
    return this.recalculationView(tx, { ...row, status: 'discarded', decided_by: auth.userId, decided_at: write.now }, auth.locale);
  }

  /**
   * `lock`: on PostgreSQL the row is locked until the transaction ends, and read as the latest commit left it. Accept,
   * discard and a newer proposal (which drops the rows an older one kept) lock it first, so one never acts on rows the
   * other is dropping: a whole-period accept must not move the period on to a generation a proposal just deleted.
   */
  private async recalculationRow(db: Executor, auth: AuthContext, id: string, lock = false) {
    let query = db.selectFrom('commission_recalculations').selectAll().where('org_id', '=', auth.orgId).where('id', '=', id);
    if (lock && isPostgres(db)) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'commission_recalculation' });
    return row;
  }

  /** `parsed`: the row's diff when the caller holds it already (parsing a first run's diff again costs hundreds of MiB). */
  private async recalculationView(db: Executor, row: RecalculationRow, locale: Locale, parsed?: StoredDiff): Promise<CommissionRecalculation> {
    const diff = parsed ?? (JSON.parse(row.diff) as StoredDiff);
    const names = await this.names(db, row.org_id, diff.people.map((p) => p.personId));
    const rules = await this.ruleNamesOf(db, row.org_id, new Set(diff.people.flatMap((p) => p.lines.flatMap((l) => (l.plan ? [l.plan] : [])))));
    const render = (steps: Explanation[] | null) => (steps ? renderSteps(steps, locale) : null);
    return {
      ...recalculationSummary(row, diff),
      people: diff.people.map((person) => ({
        personId: person.personId, personName: names.get(person.personId) ?? person.personId, beforeMinor: person.beforeMinor, afterMinor: person.afterMinor, deltaMinor: person.deltaMinor,
        lines: person.lines.map(({ beforeSteps, afterSteps, plan, ...change }) => ({
          ...change, componentName: ruleName(plan ? rules.get(plan) ?? null : null, change.componentId, locale), before: render(beforeSteps), after: render(afterSteps),
        })),
        ...(person.linesOmitted ? { linesOmitted: person.linesOmitted } : {}),
      })),
      issues: diff.issues,
    };
  }

  /** The company's currency: amounts with no line to name theirs. */
  private async orgCurrency(orgId: string): Promise<string> {
    return (await this.db.selectFrom('orgs').select('currency').where('id', '=', orgId).executeTakeFirstOrThrow()).currency;
  }

  private async names(db: Executor, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      if (part.length === 0) continue;
      for (const u of await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', part).execute()) names.set(u.id, u.name);
    }
    return names;
  }

  // ——— statements ———

  async statements(auth: AuthContext, period: string): Promise<CommissionStatementList> {
    const reach = reachOf(auth);
    const status = await periodStatus(this.db, auth.orgId, period);
    const inReach = this.reachFilter(reach);
    const [totals, components, extras] = await Promise.all([
      this.db.selectFrom('commission_lines').innerJoin('users', 'users.id', 'commission_lines.person_id')
        .select(['commission_lines.person_id as personId', 'users.name as name', sql<string>`min(commission_lines.currency)`.as('currency'),
          sql<string | number>`sum(commission_lines.amount_minor)`.as('total'), sql<string | number>`count(*)`.as('lines')])
        .where('commission_lines.org_id', '=', auth.orgId).where('commission_lines.period', '=', period).where(inReach)
        .groupBy(['commission_lines.person_id', 'users.name']).execute(),
      this.db.selectFrom('commission_lines').innerJoin('users', 'users.id', 'commission_lines.person_id')
        .select(['commission_lines.person_id as personId', 'commission_lines.component_id as componentId', sql<string | number>`sum(commission_lines.amount_minor)`.as('total')])
        .where('commission_lines.org_id', '=', auth.orgId).where('commission_lines.period', '=', period).where(inReach)
        .groupBy(['commission_lines.person_id', 'commission_lines.component_id']).execute(),
      this.db.selectFrom('commission_statements').innerJoin('users', 'users.id', 'commission_statements.person_id')
        .selectAll('commission_statements').where('commission_statements.org_id', '=', auth.orgId).where('commission_statements.period', '=', period).where(inReach).execute(),
    ]);
    const byComponent = new Map<string, Record<string, number>>();
    for (const c of components) byComponent.set(c.personId, { ...(byComponent.get(c.personId) ?? {}), [c.componentId]: Number(c.total) });
    const extraOf = new Map(extras.map((e) => [e.person_id, e]));
    const items: CommissionStatementSummary[] = totals
      .map((t) => statementSummary(t.personId, t.name, t.currency, Number(t.total), Number(t.lines), byComponent.get(t.personId) ?? {}, extraOf.get(t.personId)))
      .sort((a, b) => a.personName.localeCompare(b.personName, 'zh-CN') || a.personId.localeCompare(b.personId));
    return { period, periodStatus: status, items };
  }

  async statement(auth: AuthContext, period: string, personId: string): Promise<CommissionStatement> {
    const reach = reachOf(auth);
    const person = await this.db.selectFrom('users').select(['id', 'name', 'team_id']).where('org_id', '=', auth.orgId).where('id', '=', personId).executeTakeFirst();
    const visible = person && (reach.kind === 'all' || person.id === auth.userId || (reach.kind === 'teams' && person.team_id !== null && reach.teamIds.includes(person.team_id)));
    if (!person || !visible) throw new AppError('NOT_FOUND', { entity: 'user' });
    const [rows, extra, status] = await Promise.all([
      this.db.selectFrom('commission_lines').select(storedLineColumns).where('org_id', '=', auth.orgId).where('period', '=', period).where('person_id', '=', personId).execute(),
      this.db.selectFrom('commission_statements').selectAll().where('org_id', '=', auth.orgId).where('period', '=', period).where('person_id', '=', personId).executeTakeFirst(),
      periodStatus(this.db, auth.orgId, period),
    ]);
    const lines = rows.map(lineFromRow)
      .sort((a, b) => (a.date ?? '9999') .localeCompare(b.date ?? '9999') || a.key.localeCompare(b.key));
    const byComponent: Record<string, number> = {};
    let total = 0;
    for (const line of lines) {
      byComponent[line.componentId] = (byComponent[line.componentId] ?? 0) + line.amountMinor;
      total += line.amountMinor;
    }
    const currency = lines[0]?.currency ?? extra?.currency ?? (await this.orgCurrency(auth.orgId));
    const names = await this.planRuleNames(auth.orgId, lines);
    return {
      ...statementSummary(personId, person.name, currency, total, lines.length, byComponent, extra),
      period, periodStatus: status, lines: lines.map((line) => lineView(line, auth.locale, names.get(`${line.planId}@${line.planVersion}`) ?? null)),
    };
  }

  /** The rule names of the plan versions the lines were paid under, keyed `planKey@version`: one read for a statement's few versions. */
  private planRuleNames(orgId: string, lines: readonly PayoutLine[]): Promise<Map<string, Map<string, string>>> {
    return this.ruleNamesOf(this.db, orgId, new Set(lines.map((line) => `${line.planId}@${line.planVersion}`)));
  }

  /** `versions`: `planKey@version` keys; the rule names each of those plan versions gives, by the same key. */
  private async ruleNamesOf(db: Executor, orgId: string, versions: ReadonlySet<string>): Promise<Map<string, Map<string, string>>> {
    const names = new Map<string, Map<string, string>>();
    if (versions.size === 0) return names;
    const planKeys = new Set([...versions].map((key) => key.slice(0, key.lastIndexOf('@'))));
    const rows = await db.selectFrom('commission_plans').select(['plan_key', 'version', 'document']).where('org_id', '=', orgId).where('plan_key', 'in', [...planKeys]).execute();
    for (const row of rows) {
      const key = `${row.plan_key}@${row.version}`;
      if (versions.has(key)) names.set(key, componentNames(JSON.parse(row.document) as Plan));
    }
    return names;
  }

  private reachFilter(reach: Reach) {
    return (eb: import('kysely').ExpressionBuilder<import('../../platform/db/schema.js').Database, 'users'>) => {
      if (reach.kind === 'all') return sql<boolean>`1 = 1`;
      if (reach.kind === 'self' || reach.teamIds.length === 0) return eb('users.id', '=', reach.userId);
      return eb.or([eb('users.id', '=', reach.userId), eb('users.team_id', 'in', [...reach.teamIds])]);
    };
  }

  // ——— simulator ———

  /** The simulator over HTTP: the same as `closeloop commission simulate --json`, nothing written. */
  simulate(auth: AuthContext, input: z.infer<typeof commissionSimulateRequest>) {
    requirePermission(auth, 'crm.read');
    try {
      const plan = planFromText(input.plan, 'The plan');
      const transactions = typeof input.transactions === 'string' ? transactionsFromCsv(input.transactions, plan) : transactionsFromRows(input.transactions, plan);
      return simulationJson(plan, simulate(plan, transactions, input.people), auth.locale);
    } catch (error) {
      if (!(error instanceof SimulationInputError)) throw error;
      if (error.problems.length > 0) {
        const fields: FieldMessages = {};
        for (const problem of error.problems) fields[problem.path ? `plan.${problem.path}` : 'plan'] ??= problem.text ?? problem.message;
        throw new AppError('VALIDATION_FAILED', {}, fields);
      }
      throw new AppError('VALIDATION_FAILED', {}, { [`body.${error.input}`]: error.message });
    }
  }
}

type RecalculationRow = {
  id: string; org_id: string; period: string; status: string; reason: string; diff: string; result: string;
  created_by: string | null; created_at: string; decided_by: string | null; decided_at: string | null;
};

function recalculationSummary(row: RecalculationRow, parsed?: StoredDiff) {
  const result = JSON.parse(row.result) as StoredResult;
  const totals = result.peopleChanged !== undefined && result.totalDeltaMinor !== undefined
    ? { peopleChanged: result.peopleChanged, totalDeltaMinor: result.totalDeltaMinor }
    : (() => { const diff = parsed ?? (JSON.parse(row.diff) as StoredDiff); return { peopleChanged: diff.people.length, totalDeltaMinor: diff.totalDeltaMinor }; })();
  return {
    id: row.id, period: row.period, status: row.status as 'proposed' | 'accepted' | 'discarded', periodStatus: result.periodStatus, reason: row.reason,
    totalDeltaMinor: totals.totalDeltaMinor, peopleChanged: totals.peopleChanged, createdBy: row.created_by, createdAt: row.created_at,
    decidedBy: row.decided_by, decidedAt: row.decided_at,
  };
}

function statementSummary(
  personId: string, personName: string, currency: string, totalMinor: number, lineCount: number, byComponent: Record<string, number>,
  extra: { plan_key: string | null; plan_version: number | null; credited_minor: number; quota_minor: number | null; attainment: string | null } | undefined,
): CommissionStatementSummary {
  return {
    personId, personName, planKey: extra?.plan_key ?? null, planVersion: extra?.plan_version ?? null, currency, totalMinor, lineCount, byComponent,
    creditedMinor: Number(extra?.credited_minor ?? 0), quotaMinor: extra?.quota_minor === null || extra?.quota_minor === undefined ? null : Number(extra.quota_minor),
    attainment: extra?.attainment ?? null,
  };
}

type PlanRow = {
  plan_key: string; version: number; name: string; currency: string; period: string; effective_from: string; effective_to: string | null;
  created_by: string | null; created_at: string;
};

function versionSummary(row: PlanRow) {
  return {
    planKey: row.plan_key, version: row.version, name: row.name, currency: row.currency, period: row.period as 'month' | 'quarter',
    effectiveFrom: row.effective_from, effectiveTo: row.effective_to, createdBy: row.created_by, createdAt: row.created_at,
  };
}

function planVersionView(row: PlanRow & { source: string; document: string }): CommissionPlanVersion {
  return { ...versionSummary(row), source: row.source, document: JSON.parse(row.document) as Record<string, unknown> };
}

function assignmentView(row: { id: string; plan_key: string; person_id: string | null; team_id: string | null; from_on: string; to_on: string | null; created_by: string | null; created_at: string }): CommissionAssignment {
  return { id: row.id, planKey: row.plan_key, personId: row.person_id, teamId: row.team_id, fromOn: row.from_on, toOn: row.to_on, createdBy: row.created_by, createdAt: row.created_at };
}
