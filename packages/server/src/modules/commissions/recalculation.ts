/**
 * A whole period's recalculation, person by person (C2 at a million payments): the engine's results are streamed
 * (calculateEachPerson) and compared with the stored lines a group of people at a time by each line's digest, so
 * neither every computed line nor every stored line is held at once, and a stored line's JSON is read only where it
 * changed. Proposing builds the per-person difference; accepting writes only the lines whose digest changed, in
 * large multi-row statements. Both compute the same two fingerprints (of the stored lines and of the result) so an
 * accept can refuse a proposal whose inputs moved. Money in integer minor units.
 */
import { createHash } from 'node:crypto';
import {
  buildCreditIndex, calculateEachPerson, periodContext, sortIssues,
  type CalculationIssue, type Explanation, type PayoutLine, type PersonResult, type Statement,
} from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import { adjustLockedPerson, ensurePeriodRow, lineDigest, periodInput, periodStatus } from './calculation.js';
import { companyPeople } from './people.js';

export interface StoredChange {
  key: string; change: 'added' | 'removed' | 'changed'; componentId: string; kind: string; transactionId: string | null; dealId: string | null;
  beforeMinor: number; afterMinor: number; deltaMinor: number; beforeSteps: Explanation[] | null; afterSteps: Explanation[] | null;
}
export interface StoredPersonChange { personId: string; beforeMinor: number; afterMinor: number; deltaMinor: number; lines: StoredChange[]; linesOmitted?: number }

export interface PeriodRecalculation {
  status: 'open' | 'locked';
  storedHash: string;
  resultHash: string;
  lineCount: number;
  totalMinor: number;
  issues: CalculationIssue[];
  /** proposing only: the people whose pay changes, by person id, each with their changed lines by key (the first `explainedChanges` of them) */
  people: StoredPersonChange[];
  totalDeltaMinor: number;
}

export type RecalculationMode =
  | { mode: 'propose'; explainedChanges: number }
  /** `lockedPeople`: for a locked period, whose differences become adjustment lines (the proposal's people) */
  | { mode: 'accept'; now: string; expectStatus: 'open' | 'locked'; lockedPeople: ReadonlySet<string> };

type StoredRow = { person_id: string; line_key: string; digest: string; amount_minor: number | string; component_id: string; kind: string; transaction_id: string | null; deal_id: string | null };
type Computed = { personId: string; result: PersonResult; json: string[]; digests: string[] };

