/**
 * `closeloop commission simulate`: the commission engine with no side effects. Reads a plan (YAML or JSON), a CSV
 * of payments, refunds and voids and, optionally, a CSV of people (hierarchy, teams, quotas), runs every period the
 * transactions touch in order, and prints each transaction's payout lines and the totals. Nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import {
  calculatePeriods, commissionPeriodOf, nextCommissionPeriod, formatAmount, parseAmount, parsePlan, renderSteps,
  type CalculationResult, type CommissionPerson, type CommissionTransaction, type CreditShare, type Locale, type Plan, type QuotaRecord,
} from '@closeloop/core';
import { CliError, table, type CliIo } from './io.js';

export interface SimulateOptions {
  plan: string;
  transactions: string;
  people?: string;
  json?: boolean;
  lang?: Locale;
}

export async function simulateCommission(options: SimulateOptions, io: CliIo): Promise<void> {
  const plan = await readPlan(options.plan);
  const transactions = readTransactions(await readText(options.transactions), plan);
  if (transactions.length === 0) throw new CliError(`${options.transactions} holds no transactions.`);
  const { people, quotas } = options.people ? readPeople(await readText(options.people), plan, periodsOf(transactions, plan)) : { people: impliedPeople(transactions), quotas: [] };
  const periods = periodsOf(transactions, plan);
  const results = calculatePeriods({
    periods, plans: [plan], people, quotas, transactions,
    assignments: people.map((person) => ({ planId: plan.id, personId: person.id, from: plan.effective.from })),
  });
  const locale = options.lang ?? 'en';
  if (options.json) io.out(JSON.stringify(asJson(plan, results, locale), null, 2));
  else printText(plan, results, locale, io);
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
}

async function readPlan(file: string): Promise<Plan> {
  const text = await readText(file);
  let document: unknown;
  try {
    document = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(`${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = parsePlan(document);
  if (!parsed.ok) throw new CliError(`${file} is not a valid plan:\n${parsed.problems.map((p) => `  ${p.path || '(top)'}: ${p.message}`).join('\n')}`);
  return parsed.plan;
}

type Row = Record<string, string>;

function rowsOf(text: string, what: string): Row[] {
  try {
    return parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Row[];
  } catch (error) {
    throw new CliError(`The ${what} CSV cannot be read: ${(error as Error).message}`);
  }
}

/** Columns: id, kind, deal, date, amount, currency, credits, refers_to, deal_amount, margin, quantity, attr.<name>. */
function readTransactions(text: string, plan: Plan): CommissionTransaction[] {
  return rowsOf(text, 'transactions').map((row, i) => {
    const line = i + 2;
    const fail = (problem: string) => new CliError(`transactions line ${line}: ${problem}`);
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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date ?? '')) throw fail(`date "${row.date ?? ''}" is not YYYY-MM-DD`);
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

/** "ana=60%;ben=40%;overlay:dan=20%;team:east=50%" */
function parseCredits(text: string, fail: (problem: string) => CliError): CreditShare[] {
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
function readPeople(text: string, plan: Plan, periods: string[]): { people: CommissionPerson[]; quotas: QuotaRecord[] } {
  const people: CommissionPerson[] = [];
  const quotas: QuotaRecord[] = [];
  rowsOf(text, 'people').forEach((row, i) => {
    if (!row.id) throw new CliError(`people line ${i + 2}: id is empty`);
    people.push({ id: row.id, name: row.name || row.id, managerId: row.manager || null, teamId: row.team || null, joinedOn: row.joined_on || null, leftOn: row.left_on || null });
    if (row.quota) {
      const minor = parseAmount(row.quota, plan.currency);
      if (minor === null) throw new CliError(`people line ${i + 2}: quota "${row.quota}" is not an amount`);
      for (const period of periods) quotas.push({ personId: row.id, period, amountMinor: minor });
    }
  });
  return { people, quotas };
}

function impliedPeople(transactions: readonly CommissionTransaction[]): CommissionPerson[] {
  const ids = new Set(transactions.flatMap((tx) => (tx.credits ?? []).flatMap((c) => (c.personId ? [c.personId] : []))));
  return [...ids].sort().map((id) => ({ id }));
}

/** Every period from the first transaction's to the last's, so a period with only a draw or a refund is not skipped. */
function periodsOf(transactions: readonly CommissionTransaction[], plan: Plan): string[] {
  const dates = transactions.map((tx) => tx.date).sort();
  const last = commissionPeriodOf(dates[dates.length - 1]!, plan.period);
  const periods = [commissionPeriodOf(dates[0]!, plan.period)];
  while (periods[periods.length - 1]! < last && periods.length < 400) periods.push(nextCommissionPeriod(periods[periods.length - 1]!));
  return periods;
}

function asJson(plan: Plan, results: CalculationResult[], locale: Locale) {
  return {
    plan: { id: plan.id, version: plan.version, name: plan.name, currency: plan.currency },
    periods: results.map((result) => ({
      period: result.period,
      lines: result.lines.map((line) => ({ ...line, amount: formatAmount(line.amountMinor, line.currency), explanation: renderSteps(line.steps, locale) })),
      statements: result.statements.map((s) => ({ ...s, total: formatAmount(s.totalMinor, s.currency) })),
      issues: result.issues,
    })),
    totals: totalsOf(results),
  };
}

function totalsOf(results: CalculationResult[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const statement of results.flatMap((r) => r.statements)) totals[statement.personId] = (totals[statement.personId] ?? 0) + statement.totalMinor;
  return totals;
}

function printText(plan: Plan, results: CalculationResult[], locale: Locale, io: CliIo): void {
  const money = (minor: number) => formatAmount(minor, plan.currency);
  io.out(`${plan.name} (${plan.id} v${plan.version}, ${plan.currency}) — simulation, nothing is saved`);
  for (const result of results) {
    io.out('');
    io.out(`${result.period}`);
    const byTransaction = new Map<string, typeof result.lines>();
    for (const line of result.lines) {
      const key = line.transactionId ?? '(period)';
      byTransaction.set(key, [...(byTransaction.get(key) ?? []), line]);
    }
    for (const [transaction, lines] of [...byTransaction.entries()].sort(([a], [b]) => (a === '(period)' ? 1 : b === '(period)' ? -1 : a < b ? -1 : 1))) {
      io.out(`  ${transaction}`);
      for (const line of lines) io.out(`    ${line.personId.padEnd(6)} ${line.componentId.padEnd(10)} ${money(line.amountMinor).padStart(10)}  ${renderSteps(line.steps, locale)}`);
    }
    if (result.statements.length > 0) {
      io.out('');
      for (const row of table(['person', 'credited', 'attainment', 'total'], result.statements.map((s) => [s.personId, money(s.creditedMinor), s.attainment ? `${s.attainment}%` : '—', money(s.totalMinor)]))) io.out(row);
    }
    for (const issue of result.issues) io.out(`  ! ${issue.code}${issue.transactionId ? ` ${issue.transactionId}` : ''}: ${issue.detail}`);
  }
  io.out('');
  const totals = totalsOf(results);
  const rows = Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1)).map(([person, minor]) => [person, money(minor)]);
  io.out('Totals');
  for (const row of table(['person', 'total'], [...rows, ['all', money(Object.values(totals).reduce((a, b) => a + b, 0))]])) io.out(row);
}
