/**
 * calculatePeriod: plans, assignments, people, quotas and transactions in; payout lines and statements out.
 * Pure and deterministic: the same input in any order gives the same output, and a transaction id seen twice
 * pays once. Credits are indexed per person first, and each person's period is then computed from their own
 * items alone, so one rep (after one payment) can be recalculated without a pass over everyone.
 */
import { Dec, fromMinor, showAmount, toMinor } from './decimal.js';
import { buildCreditIndex, type CreditIndex, type CreditedItem } from './credit.js';
import { clawbackLines } from './clawback.js';
import { drawLines } from './draws.js';
import { formulaLines } from './formula-component.js';
import {
  periodRange, type CalculationInput, type CalculationIssue, type CalculationResult, type CommissionPerson, type PayoutLine,
  type PeriodRange, type PlanAssignment, type QuotaRecord, type Statement,
} from './model.js';
import { overrideLines } from './override.js';
import type { Plan } from './plan-schema.js';
import { proratedQuota } from './quota.js';
import { addLine, type PersonRun } from './run.js';
import { spifLines } from './spif.js';
import { tableLines } from './table.js';

/** Everything a person's calculation needs besides their items, prepared once per run. */
export interface PeriodContext {
  period: PeriodRange;
  plans: readonly Plan[];
  assignments: readonly PlanAssignment[];
  /** assignments by person id and by team id (`team:<id>`), so finding a person's plan is not a scan */
  assignmentsOf: ReadonlyMap<string, readonly PlanAssignment[]>;
  people: ReadonlyMap<string, CommissionPerson>;
  quotas: ReadonlyMap<string, QuotaRecord>;
  paidLines: ReadonlyMap<string, readonly PayoutLine[]>;
  drawBalances: Readonly<Record<string, number>>;
  exactIntegers: boolean;
}

export interface PersonResult {
  lines: PayoutLine[];
  statement: Statement | null;
  issues: CalculationIssue[];
}

export function periodContext(input: CalculationInput): PeriodContext {
  const period = periodRange(input.period);
  const paidLines = new Map<string, PayoutLine[]>();
  const file = (key: string, line: PayoutLine) => {
    const list = paidLines.get(key);
    if (list) list.push(line);
    else paidLines.set(key, [line]);
  };
  for (const line of input.paidLines ?? []) {
    if (line.transactionId) file(`${line.personId}|${line.transactionId}`, line);
    if (line.kind === 'cap') file(`${line.personId}|cap:${line.period}:${line.componentId}`, line);
  }
  const assignmentsOf = new Map<string, PlanAssignment[]>();
  for (const assignment of input.assignments) {
    const key = assignment.personId ?? (assignment.teamId ? `team:${assignment.teamId}` : null);
    if (key) assignmentsOf.set(key, [...(assignmentsOf.get(key) ?? []), assignment]);
  }
  return {
    period,
    plans: input.plans,
    assignments: input.assignments,
    assignmentsOf,
    people: new Map(input.people.map((person) => [person.id, person])),
    quotas: new Map(input.quotas.filter((quota) => quota.period === period.label).map((quota) => [quota.personId, quota])),
    paidLines,
    drawBalances: input.drawBalances ?? {},
    exactIntegers: input.exactIntegers !== false,
  };
}

export function calculatePeriod(input: CalculationInput): CalculationResult {
  const issues: CalculationIssue[] = [];
  const context = periodContext(input);
  const index = buildCreditIndex(input.transactions, input.people, issues);
  const lines: PayoutLine[] = [];
  const statements: Statement[] = [];
  for (const result of calculateEachPerson(context, index)) {
    for (const line of result.lines) lines.push(line);
    // Managers credited only for an override their plan does not pay get no empty statement.
    if (result.statement && (result.statement.lineCount > 0 || result.statement.creditedMinor !== 0 || result.statement.drawBalanceMinor !== 0)) statements.push(result.statement);
    issues.push(...result.issues);
  }
  return { period: context.period.label, lines, statements, issues: sortIssues(issues) };
}

