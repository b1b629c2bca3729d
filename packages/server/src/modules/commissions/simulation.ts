/**
 * The commission simulator's inputs and output, shared by `closeloop commission simulate` and POST /commission/simulate:
 * a plan as YAML or JSON text, transactions as CSV (or the same rows as JSON), optional people as CSV. Every period
 * the transactions touch is run in order and nothing is written. Problems a person can fix are SimulationInputError,
 * which the CLI prints and the API answers as a field error.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import {
  calculatePeriods, commissionPeriodOf, componentNames, ruleName, nextCommissionPeriod, formatAmount, parseAmount, parsePlan, renderSteps,
  type CalculationResult, type CommissionPerson, type CommissionTransaction, type CreditShare, type Locale, type Plan, type PlanProblem, type QuotaRecord,
} from '@closeloop/core';

export class SimulationInputError extends Error {
  constructor(
    message: string,
    /** which input it is about: plan, transactions or people */
    readonly input: 'plan' | 'transactions' | 'people',
    /** a plan's problems, each with its place in the document */
    readonly problems: PlanProblem[] = [],
  ) {
    super(message);
    this.name = 'SimulationInputError';
  }
}

/** A plan's text → the checked plan; `json` says how to read it (by default JSON when it starts with "{"). */
export function planFromText(text: string, name: string, json = text.trimStart().startsWith('{')): Plan {
  let document: unknown;
  try {
    document = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SimulationInputError(`${name} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`, 'plan');
  }
  const parsed = parsePlan(document);
  if (!parsed.ok) throw new SimulationInputError(`${name} is not a valid plan:\n${parsed.problems.map((p) => `  ${p.path || '(top)'}: ${p.message}`).join('\n')}`, 'plan', parsed.problems);
  return parsed.plan;
}

type Row = Record<string, string>;

function rowsOf(text: string, what: 'transactions' | 'people'): Row[] {
  try {
    return parseCsv(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Row[];
  } catch (error) {
    throw new SimulationInputError(`The ${what} CSV cannot be read: ${(error as Error).message}`, what);
  }
}

/** Columns: id, kind, deal, date, amount, currency, credits, refers_to, deal_amount, margin, quantity, attr.<name>. */
export function transactionsFromCsv(text: string, plan: Plan): CommissionTransaction[] {
  return transactionsFromRows(rowsOf(text, 'transactions'), plan);
}

/** The same columns as JSON objects (values as text or numbers). */
export function transactionsFromRows(input: ReadonlyArray<Record<string, unknown>>, plan: Plan): CommissionTransaction[] {
  return input.map((raw, i) => {
    const row: Row = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k.trim().toLowerCase(), String(v).trim()]));
    const line = i + 2;
    const fail = (problem: string) => new SimulationInputError(`transactions line ${line}: ${problem}`, 'transactions');
    const currency = row.currency || plan.currency;
    const money = (column: string): number | undefined => {
      if (!row[column]) return undefined;
      const minor = parseAmount(row[column]!, currency);
      if (minor === null) throw fail(`${column} "${row[column]}" is not an amount`);
      return minor;
    };
    const kind = (row.kind || 'payment') as CommissionTransaction['kind'];
    if (!['payment', 'refund', 'void'].includes(kind)) throw fail(`kind must be payment, refund or void, not "${kind}"`);
    if (!row.id) throw fail('id is empty');
    if (!isCalendarDay(row.date ?? '')) throw fail(`date "${row.date ?? ''}" is not YYYY-MM-DD`);
    if (row.quantity && !/^-?\d+(\.\d+)?$/.test(row.quantity)) throw fail(`quantity "${row.quantity}" is not a number`);
    const attributes = Object.fromEntries(Object.entries(row).filter(([k, v]) => k.startsWith('attr.') && v !== '').map(([k, v]) => [k.slice(5), v]));
    const tx: CommissionTransaction = {
      id: row.id, kind, dealId: row.deal || row.id, date: row.date!, amountMinor: money('amount') ?? 0, currency,
      ...(row.credits ? { credits: parseCredits(row.credits, fail) } : {}),
      ...(row.refers_to ? { refersTo: row.refers_to } : {}),
      ...(money('deal_amount') !== undefined ? { dealAmountMinor: money('deal_amount') } : {}),
      ...(money('margin') !== undefined ? { marginMinor: money('margin') } : {}),
      ...(row.quantity ? { quantity: row.quantity } : {}),
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    };
    if (kind === 'payment' && !tx.credits) throw fail('a payment needs credits, e.g. "ana=60%;ben=40%"');
    if (kind === 'refund' && !tx.refersTo) throw fail('a refund names the payment it refunds in refers_to');
    return tx;
  });
}

