/**
 * The arithmetic a statement page does with lines it is given: the total per rule (component), in the order the
 * rules first appear, and the sum of them all — which is the statement's total exactly, as the server promises;
 * the page shows a warning if they ever disagree rather than hiding it. Money stays in integer minor units.
 */
import type { CommissionSimulation } from '../api/commissions';

export interface LineLike {
  componentId: string;
  componentName?: string | undefined;
  kind: string;
  amountMinor: number;
}

export interface ComponentTotal {
  componentId: string;
  componentName: string | undefined;
  amountMinor: number;
  lines: number;
}

export function componentTotals(lines: readonly LineLike[]): ComponentTotal[] {
  const totals = new Map<string, ComponentTotal>();
  for (const line of lines) {
    const entry = totals.get(line.componentId) ?? { componentId: line.componentId, componentName: line.componentName, amountMinor: 0, lines: 0 };
    entry.amountMinor += line.amountMinor;
    entry.lines += 1;
    totals.set(line.componentId, entry);
  }
  return [...totals.values()];
}

export function sumOf(lines: readonly { amountMinor: number }[]): number {
  return lines.reduce((sum, line) => sum + line.amountMinor, 0);
}

export interface PersonTotal {
  personId: string;
  /** per period label, in the order the simulation ran them */
  byPeriod: Record<string, number>;
  totalMinor: number;
}

/** A simulation's totals per person across its periods, people in name order, and the grand total. */
export function simulationTotals(result: CommissionSimulation): { people: PersonTotal[]; totalMinor: number; periods: string[] } {
  const people = new Map<string, PersonTotal>();
  for (const period of result.periods) {
    for (const statement of period.statements) {
      const person = people.get(statement.personId) ?? { personId: statement.personId, byPeriod: {}, totalMinor: 0 };
      person.byPeriod[period.period] = (person.byPeriod[period.period] ?? 0) + statement.totalMinor;
      person.totalMinor += statement.totalMinor;
      people.set(statement.personId, person);
    }
  }
  const list = [...people.values()].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  return { people: list, totalMinor: sumOf(list.map((p) => ({ amountMinor: p.totalMinor }))), periods: result.periods.map((p) => p.period) };
}

/**
 * The problems of a refused plan by where they are in the document, the whole-document ones first. The server keys
 * each as `plan.<path>` (`plan` alone for the whole document) and a YAML/JSON syntax error as `body.source`.
 */
export function planProblems(fields: Record<string, string>): Array<{ path: string; message: string }> {
  const problems = Object.entries(fields).map(([key, message]) => ({ path: key === 'plan' || key === 'body.source' ? '' : key.replace(/^plan\./, ''), message }));
  return problems.sort((a, b) => (a.path === b.path ? 0 : a.path === '' ? -1 : b.path === '' ? 1 : 0));
}

/**
 * A proposal lists its first 20,000 changed lines; past them each person's further changed lines are only counted
 * (`linesOmitted`), while every total stays exact. How many were listed and how many left out, over all people.
 */
export function listedAndOmitted(people: ReadonlyArray<{ lines: readonly unknown[]; linesOmitted?: number | undefined }>): { listed: number; omitted: number } {
  let listed = 0;
  let omitted = 0;
  for (const person of people) {
    listed += person.lines.length;
    omitted += person.linesOmitted ?? 0;
  }
  return { listed, omitted };
}