/**
 * Each person's result in turn, so a caller can write a person's lines and let them go: a full recalculation of
 * a million payments never holds every line in memory at once.
 */
export function* calculateEachPerson(context: PeriodContext, index: CreditIndex): Generator<PersonResult> {
  const personIds = new Set<string>([...index.people(), ...drawOnlyPeople(context)]);
  for (const personId of [...personIds].sort()) yield calculatePerson(context, index, personId);
}

/** People with a draw are owed it even in a period with no credit. */
function drawOnlyPeople(context: PeriodContext): string[] {
  const ids: string[] = [];
  for (const person of context.people.values()) {
    const plan = planFor(context, person.id);
    if (plan?.draw) ids.push(person.id);
  }
  return ids;
}

/** One person's lines and statement for the period, from their own credited items only. */
export function calculatePerson(context: PeriodContext, index: CreditIndex, personId: string): PersonResult {
  const issues: CalculationIssue[] = [];
  const plan = planFor(context, personId);
  if (!plan) return { lines: [], statement: null, issues };
  const { period } = context;
  const person = context.people.get(personId);
  const currency = plan.currency;
  const items = [...(index.byPerson.get(personId) ?? [])].sort(itemOrder);
  for (const item of items) {
    if (item.tx.currency !== currency) issues.push({ code: 'currency-mismatch', personId, transactionId: item.tx.id, detail: `${item.tx.currency} transaction under a ${currency} plan is not paid` });
  }
  const sameCurrency = items.filter((item) => item.tx.currency === currency);
  const quota = proratedQuota(context.quotas.get(personId), person, period, currency);
  const run: PersonRun = {
    period, plan, personId, currency, quota,
    quotaMajor: quota ? fromMinor(quota.minor, currency) : null,
    items: sameCurrency,
    periodItems: sameCurrency.filter((item) => item.tx.date >= period.start && item.tx.date <= period.end),
    lines: [], issues, paidLines: context.paidLines,
    reportsOf: (id) => index.context.reports.get(id) ?? [],
    revenueOf: (id) => index.periodRevenue(id, period.start, period.end),
    lineCache: index.lineCache,
  };
  for (const component of plan.components) {
    if (component.type === 'table') tableLines(run, component, { exactIntegers: context.exactIntegers });
    else if (component.type === 'override') overrideLines(run, component);
    else if (component.type === 'formula') formulaLines(run, component);
    else spifLines(run, component);
  }
  clawbackLines(run);
  capLines(run);
  const drawBalanceMinor = drawLines(run, context.drawBalances[personId] ?? 0);

  const byComponent: Record<string, number> = {};
  let totalMinor = 0;
  for (const line of run.lines) {
    byComponent[line.componentId] = (byComponent[line.componentId] ?? 0) + line.amountMinor;
    totalMinor += line.amountMinor;
  }
  const creditedMinor = run.periodItems.reduce((sum, item) => sum + item.creditedMinor, 0);
  const statement: Statement = {
    personId, period: period.label, planId: plan.id, planVersion: plan.version, currency, totalMinor, byComponent,
    lineCount: run.lines.length, creditedMinor, quotaMinor: quota?.minor ?? null,
    attainment: run.quotaMajor ? fromMinor(creditedMinor, currency).div(run.quotaMajor).mul(100).toFixed(2) : null,
    drawBalanceMinor,
  };
  return { lines: run.lines, statement, issues };
}

