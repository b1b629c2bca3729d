/**
 * Recalculation shows its difference before anyone accepts it (C2): per person and per line, keyed by the lines'
 * stable keys. After a period is locked, its corrections are not written back into it: they become adjustment
 * lines in the next open period, each saying what the locked line was and what it is now.
 */
import type { Explanation } from './explain.js';
import { fromMinor, showAmount } from './decimal.js';
import type { CalculationResult, PayoutLine } from './model.js';

export interface LineChange {
  key: string;
  personId: string;
  change: 'added' | 'removed' | 'changed';
  beforeMinor: number;
  afterMinor: number;
  deltaMinor: number;
  before: PayoutLine | null;
  after: PayoutLine | null;
}

export interface PersonChange {
  personId: string;
  beforeMinor: number;
  afterMinor: number;
  deltaMinor: number;
  lines: LineChange[];
}

export interface ResultDiff {
  people: PersonChange[];
  totalDeltaMinor: number;
}

/** What changes between two calculations of the same period; people and lines without a change are left out. */
export function diffResults(before: Pick<CalculationResult, 'lines'>, after: Pick<CalculationResult, 'lines'>): ResultDiff {
  const changes = diffLines(before.lines, after.lines);
  const people = new Map<string, PersonChange>();
  const totals = new Map<string, { before: number; after: number }>();
  for (const line of before.lines) total(totals, line.personId).before += line.amountMinor;
  for (const line of after.lines) total(totals, line.personId).after += line.amountMinor;
  for (const change of changes) {
    const t = totals.get(change.personId)!;
    const person = people.get(change.personId) ?? { personId: change.personId, beforeMinor: t.before, afterMinor: t.after, deltaMinor: t.after - t.before, lines: [] };
    person.lines.push(change);
    people.set(change.personId, person);
  }
  const list = [...people.values()].sort((a, b) => (a.personId < b.personId ? -1 : 1));
  return { people: list, totalDeltaMinor: list.reduce((sum, p) => sum + p.deltaMinor, 0) };
}

function total(totals: Map<string, { before: number; after: number }>, personId: string) {
  let entry = totals.get(personId);
  if (!entry) totals.set(personId, (entry = { before: 0, after: 0 }));
  return entry;
}

function diffLines(before: readonly PayoutLine[], after: readonly PayoutLine[]): LineChange[] {
  const was = new Map(before.map((line) => [line.key, line]));
  const now = new Map(after.map((line) => [line.key, line]));
  const keys = [...new Set([...was.keys(), ...now.keys()])].sort();
  const changes: LineChange[] = [];
  for (const key of keys) {
    const b = was.get(key) ?? null;
    const a = now.get(key) ?? null;
    const beforeMinor = b?.amountMinor ?? 0;
    const afterMinor = a?.amountMinor ?? 0;
    const change = !b ? 'added' : !a ? 'removed' : beforeMinor !== afterMinor ? 'changed' : null;
    if (!change) continue;
    changes.push({ key, personId: (a ?? b)!.personId, change, beforeMinor, afterMinor, deltaMinor: afterMinor - beforeMinor, before: b, after: a });
  }
  return changes;
}

/**
 * Adjustment lines for `intoPeriod` that bring a locked period's pay to what its recalculation says, one per
 * changed line, carrying the locked line's plan and rule. Adjustments already made for the locked period (given
 * in `alreadyAdjusted`) count, so running this twice adjusts once.
 */
export function adjustmentsAfterLock(
  locked: readonly PayoutLine[], recalculated: readonly PayoutLine[], intoPeriod: string, alreadyAdjusted: readonly PayoutLine[] = [],
): PayoutLine[] {
  const adjusted = new Map<string, number>();
  for (const line of alreadyAdjusted) {
    if (line.kind !== 'adjustment') continue;
    const source = line.inputs.adjusts ?? '';
    adjusted.set(source, (adjusted.get(source) ?? 0) + line.amountMinor);
  }
  const lines: PayoutLine[] = [];
  for (const change of diffLines(locked, recalculated)) {
    const deltaMinor = change.deltaMinor - (adjusted.get(change.key) ?? 0);
    if (deltaMinor === 0) continue;
    const model = (change.after ?? change.before)!;
    const money = (minor: number) => showAmount(fromMinor(minor, model.currency), model.currency);
    const steps: Explanation[] = [{ code: 'adjustment', params: { locked: model.period, before: money(change.beforeMinor), after: money(change.afterMinor), result: money(deltaMinor) } }];
    lines.push({
      ...model,
      key: `${intoPeriod}|${model.personId}|${model.componentId}|adjustment|${model.transactionId ?? ''}|${change.key}`,
      period: intoPeriod,
      kind: 'adjustment',
      amountMinor: deltaMinor,
      inputs: { adjusts: change.key, lockedMinor: String(change.beforeMinor), recalculatedMinor: String(change.afterMinor) },
      formula: 'recalculated − locked (− adjustments already made)',
      steps,
    });
  }
  return lines;
}
