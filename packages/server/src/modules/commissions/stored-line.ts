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
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/**
 * The rows of commission_line_rows in force, for writers (readers use the view commission_lines, migrations
 * 202611280100 and 202611281600): written directly, or by an accepted recalculation. A proposal's rows wait under its
 * id. The view also keeps to the period's current generation; writers that replace lines say so themselves, leaving
 * earlier generations' rows to the sweep (retired-lines.ts): deleting them too would take row locks in whatever order
 * against the sweep's (the generation in the key keeps a new row clear of a retired one of the same key).
 */
export const inForce = (eb: ExpressionBuilder<Database, 'commission_line_rows'>) =>
  eb.or([eb('recalculation_id', '=', ''), eb('recalculation_id', 'in', eb.selectFrom('commission_recalculations').select('id').where('status', '=', 'accepted'))]);

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