/** A table's period cap, over what it earned net of this period's clawbacks. */
function capLines(run: PersonRun): void {
  for (const component of run.plan.components) {
    if (component.type !== 'table' || !component.cap) continue;
    const capMinor = toMinor(new Dec(component.cap.perPeriod), run.currency);
    const earnedMinor = run.lines.filter((line) => line.componentId === component.id).reduce((sum, line) => sum + line.amountMinor, 0);
    if (earnedMinor <= capMinor) continue;
    const money = (minor: number) => showAmount(fromMinor(minor, run.currency), run.currency);
    addLine(run, {
      componentId: component.id, kind: 'cap', amount: fromMinor(capMinor - earnedMinor, run.currency),
      inputs: { cap: money(capMinor), earned: money(earnedMinor) },
      formula: 'cap − earned, when earned is above the cap',
      steps: [{ code: 'cap', params: { cap: money(capMinor), earned: money(earnedMinor), result: money(capMinor - earnedMinor) } }],
      capKept: new Dec(capMinor).div(earnedMinor).toSignificantDigits(20).toFixed(),
    });
  }
}

/**
 * The plan version in force for the person: the assignment (personal before team) covering the period's last day
 * the person is assigned, then the version of that plan effective on that day. One version per period keeps a
 * period's running totals and tiers under one set of rules.
 */
export function planFor(context: PeriodContext, personId: string): Plan | null {
  const { period } = context;
  const person = context.people.get(personId);
  const mine = [...(context.assignmentsOf.get(personId) ?? []), ...(person?.teamId ? context.assignmentsOf.get(`team:${person.teamId}`) ?? [] : [])];
  const candidates = mine.filter((a) => a.from <= period.end && (!a.to || a.to >= period.start));
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => (a.personId ? 0 : 1) - (b.personId ? 0 : 1) || (a.from < b.from ? 1 : a.from > b.from ? -1 : 0) || (a.planId < b.planId ? -1 : 1));
  const assignment = candidates[0]!;
  const day = assignment.to && assignment.to < period.end ? assignment.to : period.end;
  const versions = context.plans.filter((plan) => plan.id === assignment.planId && plan.period === period.cadence && plan.effective.from <= day && (!plan.effective.to || plan.effective.to >= day));
  versions.sort((a, b) => b.version - a.version);
  return versions[0] ?? null;
}

function itemOrder(a: CreditedItem, b: CreditedItem): number {
  // Written out: this comparator runs some 12 million times in a 1M-payment month.
  const ta = a.tx;
  const tb = b.tx;
  if (ta.date !== tb.date) return ta.date < tb.date ? -1 : 1;
  if (ta.id !== tb.id) return ta.id < tb.id ? -1 : 1;
  return cmp(a.reverses?.id ?? '', b.reverses?.id ?? '') || cmp(a.role, b.role);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each issue once, in a stable order: what calculatePeriod reports, and what a server streaming person by person reports too. */
export function sortIssues(issues: CalculationIssue[]): CalculationIssue[] {
  const seen = new Set<string>();
  return issues
    .filter((issue) => {
      const key = JSON.stringify(issue);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => cmp(a.code, b.code) || cmp(a.transactionId ?? '', b.transactionId ?? '') || cmp(a.personId ?? '', b.personId ?? '') || cmp(a.componentId ?? '', b.componentId ?? ''));
}

/**
 * Runs consecutive periods, carrying what each paid into the next (so clawbacks find what was paid and draws
 * carry their balance). What the simulator uses; the server keeps the lines of locked periods in the database.
 */
export function calculatePeriods(input: Omit<CalculationInput, 'period'> & { periods: readonly string[] }): CalculationResult[] {
  const results: CalculationResult[] = [];
  let paidLines: PayoutLine[] = [...(input.paidLines ?? [])];
  let drawBalances: Record<string, number> = { ...(input.drawBalances ?? {}) };
  for (const period of input.periods) {
    const result = calculatePeriod({ ...input, period, paidLines, drawBalances });
    results.push(result);
    paidLines = paidLines.concat(result.lines);
    drawBalances = { ...drawBalances };
    for (const statement of result.statements) drawBalances[statement.personId] = statement.drawBalanceMinor;
  }
  return results;
}
