/**
 * How a payout line is kept in commission_line_rows (read through the view commission_lines): the line's identity
 * and amount in their own columns, and in the `line` JSON only what no column holds (date, inputs, formula, steps,
 * capKept), each step as its values without their names. A month of a million lines writes ~470 bytes less
 * per line this way (a table line: ~370 instead of ~840), and stringifies and hashes less. Every reader rebuilds a
 * PayoutLine with lineFromRow, which also reads the older forms (the whole line as JSON, the columns winning; steps
 * with their names), so no data migration is needed. Money in integer minor units.
 */
import { hash } from 'node:crypto';
import type { Explanation, ExplanationCode, LineKind, PayoutLine } from '@closeloop/core';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';

/**
 * The rows of commission_line_rows in force, for writers (readers use the view commission_lines, which says the same,
 * migration 202611280100): written directly, or by an accepted recalculation. A proposal's rows wait under its id.
 */
export const inForce = (eb: ExpressionBuilder<Database, 'commission_line_rows'>) =>
  eb.or([eb('recalculation_id', '=', ''), eb('recalculation_id', 'in', eb.selectFrom('commission_recalculations').select('id').where('status', '=', 'accepted'))]);

/**
 * The lines in force that paid any of `transactionIds` (a list, or a query of ids), found through
 * commission_transaction_lines (migration 202611281200): it holds every line key a transaction ever had, and the join
 * keeps those whose line is in force and still carries that transaction. Select from `l`, filter on `m` or `l`.
 */
export const linesOfTransactions = (
  db: Executor, orgId: string,
  transactionIds: readonly string[] | SelectQueryBuilder<Database, 'commission_transactions', { refers_to: string | null }>,
) => db.selectFrom('commission_transaction_lines as m')
  .innerJoin('commission_lines as l', (join) => join.onRef('l.org_id', '=', 'm.org_id').onRef('l.period', '=', 'm.period').onRef('l.person_id', '=', 'm.person_id')
    .onRef('l.line_key', '=', 'm.line_key').onRef('l.transaction_id', '=', 'm.transaction_id'))
  .where('m.org_id', '=', orgId).where('m.transaction_id', 'in', transactionIds);

/** A written line's entry in commission_transaction_lines: [org, transaction, period, person, key]. */
export type TransactionLineEntry = [orgId: string, transactionId: string, period: string, personId: string, lineKey: string];

/**
 * Whether writing `line` over the stored line of its key (`was`, undefined when none) needs an entry in
 * commission_transaction_lines: when it pays a transaction its key did not pay. A changed amount needs none, so a
 * recalculation of a month whose lines are stored writes none.
 */
export const needsTransactionEntry = (line: { transactionId: string | null }, was: { transaction_id: string | null } | undefined) =>
  line.transactionId !== null && line.transactionId !== was?.transaction_id;

/** Records which transactions written lines pay (see needsTransactionEntry); an entry already there is kept. */
export async function recordTransactionLines(db: Executor, entries: readonly TransactionLineEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const rows = entries.slice(i, i + 1000).map(([org_id, transaction_id, period, person_id, line_key]) => ({ org_id, transaction_id, period, person_id, line_key }));
    await db.insertInto('commission_transaction_lines').values(rows).onConflict((oc) => oc.doNothing()).execute();
  }
}

/** The columns lineFromRow reads: select these wherever a stored line is turned back into a PayoutLine. */
export const storedLineColumns = [
  'line_key', 'period', 'person_id', 'plan_key', 'plan_version', 'component_id', 'kind', 'transaction_id', 'deal_id', 'amount_minor', 'currency', 'line',
] as const;

export interface StoredLineRow {
  line_key: string; period: string; person_id: string; plan_key: string; plan_version: number | string; component_id: string; kind: string;
  transaction_id: string | null; deal_id: string | null; amount_minor: number | string; currency: string; line: string;
}

/**
 * A step as stored: `[code, ...values]` when its parameters are exactly the names listed for its code below, in that
 * order (so the names are not repeated on every line: about 140 of a table line's ~510 bytes), else the step as it
 * is. The lists are part of the stored format, frozen: a code whose parameters change gets a new list only together
 * with a reader for rows written with the old one.
 */
