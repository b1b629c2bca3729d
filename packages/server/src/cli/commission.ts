/**
 * `closeloop commission simulate`: the commission engine with no side effects. Reads a plan (YAML or JSON), a CSV
 * of payments, refunds and voids and, optionally, a CSV of people (hierarchy, teams, quotas), runs every period the
 * transactions touch in order, and prints each transaction's payout lines and the totals. Nothing is written.
 */
import { readFile } from 'node:fs/promises';
import { formatAmount, renderSteps, type CalculationResult, type Locale, type Plan } from '@closeloop/core';
import { CliError, table, type CliIo } from './io.js';
import {
  planFromText, simulate, simulationJson, simulationTotals, SimulationInputError, transactionsFromCsv,
} from '../modules/commissions/simulation.js';

export interface SimulateOptions {
  plan: string;
  transactions: string;
  people?: string;
  json?: boolean;
  lang?: Locale;
}

export async function simulateCommission(options: SimulateOptions, io: CliIo): Promise<void> {
  try {
    const plan = planFromText(await readText(options.plan), options.plan, options.plan.endsWith('.json'));
    const transactions = transactionsFromCsv(await readText(options.transactions), plan);
    if (transactions.length === 0) throw new CliError(`${options.transactions} holds no transactions.`);
    const results = simulate(plan, transactions, options.people ? await readText(options.people) : undefined);
    const locale = options.lang ?? 'en';
    if (options.json) io.out(JSON.stringify(simulationJson(plan, results, locale), null, 2));
    else printText(plan, results, locale, io);
  } catch (error) {
    // The simulator's input problems are the person's to fix: one message, no stack.
    if (error instanceof SimulationInputError) throw new CliError(error.message);
    throw error;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
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
  const totals = simulationTotals(results);
  const rows = Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1)).map(([person, minor]) => [person, money(minor)]);
  io.out('Totals');
  for (const row of table(['person', 'total'], [...rows, ['all', money(Object.values(totals).reduce((a, b) => a + b, 0))]])) io.out(row);
}