/** YYYY-MM-DD and a day the calendar has (no 2027-02-30). */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** "ana=60%;ben=40%;overlay:dan=20%;team:east=50%" */
function parseCredits(text: string, fail: (problem: string) => SimulationInputError): CreditShare[] {
  return text.split(/[;；]/).map((part) => part.trim()).filter(Boolean).map((part) => {
    const match = /^(?:(overlay|team):)?([^=\s]+)\s*=\s*(\d+(?:\.\d+)?)(%?)$/.exec(part);
    if (!match) throw fail(`credit "${part}" should look like ana=60% (or overlay:dan=20%, team:east=50%)`);
    const [, prefix, who, number, percent] = match;
    const share = percent ? shiftPercent(number!) : number!;
    return prefix === 'team' ? { teamId: who!, share } : { personId: who!, share, ...(prefix === 'overlay' ? { overlay: true } : {}) };
  });
}

/** "60" → "0.6" without a float. */
function shiftPercent(number: string): string {
  const [whole = '0', fraction = ''] = number.split('.');
  const digits = `${whole.padStart(3, '0')}${fraction}`;
  const point = digits.length - fraction.length - 2;
  return `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/^0+(?=\d)/, '').replace(/\.?0+$/, '') || '0';
}

/** Columns: id, name, manager, team, joined_on, left_on, quota (per period, applied to every period simulated). */
export function peopleFromCsv(text: string, plan: Plan, periods: string[]): { people: CommissionPerson[]; quotas: QuotaRecord[] } {
  const people: CommissionPerson[] = [];
  const quotas: QuotaRecord[] = [];
  rowsOf(text, 'people').forEach((row, i) => {
    if (!row.id) throw new SimulationInputError(`people line ${i + 2}: id is empty`, 'people');
    people.push({ id: row.id, name: row.name || row.id, managerId: row.manager || null, teamId: row.team || null, joinedOn: row.joined_on || null, leftOn: row.left_on || null });
    if (row.quota) {
      const minor = parseAmount(row.quota, plan.currency);
      if (minor === null) throw new SimulationInputError(`people line ${i + 2}: quota "${row.quota}" is not an amount`, 'people');
      for (const period of periods) quotas.push({ personId: row.id, period, amountMinor: minor });
    }
  });
  return { people, quotas };
}

export function impliedPeople(transactions: readonly CommissionTransaction[]): CommissionPerson[] {
  const ids = new Set(transactions.flatMap((tx) => (tx.credits ?? []).flatMap((c) => (c.personId ? [c.personId] : []))));
  return [...ids].sort().map((id) => ({ id }));
}

/** Every period from the first transaction's to the last's, so a period with only a draw or a refund is not skipped. */
export function periodsOf(transactions: readonly CommissionTransaction[], plan: Plan): string[] {
  const dates = transactions.map((tx) => tx.date).sort();
  const last = commissionPeriodOf(dates[dates.length - 1]!, plan.period);
  const periods = [commissionPeriodOf(dates[0]!, plan.period)];
  while (periods[periods.length - 1]! < last && periods.length < 400) periods.push(nextCommissionPeriod(periods[periods.length - 1]!));
  return periods;
}

/** Runs every period the transactions touch, in order, for everyone on the plan. */
export function simulate(plan: Plan, transactions: CommissionTransaction[], peopleCsv?: string): CalculationResult[] {
  if (transactions.length === 0) throw new SimulationInputError('there are no transactions', 'transactions');
  const periods = periodsOf(transactions, plan);
  const { people, quotas } = peopleCsv ? peopleFromCsv(peopleCsv, plan, periods) : { people: impliedPeople(transactions), quotas: [] };
  return calculatePeriods({
    periods, plans: [plan], people, quotas, transactions,
    assignments: people.map((person) => ({ planId: plan.id, personId: person.id, from: plan.effective.from })),
  });
}

/** What `--json` prints and the API answers: each period's lines (with the amount and explanation as text), statements and issues. */
export function simulationJson(plan: Plan, results: CalculationResult[], locale: Locale) {
  const names = componentNames(plan);
  return {
    plan: { id: plan.id, version: plan.version, name: plan.name, currency: plan.currency },
    periods: results.map((result) => ({
      period: result.period,
      lines: result.lines.map((line) => ({ ...line, componentName: ruleName(names, line.componentId, locale), amount: formatAmount(line.amountMinor, line.currency), explanation: renderSteps(line.steps, locale) })),
      statements: result.statements.map((s) => ({ ...s, total: formatAmount(s.totalMinor, s.currency) })),
      issues: result.issues,
    })),
    totals: simulationTotals(results),
  };
}

export function simulationTotals(results: CalculationResult[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const statement of results.flatMap((r) => r.statements)) totals[statement.personId] = (totals[statement.personId] ?? 0) + statement.totalMinor;
  return totals;
}