type StoredStep = Explanation | [ExplanationCode, ...string[]];
const stepParams: Readonly<Record<ExplanationCode, readonly string[]>> = {
  credit: ['role', 'share', 'kind', 'payment', 'credited'],
  'band.slice': ['from', 'to', 'rate', 'base', 'result'],
  'band.flat': ['base', 'rate', 'from', 'to', 'reached', 'result'],
  'band.retro': ['total', 'from', 'to', 'rate', 'base', 'result'],
  curve: ['from', 'to', 'payFrom', 'payTo', 'result'],
  'gate.notMet': ['attainment', 'gate'],
  multiplier: ['what', 'multiplier', 'from', 'to', 'base', 'result'],
  cap: ['cap', 'earned', 'result'],
  override: ['level', 'rep', 'base', 'rate', 'result'],
  'spif.perDeal': ['window', 'deal', 'bonus', 'share', 'result'],
  'spif.target': ['window', 'total', 'atLeast', 'result'],
  formula: ['formula', 'inputs', 'result'],
  clawback: ['reason', 'payment', 'fraction', 'paid', 'result'],
  'clawback.prorata': ['window', 'elapsed', 'kept'],
  'clawback.outside': ['elapsed', 'window'],
  'clawback.capKept': ['kept'],
  'draw.topUp': ['draw', 'earned', 'result'],
  'draw.recovery': ['balance', 'earned', 'draw', 'result'],
  adjustment: ['locked', 'before', 'after', 'result'],
  rounded: ['mode', 'result'],
};

function storedStep(step: Explanation): StoredStep {
  const names = stepParams[step.code];
  const stored: [ExplanationCode, ...string[]] = [step.code];
  // The parameters in their own order, matched name by name (no key list made: a million lines have three million steps).
  let i = 0;
  for (const name in step.params) {
    if (name !== names[i] || !Object.hasOwn(step.params, name)) return step;
    stored.push(step.params[name]!);
    i += 1;
  }
  return i === names.length ? stored : step;
}

function stepFrom(stored: StoredStep): Explanation {
  if (!Array.isArray(stored)) return stored;
  const [code, ...values] = stored;
  const params: Record<string, string> = {};
  stepParams[code].forEach((name, i) => { params[name] = values[i]!; });
  return { code, params };
}

/** A stored line's explanation steps, from its `line` JSON (either form). */
export function stepsFromJson(json: string): Explanation[] {
  return ((JSON.parse(json) as { steps?: StoredStep[] }).steps ?? []).map(stepFrom);
}

/** What the `line` JSON keeps: the parts of a line no column holds. */
interface LineDetail { date: string | null; inputs: Record<string, string>; formula: string; steps: StoredStep[]; capKept?: string }

/** The `line` JSON to store for a line. */
export function storedLineJson(line: PayoutLine): string {
  const detail: LineDetail = { date: line.date, inputs: line.inputs, formula: line.formula, steps: line.steps.map(storedStep) };
  if (line.capKept !== undefined) detail.capKept = line.capKept;
  return JSON.stringify(detail);
}

/**
 * A stored line's digest: of its columns and its stored JSON, so any change to the line changes it (an unchanged line
 * is not rewritten). Lines stored before the JSON was compacted have digests of their whole JSON, so the first
 * recalculation after that upgrade sees every line as changed and rewrites it once, in the compact form.
 */
export function lineDigest(line: Pick<PayoutLine, 'period' | 'personId' | 'key' | 'planId' | 'planVersion' | 'componentId' | 'kind' | 'transactionId' | 'dealId' | 'amountMinor' | 'currency'>, json: string): string {
  const columns = `${line.period}|${line.personId}|${line.key}|${line.planId}|${line.planVersion}|${line.componentId}|${line.kind}|${line.transactionId ?? ''}|${line.dealId ?? ''}|${line.amountMinor}|${line.currency}|`;
  return hash('sha256', columns + json, 'base64url').slice(0, 22);
}

/** A PayoutLine from a stored row: the columns over the JSON (compact, or the whole line as stored before). */
export function lineFromRow(row: StoredLineRow): PayoutLine {
  const detail = JSON.parse(row.line) as Partial<Omit<PayoutLine, 'steps'>> & { steps?: StoredStep[] };
  const line: PayoutLine = {
    key: row.line_key, period: row.period, personId: row.person_id, planId: row.plan_key, planVersion: Number(row.plan_version),
    componentId: row.component_id, kind: row.kind as LineKind, transactionId: row.transaction_id, dealId: row.deal_id, date: detail.date ?? null,
    amountMinor: Number(row.amount_minor), currency: row.currency, inputs: detail.inputs ?? {}, formula: detail.formula ?? '', steps: (detail.steps ?? []).map(stepFrom),
  };
  if (detail.capKept !== undefined) line.capKept = detail.capKept;
  return line;
}
