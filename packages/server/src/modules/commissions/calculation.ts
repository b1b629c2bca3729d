/**
 * Runs the pure engine (core commissions) against the stored data: one person's period after a payment (reading
 * only that person's credited transactions, through commission_transaction_credits), or a whole period for a
 * recalculation. Writes lines and statements so that an unchanged line is not rewritten. Money in integer minor units.
 */
import { createHash } from 'node:crypto';
import {
  adjustmentsAfterLock, buildCreditIndex, calculatePerson, commissionPeriodOf, commissionPeriodRange, nextCommissionPeriod, periodContext, planFor,
  type CalculationInput, type CalculationIssue, type CommissionTransaction, type PayoutLine, type Plan, type PlanAssignment, type PersonResult,
} from '@closeloop/core';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { managersAbove, peopleBelow, type CompanyPeople } from './people.js';

type TransactionRow = {
  id: string; kind: string; deal_id: string; date: string; amount_minor: number; currency: string; deal_amount_minor: number | null;
  credits: string; refers_to: string | null;
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** A stored transaction as the engine reads it. A voided receipt reverses its own payment only, so it is a whole refund of it. */
export function engineTransaction(row: TransactionRow): CommissionTransaction {
  const credits = row.kind === 'payment' ? (JSON.parse(row.credits) as CommissionTransaction['credits']) : undefined;
  return {
    id: row.id,
    kind: row.kind === 'payment' ? 'payment' : 'refund',
    dealId: row.deal_id,
    date: row.date,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    ...(row.deal_amount_minor !== null ? { dealAmountMinor: Number(row.deal_amount_minor) } : {}),
    ...(credits ? { credits } : {}),
    ...(row.refers_to ? { refersTo: row.refers_to } : {}),
  };
}

const transactionColumns = ['id', 'kind', 'deal_id', 'date', 'amount_minor', 'currency', 'deal_amount_minor', 'credits', 'refers_to'] as const;

export async function loadPlans(db: Executor, orgId: string): Promise<Plan[]> {
  const rows = await db.selectFrom('commission_plans').select('document').where('org_id', '=', orgId).execute();
  return rows.map((row) => JSON.parse(row.document) as Plan);
}

function engineAssignment(row: { plan_key: string; person_id: string | null; team_id: string | null; from_on: string; to_on: string | null }): PlanAssignment {
  return { planId: row.plan_key, ...(row.person_id ? { personId: row.person_id } : {}), ...(row.team_id ? { teamId: row.team_id } : {}), from: row.from_on, to: row.to_on };
}

async function assignmentsOf(db: Executor, orgId: string, personId: string, teamId: string | null | undefined): Promise<PlanAssignment[]> {
  const rows = await db.selectFrom('commission_assignments').select(['plan_key', 'person_id', 'team_id', 'from_on', 'to_on'])
    .where('org_id', '=', orgId)
    .where((eb) => (teamId ? eb.or([eb('person_id', '=', personId), eb('team_id', '=', teamId)]) : eb('person_id', '=', personId)))
    .execute();
  return rows.map(engineAssignment);
}

/** Reversals need the payment they reverse in the input, even when it was paid in an earlier period. */
async function withReversedPayments(db: Executor, rows: TransactionRow[]): Promise<CommissionTransaction[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = [...new Set(rows.flatMap((row) => (row.refers_to && !byId.has(row.refers_to) ? [row.refers_to] : [])))];
  for (const ids of chunk(missing, 500)) {
    for (const row of await db.selectFrom('commission_transactions').select(transactionColumns).where('id', 'in', ids).execute()) byId.set(row.id, row);
  }
  return [...byId.values()].map(engineTransaction);
}

/** Lines of earlier periods that reversals in `transactions` take back (and their periods' cap lines), for `personIds` or everyone. */
async function paidLinesFor(db: Executor, orgId: string, period: string, transactions: readonly CommissionTransaction[], personId?: string): Promise<PayoutLine[]> {
  const reversed = [...new Set(transactions.flatMap((tx) => (tx.refersTo ? [tx.refersTo] : [])))];
  const lines: PayoutLine[] = [];
  for (const ids of chunk(reversed, 500)) {
    let query = db.selectFrom('commission_lines').select('line').where('org_id', '=', orgId).where('transaction_id', 'in', ids).where('period', '<>', period);
    if (personId) query = query.where('person_id', '=', personId);
    for (const row of await query.execute()) lines.push(JSON.parse(row.line) as PayoutLine);
  }
  const capPeriods = new Map<string, Set<string>>();
  for (const line of lines) capPeriods.set(line.period, (capPeriods.get(line.period) ?? new Set()).add(line.personId));
  for (const [capPeriod, people] of capPeriods) {
    for (const ids of chunk([...people], 500)) {
      const rows = await db.selectFrom('commission_lines').select('line').where('org_id', '=', orgId).where('period', '=', capPeriod).where('person_id', 'in', ids).where('kind', '=', 'cap').execute();
      for (const row of rows) lines.push(JSON.parse(row.line) as PayoutLine);
    }
  }
  return lines;
}

/** The period before `period` (same cadence). */
export function previousPeriod(period: string): string {
  const range = commissionPeriodRange(period);
  const day = new Date(Date.parse(`${range.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return commissionPeriodOf(day, range.cadence);
}

/** Calendar months a period covers (what commission_credit_months is kept by). */
function monthsOf(period: string): string[] {
  const range = commissionPeriodRange(period);
  const months: string[] = [];
  for (let month = range.start.slice(0, 7); month <= range.end.slice(0, 7); month = nextCommissionPeriod(month)) months.push(month);
  return months;
}

/** SPIF windows may reach back before the period: their earlier payments count (and do not pay again). */
function readFrom(period: string, plans: readonly Plan[]): string {
  const range = commissionPeriodRange(period);
  let from = range.start;
  for (const plan of plans) {
    for (const component of plan.components) {
      if (component.type === 'spif' && component.window.to >= range.start && component.window.from <= range.end && component.window.from < from) from = component.window.from;
    }
  }
  return from;
}

/**
 * The plan versions a person's open period is computed with: the version their stored statement was made with,
 * so a new version changes nobody's pay until a recalculation showing the difference has been accepted.
 */
async function pinnedPlans(db: Executor, orgId: string, period: string, personId: string, plans: readonly Plan[]): Promise<Plan[]> {
  const stored = await db.selectFrom('commission_statements').select(['plan_key', 'plan_version'])
    .where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId).executeTakeFirst();
  if (!stored?.plan_key || stored.plan_version === null) return [...plans];
  return plans.filter((plan) => plan.id !== stored.plan_key || plan.version <= stored.plan_version!);
}

/** The plan in force for a person on a day, and the period (of that plan's cadence) the day falls in. */
export async function personPlanOn(db: Executor, orgId: string, company: CompanyPeople, plans: readonly Plan[], personId: string, day: string): Promise<{ plan: Plan; period: string } | null> {
  const assignments = await assignmentsOf(db, orgId, personId, company.byId.get(personId)?.teamId);
  for (const cadence of ['month', 'quarter'] as const) {
    const period = commissionPeriodOf(day, cadence);
    const context = periodContext({ period, plans, assignments, people: company.people, quotas: [], transactions: [] });
    const plan = planFor(context, personId);
    if (plan) return { plan, period };
  }
  return null;
}

/** One person's period from their own credited transactions; a manager's overrides from their people's monthly credit. */
export async function computePerson(db: Executor, orgId: string, company: CompanyPeople, allPlans: readonly Plan[], personId: string, period: string): Promise<PersonResult & { issues: CalculationIssue[] }> {
  const plans = await pinnedPlans(db, orgId, period, personId, allPlans);
  const assignments = await assignmentsOf(db, orgId, personId, company.byId.get(personId)?.teamId);
  const probe = periodContext({ period, plans, assignments, people: company.people, quotas: [], transactions: [] });
  const plan = planFor(probe, personId);
  if (!plan) return { lines: [], statement: null, issues: [] };
  const range = commissionPeriodRange(period);
  const rows = await db
    .selectFrom('commission_transaction_credits as c')
    .innerJoin('commission_transactions as t', 't.id', 'c.transaction_id')
    .select(transactionColumns.map((column) => `t.${column}` as const))
    .where('c.org_id', '=', orgId)
    .where('c.person_id', '=', personId)
    .where('c.date', '>=', readFrom(period, [plan]))
    .where('c.date', '<=', range.end)
    .execute();
  const transactions = await withReversedPayments(db, rows);
  const [quotas, paidLines, drawRow] = await Promise.all([
    db.selectFrom('commission_quotas').select(['person_id', 'period', 'amount_minor']).where('org_id', '=', orgId).where('person_id', '=', personId).where('period', '=', period).execute(),
    paidLinesFor(db, orgId, period, transactions, personId),
    plan.draw
      ? db.selectFrom('commission_statements').select('draw_balance_minor').where('org_id', '=', orgId).where('period', '=', previousPeriod(period)).where('person_id', '=', personId).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const input: CalculationInput = {
    period, plans, assignments, people: company.people, transactions, paidLines,
    quotas: quotas.map((q) => ({ personId: q.person_id, period: q.period, amountMinor: Number(q.amount_minor) })),
    drawBalances: drawRow ? { [personId]: Number(drawRow.draw_balance_minor) } : {},
  };
  const issues: CalculationIssue[] = [];
  const index = buildCreditIndex(transactions, company.people, issues);
  const overrideLevels = Math.max(0, ...plan.components.map((c) => (c.type === 'override' ? c.levels.length : 0)));
  if (overrideLevels > 0) {
    // Only this person's transactions were read, so the people below them are credited from their monthly totals,
    // which hold exactly what the engine would sum from their transactions.
    const revenue = await revenueOf(db, orgId, peopleBelow(personId, overrideLevels, company), period);
    index.periodRevenue = (id: string) => revenue.get(id) ?? 0;
  }
  const result = calculatePerson(periodContext(input), index, personId);
  return { ...result, issues: [...issues, ...result.issues] };
}

async function revenueOf(db: Executor, orgId: string, personIds: readonly string[], period: string): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const months = monthsOf(period);
  for (const ids of chunk(personIds, 900)) {
    const rows = await db.selectFrom('commission_credit_months').select(['person_id', sql<string | number>`sum(revenue_minor)`.as('minor')])
      .where('org_id', '=', orgId).where('month', 'in', months).where('person_id', 'in', ids).groupBy('person_id').execute();
    for (const row of rows) totals.set(row.person_id, Number(row.minor));
  }
  return totals;
}

export function lineDigest(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}

export async function ensurePeriodRow(db: Executor, orgId: string, period: string): Promise<void> {
  await db.insertInto('commission_periods').values({ org_id: orgId, period, status: 'open', locked_at: null, locked_by: null, snapshot: null })
    .onConflict((oc) => oc.columns(['org_id', 'period']).doNothing()).execute();
}

export async function periodStatus(db: Executor, orgId: string, period: string): Promise<'open' | 'locked'> {
  const row = await db.selectFrom('commission_periods').select('status').where('org_id', '=', orgId).where('period', '=', period).executeTakeFirst();
  return row?.status === 'locked' ? 'locked' : 'open';
}

function lineRow(orgId: string, line: PayoutLine, json: string, now: string) {
  return {
    org_id: orgId, period: line.period, person_id: line.personId, line_key: line.key, plan_key: line.planId, plan_version: line.planVersion,
    component_id: line.componentId, kind: line.kind, transaction_id: line.transactionId, deal_id: line.dealId, amount_minor: line.amountMinor,
    currency: line.currency, line: json, digest: lineDigest(json), locked: 0, computed_at: now,
  };
}

export async function insertLines(db: Executor, orgId: string, lines: readonly PayoutLine[], now: string): Promise<void> {
  for (const part of chunk(lines, 400)) {
    if (part.length > 0) await db.insertInto('commission_lines').values(part.map((line) => lineRow(orgId, line, JSON.stringify(line), now))).execute();
  }
}

/**
 * Replaces a person's engine-made lines in an open period with `result`: only added, changed and removed lines are
 * written (a manager's two thousand override lines stay put when one report's credit moved). Adjustment lines, which
 * carry corrections of locked periods, are not the engine's to replace and stay.
 */
export async function writePersonResult(db: Executor, orgId: string, period: string, personId: string, result: PersonResult, now: string): Promise<void> {
  await ensurePeriodRow(db, orgId, period);
  const stored = await db.selectFrom('commission_lines').select(['line_key', 'digest', 'kind'])
    .where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId).execute();
  const before = new Map(stored.filter((row) => row.kind !== 'adjustment').map((row) => [row.line_key, row.digest]));
  const inserts: ReturnType<typeof lineRow>[] = [];
  const seen = new Set<string>();
  for (const line of result.lines) {
    seen.add(line.key);
    const json = JSON.stringify(line);
    const digest = lineDigest(json);
    const was = before.get(line.key);
    if (was === digest) continue;
    if (was !== undefined) {
      await db.updateTable('commission_lines')
        .set({ plan_key: line.planId, plan_version: line.planVersion, amount_minor: line.amountMinor, line: json, digest, computed_at: now })
        .where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId).where('line_key', '=', line.key).execute();
    } else inserts.push(lineRow(orgId, line, json, now));
  }
  const gone = [...before.keys()].filter((key) => !seen.has(key));
  for (const keys of chunk(gone, 500)) {
    await db.deleteFrom('commission_lines').where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId).where('line_key', 'in', keys).execute();
  }
  for (const part of chunk(inserts, 400)) await db.insertInto('commission_lines').values(part).execute();
  await writeStatement(db, orgId, period, personId, result, now);
}

export async function writeStatement(db: Executor, orgId: string, period: string, personId: string, result: PersonResult, now: string): Promise<void> {
  const s = result.statement;
  if (!s) {
    await db.deleteFrom('commission_statements').where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId).execute();
    return;
  }
  const values = {
    plan_key: s.planId, plan_version: s.planVersion, currency: s.currency, credited_minor: s.creditedMinor, quota_minor: s.quotaMinor,
    attainment: s.attainment, draw_balance_minor: s.drawBalanceMinor, computed_at: now,
  };
  await db.insertInto('commission_statements').values({ org_id: orgId, period, person_id: personId, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'period', 'person_id']).doUpdateSet(values)).execute();
}

/** The first period after `period` that is not locked. */
export async function nextOpenPeriod(db: Executor, orgId: string, period: string): Promise<string> {
  let next = nextCommissionPeriod(period);
  for (let i = 0; i < 600 && (await periodStatus(db, orgId, next)) === 'locked'; i += 1) next = nextCommissionPeriod(next);
  return next;
}

/**
 * A locked period never changes: what its recalculation says differently for the person becomes adjustment lines in
 * the next open period, net of the adjustments already made for it (so doing this twice adjusts once).
 */
export async function adjustLockedPerson(db: Executor, orgId: string, lockedPeriod: string, personId: string, recalculated: readonly PayoutLine[], now: string): Promise<PayoutLine[]> {
  const lockedRows = await db.selectFrom('commission_lines').select('line')
    .where('org_id', '=', orgId).where('period', '=', lockedPeriod).where('person_id', '=', personId).where('kind', '<>', 'adjustment').execute();
  const locked = lockedRows.map((row) => JSON.parse(row.line) as PayoutLine);
  const into = await nextOpenPeriod(db, orgId, lockedPeriod);
  const later: string[] = [];
  for (let p = nextCommissionPeriod(lockedPeriod); later.length < 36; p = nextCommissionPeriod(p)) {
    later.push(p);
    if (p === into) break;
  }
  const alreadyRows = await db.selectFrom('commission_lines').select(['line', 'line_key'])
    .where('org_id', '=', orgId).where('period', 'in', later).where('person_id', '=', personId).where('kind', '=', 'adjustment').execute();
  const already = alreadyRows.map((row) => JSON.parse(row.line) as PayoutLine).filter((line) => (line.inputs.adjusts ?? '').startsWith(`${lockedPeriod}|`));
  const taken = new Set(alreadyRows.map((row) => row.line_key));
  const adjustments = adjustmentsAfterLock(locked, recalculated, into, already).map((line) => {
    // A second correction of the same line into the same period gets a key of its own.
    let key = line.key;
    for (let n = 2; taken.has(key); n += 1) key = `${line.key}#${n}`;
    taken.add(key);
    return { ...line, key };
  });
  if (adjustments.length > 0) {
    await ensurePeriodRow(db, orgId, into);
    await insertLines(db, orgId, adjustments, now);
  }
  return adjustments;
}

/** A whole period's input with today's plans and data: what a recalculation runs on. */
export async function periodInput(db: Executor, orgId: string, company: CompanyPeople, period: string): Promise<CalculationInput> {
  const range = commissionPeriodRange(period);
  const plans = await loadPlans(db, orgId);
  const [assignmentRows, quotaRows, txRows, drawRows] = await Promise.all([
    db.selectFrom('commission_assignments').select(['plan_key', 'person_id', 'team_id', 'from_on', 'to_on']).where('org_id', '=', orgId).execute(),
    db.selectFrom('commission_quotas').select(['person_id', 'period', 'amount_minor']).where('org_id', '=', orgId).where('period', '=', period).execute(),
    db.selectFrom('commission_transactions').select(transactionColumns).where('org_id', '=', orgId).where('date', '>=', readFrom(period, plans)).where('date', '<=', range.end).execute(),
    db.selectFrom('commission_statements').select(['person_id', 'draw_balance_minor']).where('org_id', '=', orgId).where('period', '=', previousPeriod(period)).where('draw_balance_minor', '<>', 0).execute(),
  ]);
  const transactions = await withReversedPayments(db, txRows);
  return {
    period, plans, assignments: assignmentRows.map(engineAssignment), people: company.people, transactions,
    quotas: quotaRows.map((q) => ({ personId: q.person_id, period: q.period, amountMinor: Number(q.amount_minor) })),
    paidLines: await paidLinesFor(db, orgId, period, transactions),
    drawBalances: Object.fromEntries(drawRows.map((row) => [row.person_id, Number(row.draw_balance_minor)])),
  };
}

/** Who a new transaction touches: the people it credits and every manager above them. */
export function touchedBy(creditedIds: Iterable<string>, company: CompanyPeople): { credited: Set<string>; managers: Set<string> } {
  const credited = new Set(creditedIds);
  const managers = new Set<string>();
  for (const id of credited) for (const manager of managersAbove(id, company)) if (!credited.has(manager)) managers.add(manager);
  return { credited, managers };
}