/** People per group, and computed lines per group: bounds what is held while comparing and writing. */
const groupPeople = 200;
const groupLines = 50_000;
/** Rows per multi-row INSERT: 15 columns × 2,000 stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const insertRows = 2_000;
const keysPerDelete = 1_000;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lineRow(orgId: string, line: PayoutLine, json: string, digest: string, now: string) {
  return {
    org_id: orgId, period: line.period, person_id: line.personId, line_key: line.key, plan_key: line.planId, plan_version: line.planVersion,
    component_id: line.componentId, kind: line.kind, transaction_id: line.transactionId, deal_id: line.dealId, amount_minor: line.amountMinor,
    currency: line.currency, line: json, digest, locked: 0, computed_at: now,
  };
}

function statementRow(orgId: string, s: Statement, now: string) {
  return {
    org_id: orgId, period: s.period, person_id: s.personId, plan_key: s.planId, plan_version: s.planVersion, currency: s.currency, credited_minor: s.creditedMinor,
    quota_minor: s.quotaMinor, attainment: s.attainment, draw_balance_minor: s.drawBalanceMinor, computed_at: now,
  };
}

/** Computes `period` with today's plans and data; in accept mode also writes it (open) or adjusts the next open period (locked). */
export async function recalculatePeriod(db: Executor, orgId: string, period: string, how: RecalculationMode): Promise<PeriodRecalculation> {
  const company = await companyPeople(db, orgId);
  const [input, status, storedPeopleRows] = await Promise.all([
    periodInput(db, orgId, company, period),
    periodStatus(db, orgId, period),
    db.selectFrom('commission_lines').select('person_id').distinct().where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').execute(),
  ]);
  const accept = how.mode === 'accept' ? how : null;
  const explainLimit = how.mode === 'propose' ? how.explainedChanges : 0;
  if (accept && status !== accept.expectStatus) {
    // Locked (or unlocked) since the proposal: the caller refuses it as stale, nothing is computed.
    return { status, storedHash: '', resultHash: '', lineCount: 0, totalMinor: 0, issues: [], people: [], totalDeltaMinor: 0 };
  }
  const writeOpen = accept !== null && status === 'open';
  const storedHash = createHash('sha256');
  const resultHash = createHash('sha256');
  const issues: CalculationIssue[] = [];
  const people: StoredPersonChange[] = [];
  let lineCount = 0;
  let totalMinor = 0;
  let totalDeltaMinor = 0;
  let explained = 0;
  const inserts: ReturnType<typeof lineRow>[] = [];
  const statements: ReturnType<typeof statementRow>[] = [];

  const flushInserts = async (all: boolean) => {
    while (inserts.length >= insertRows || (all && inserts.length > 0)) {
      await db.insertInto('commission_lines').values(inserts.splice(0, insertRows)).execute();
    }
  };
  const flushStatements = async () => {
    for (let i = 0; i < statements.length; i += 1_000) await db.insertInto('commission_statements').values(statements.slice(i, i + 1_000)).execute();
    statements.length = 0;
  };

  if (writeOpen) {
    // Every statement of the period is rewritten from the result (as before); lines are compared and kept.
    await ensurePeriodRow(db, orgId, period);
    await db.deleteFrom('commission_statements').where('org_id', '=', orgId).where('period', '=', period).execute();
  }

  const processGroup = async (group: Computed[]) => {
    const ids = group.map((c) => c.personId);
    const rows = ids.length === 0 ? [] : await db.selectFrom('commission_lines')
      .select(['person_id', 'line_key', 'digest', 'amount_minor', 'component_id', 'kind', 'transaction_id', 'deal_id'])
      .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').where('person_id', 'in', ids).execute();
    const storedOf = new Map<string, StoredRow[]>();
    for (const row of rows as StoredRow[]) {
      const list = storedOf.get(row.person_id);
      if (list) list.push(row);
      else storedOf.set(row.person_id, [row]);
    }
    const gone: Array<{ personId: string; keys: string[] }> = [];
    const wantBefore: string[] = [];
    const pending: Array<{ person: StoredPersonChange; changes: Array<{ view: StoredChange; beforeKey: string | null }> }> = [];
    for (const { personId, result, json, digests } of group) {
      const stored = (storedOf.get(personId) ?? []).sort((a, b) => cmp(a.line_key, b.line_key));
      for (const row of stored) storedHash.update(`${row.person_id}|${row.line_key}|${row.digest}\n`);
      for (let i = 0; i < result.lines.length; i += 1) {
        const line = result.lines[i]!;
        resultHash.update(`${line.personId}|${line.key}|${digests[i]}\n`);
        lineCount += 1;
        totalMinor += line.amountMinor;
      }
      for (const issue of result.issues) issues.push(issue);
      const s = result.statement;
      if (writeOpen && s && (s.lineCount > 0 || s.creditedMinor !== 0 || s.drawBalanceMinor !== 0)) statements.push(statementRow(orgId, s, accept!.now));

      const before = new Map(stored.map((row) => [row.line_key, row]));
      if (writeOpen) {
        const replaced: string[] = [];
        const seen = new Set<string>();
        for (let i = 0; i < result.lines.length; i += 1) {
          const line = result.lines[i]!;
          seen.add(line.key);
          const was = before.get(line.key);
          if (was?.digest === digests[i]) continue;
          if (was) replaced.push(line.key);
          inserts.push(lineRow(orgId, line, json[i]!, digests[i]!, accept!.now));
        }
        for (const row of stored) if (!seen.has(row.line_key)) replaced.push(row.line_key);
        if (replaced.length > 0) gone.push({ personId, keys: replaced });
      } else if (accept && status === 'locked' && accept.lockedPeople.has(personId)) {
        await adjustLockedPerson(db, orgId, period, personId, result.lines, accept.now);
      } else if (!accept) {
        // The difference by amount, as diffResults gives it: keys in order, a line changed when its amount did.
        const after = new Map(result.lines.map((line) => [line.key, line]));
        const keys = [...new Set([...before.keys(), ...after.keys()])].sort(cmp);
        const changes: Array<{ view: StoredChange; beforeKey: string | null }> = [];
        let omitted = 0;
        for (const key of keys) {
          const b = before.get(key);
          const a = after.get(key);
          const beforeMinor = b ? Number(b.amount_minor) : 0;
          const afterMinor = a?.amountMinor ?? 0;
          const change = !b ? 'added' : !a ? 'removed' : beforeMinor !== afterMinor ? 'changed' : null;
          if (!change) continue;
          if (explained >= explainLimit) {
            omitted += 1;
            continue;
          }
          explained += 1;
          const view: StoredChange = {
            key, change, componentId: a?.componentId ?? b!.component_id, kind: a?.kind ?? b!.kind, transactionId: a ? a.transactionId : b!.transaction_id,
            dealId: a ? a.dealId : b!.deal_id, beforeMinor, afterMinor, deltaMinor: afterMinor - beforeMinor, beforeSteps: null, afterSteps: a ? a.steps : null,
          };
          // Only a listed changed line's stored JSON is read.
          if (b) wantBefore.push(key);
          changes.push({ view, beforeKey: b ? key : null });
        }
        if (changes.length > 0 || omitted > 0) {
          const beforeTotal = stored.reduce((sum, row) => sum + Number(row.amount_minor), 0);
          const afterTotal = result.lines.reduce((sum, line) => sum + line.amountMinor, 0);
          const person: StoredPersonChange = {
            personId, beforeMinor: beforeTotal, afterMinor: afterTotal, deltaMinor: afterTotal - beforeTotal, lines: [], ...(omitted > 0 ? { linesOmitted: omitted } : {}),
          };
          pending.push({ person, changes });
        }
      }
    }
    if (wantBefore.length > 0) {
      const steps = new Map<string, Explanation[]>();
      for (let i = 0; i < wantBefore.length; i += keysPerDelete) {
        const part = await db.selectFrom('commission_lines').select(['line_key', 'line'])
          .where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', ids).where('line_key', 'in', wantBefore.slice(i, i + keysPerDelete)).execute();
        for (const row of part) steps.set(row.line_key, (JSON.parse(row.line) as PayoutLine).steps);
      }
      for (const { changes } of pending) for (const c of changes) if (c.beforeKey) c.view.beforeSteps = steps.get(c.beforeKey) ?? null;
    }
    for (const { person, changes } of pending) {
      person.lines = changes.map((c) => c.view);
      totalDeltaMinor += person.deltaMinor;
      people.push(person);
    }
    for (const { personId, keys } of gone) {
      for (let i = 0; i < keys.length; i += keysPerDelete) {
        await db.deleteFrom('commission_lines').where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId)
          .where('line_key', 'in', keys.slice(i, i + keysPerDelete)).execute();
      }
    }
    if (writeOpen) {
      await flushInserts(false);
      if (statements.length >= 1_000) await flushStatements();
    }
  };

  const context = periodContext(input);
  const index = buildCreditIndex(input.transactions, input.people, issues);
  const computedPeople = new Set<string>();
  let group: Computed[] = [];
  let groupSize = 0;
  for (const result of calculateEachPerson(context, index)) {
    const personId = result.statement?.personId ?? result.lines[0]?.personId;
    if (!personId) continue;
    computedPeople.add(personId);
    const json = result.lines.map((line) => JSON.stringify(line));
    group.push({ personId, result, json, digests: json.map(lineDigest) });
    groupSize += result.lines.length;
    if (group.length >= groupPeople || groupSize >= groupLines) {
      await processGroup(group);
      group = [];
      groupSize = 0;
    }
  }
  await processGroup(group);
  // People with stored lines the engine no longer pays at all.
  const leftover = storedPeopleRows.map((row) => row.person_id).filter((id) => !computedPeople.has(id)).sort(cmp);
  for (let i = 0; i < leftover.length; i += groupPeople) {
    await processGroup(leftover.slice(i, i + groupPeople).map((personId) => ({ personId, result: { lines: [], statement: null, issues: [] }, json: [], digests: [] })));
  }
  if (writeOpen) {
    await flushInserts(true);
    await flushStatements();
  }
  people.sort((a, b) => cmp(a.personId, b.personId));
  return {
    status, storedHash: storedHash.digest('hex'), resultHash: resultHash.digest('hex'), lineCount, totalMinor, issues: sortIssues(issues), people, totalDeltaMinor,
  };
}
