/**
 * Runs the pure engine (core commissions) against the stored data: one person's period after a payment (reading
 * only that person's credited transactions, through commission_transaction_credits), or a whole period for a
 * recalculation. Writes lines and statements so that an unchanged line is not rewritten. Money in integer minor units.
 */
import {
  adjustmentsAfterLock, buildCreditIndex, calculatePerson, commissionPeriodOf, commissionPeriodRange, nextCommissionPeriod, periodContext, planFor,
  type CalculationInput, type CalculationIssue, type CommissionTransaction, type PayoutLine, type Plan, type PlanAssignment, type PersonResult,
} from '@closeloop/core';
import { sql } from 'kysely';
import { isPostgres, type Executor } from '../../platform/db/database.js';
import { managersAbove, peopleBelow, type CompanyPeople } from './people.js';
import { inForce, lineDigest, lineFromRow, storedLineColumns, storedLineJson } from './stored-line.js';

type TransactionRow = {
  id: string; kind: string; deal_id: string; date: string; amount_minor: number; currency: string; deal_amount_minor: number | null;
  credits: string; refers_to: string | null;
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Credits as parsed, by their JSON text: most payments credit one owner with the whole, so a month's million payments
 * share a few thousand credit lists instead of parsing and holding one each. The engine only reads them. Bounded.
 */
const parsedCredits = new Map<string, CommissionTransaction['credits']>();

function creditsFrom(text: string): CommissionTransaction['credits'] {
  let credits = parsedCredits.get(text);
  if (!credits) {
    credits = JSON.parse(text) as CommissionTransaction['credits'];
    if (parsedCredits.size >= 50_000) parsedCredits.clear();
    parsedCredits.set(text, credits);
  }
  return credits;
}

/** Days and currencies repeat across a month's payments: one string each instead of one per row. Bounded. */
const sharedTexts = new Map<string, string>();

function shared(text: string): string {
  const known = sharedTexts.get(text);
  if (known !== undefined) return known;
  if (sharedTexts.size >= 10_000) sharedTexts.clear();
  sharedTexts.set(text, text);
  return text;
}

/** A stored transaction as the engine reads it. A voided receipt reverses its own payment only, so it is a whole refund of it. */
export function engineTransaction(row: TransactionRow): CommissionTransaction {
  const credits = row.kind === 'payment' ? creditsFrom(row.credits) : undefined;
  return {
    id: row.id,
    kind: row.kind === 'payment' ? 'payment' : 'refund',
    dealId: row.deal_id,
    date: shared(row.date),
    amountMinor: Number(row.amount_minor),
    currency: shared(row.currency),
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

/** Reversals need the payment they reverse in the input, even when it was paid in an earlier period. */
async function withReversedPayments(db: Executor, rows: TransactionRow[]): Promise<CommissionTransaction[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = [...new Set(rows.flatMap((row) => (row.refers_to && !byId.has(row.refers_to) ? [row.refers_to] : [])))];
  for (const ids of chunk(missing, 500)) {
    for (const row of await db.selectFrom('commission_transactions').select(transactionColumns).where('id', 'in', ids).execute()) byId.set(row.id, row);
  }
  return [...byId.values()].map(engineTransaction);
}

/**
 * The transactions dated `from`–`to` as the engine reads them, and the payments their refunds and voids reverse from
 * before or after. Rows are turned into their engine form as they arrive, so a month's million rows are never held
 * beside it: SQLite reads them in the order they are stored, some thousands at a time (its date index picks the
 * rows, then each table page is read once, however the days interleave on disk; read day by day, a page holding
 * every day's rows was read once per day); PostgreSQL, which reads a range in storage order itself, a day at a time.
 */
const sqliteRowsPerRead = 5_000;

/** A comma-separated list of numbers ("17,18,40") as JSON arrays of at most `size` of them each ("[17,18]", "[40]"). */
export function* idSlices(ids: string, size: number): Generator<string> {
  if (!(size >= 1)) throw new RangeError(`slices hold at least one id, not ${size}`);
  for (let start = 0; start < ids.length;) {
    let end = start;
    for (let n = 0; n < size && end !== -1; n += 1) end = ids.indexOf(',', end + 1);
    yield `[${end === -1 ? ids.slice(start) : ids.slice(start, end)}]`;
    start = end === -1 ? ids.length : end + 1;
  }
}

async function periodTransactions(db: Executor, orgId: string, from: string, to: string): Promise<CommissionTransaction[]> {
  const transactions: CommissionTransaction[] = [];
  if (isPostgres(db)) {
    for (let day = from; day <= to; day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
      const rows = await db.selectFrom('commission_transactions').select(transactionColumns).where('org_id', '=', orgId).where('date', '=', day).execute();
      for (const row of rows) transactions.push(engineTransaction(row));
    }
  } else {
    // The rows' ids in storage order as one text ("17,18,40,…": not a million row objects), read a slice at a time.
    const listed = await db.selectFrom('commission_transactions').select(sql<string | null>`group_concat(rowid, ',' order by rowid)`.as('ids'))
      .where('org_id', '=', orgId).where('date', '>=', from).where('date', '<=', to).executeTakeFirst();
    for (const part of idSlices(listed?.ids ?? '', sqliteRowsPerRead)) {
      const rows = await db.selectFrom('commission_transactions').select(transactionColumns)
        .where(sql<number>`rowid`, 'in', sql<number>`(select value from json_each(${part}))`).execute();
      for (const row of rows) transactions.push(engineTransaction(row));
    }
  }
  const reversed = db.selectFrom('commission_transactions').select('refers_to')
    .where('org_id', '=', orgId).where('date', '>=', from).where('date', '<=', to).where('refers_to', 'is not', null);
  const outside = await db.selectFrom('commission_transactions').select(transactionColumns)
    .where('org_id', '=', orgId).where('id', 'in', reversed).where((eb) => eb.or([eb('date', '<', from), eb('date', '>', to)])).execute();
  for (const row of outside) transactions.push(engineTransaction(row));
  return transactions;
}

/** Lines of earlier periods that reversals in `transactions` take back (and their periods' cap lines), for `personIds` or everyone. */
async function paidLinesFor(db: Executor, orgId: string, period: string, transactions: readonly CommissionTransaction[], personId?: string): Promise<PayoutLine[]> {
  const reversed = [...new Set(transactions.flatMap((tx) => (tx.refersTo ? [tx.refersTo] : [])))];
  const lines: PayoutLine[] = [];
  for (const ids of chunk(reversed, 500)) {
    let query = db.selectFrom('commission_lines').select(storedLineColumns).where('org_id', '=', orgId).where('transaction_id', 'in', ids).where('period', '<>', period);
    if (personId) query = query.where('person_id', '=', personId);
    for (const row of await query.execute()) lines.push(lineFromRow(row));
  }
  const capPeriods = new Map<string, Set<string>>();
  for (const line of lines) capPeriods.set(line.period, (capPeriods.get(line.period) ?? new Set()).add(line.personId));
  for (const [capPeriod, people] of capPeriods) {
    for (const ids of chunk([...people], 500)) {
      const rows = await db.selectFrom('commission_lines').select(storedLineColumns).where('org_id', '=', orgId).where('period', '=', capPeriod).where('person_id', 'in', ids).where('kind', '=', 'cap').execute();
      for (const row of rows) lines.push(lineFromRow(row));
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
export function readFrom(period: string, plans: readonly Plan[]): string {
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
 * After a payment: the touched people's open periods recomputed from their own credited transactions, with every
 * read and write shared by all of them — one statement per table, not one per person — since on PostgreSQL each
 * statement is a round trip (a rep, their manager and their director: some 15 statements instead of 40).
 * `people` are credited; `managers` above them earn from the payment only through an override.
 * Sorted by person id, as the outcome lists them.
 */
export async function recalculateTouched(
  db: Executor, orgId: string, company: CompanyPeople, allPlans: readonly Plan[], day: string, people: ReadonlySet<string>, managers: ReadonlySet<string>, now: string,
): Promise<Array<{ personId: string; period: string; locked: boolean; lines: number }>> {
  const ids = [...people, ...managers].sort();
  const teamIds = [...new Set(ids.flatMap((id) => { const team = company.byId.get(id)?.teamId; return team ? [team] : []; }))];
  const assignmentRows = await db.selectFrom('commission_assignments').select(['plan_key', 'person_id', 'team_id', 'from_on', 'to_on'])
    .where('org_id', '=', orgId)
    .where((eb) => (teamIds.length > 0 ? eb.or([eb('person_id', 'in', ids), eb('team_id', 'in', teamIds)]) : eb('person_id', 'in', ids)))
    .execute();
  // planFor reads only a person's own and their team's assignments, so one list serves everyone here.
  const assignments = assignmentRows.map(engineAssignment);
  const placedOf = new Map<string, string>();
  for (const personId of ids) {
    for (const cadence of ['month', 'quarter'] as const) {
      const period = commissionPeriodOf(day, cadence);
      const plan = planFor(periodContext({ period, plans: allPlans, assignments, people: company.people, quotas: [], transactions: [] }), personId);
      if (!plan) continue;
      // A manager earns from this payment only through an override.
      if (people.has(personId) || plan.components.some((c) => c.type === 'override')) placedOf.set(personId, period);
      break;
    }
  }
  const byPeriod = new Map<string, string[]>();
  for (const [personId, period] of placedOf) byPeriod.set(period, [...(byPeriod.get(period) ?? []), personId]);
  const done = new Map<string, { personId: string; period: string; locked: boolean; lines: number }>();
  for (const [period, periodPeople] of byPeriod) {
    const range = commissionPeriodRange(period);
    const [pins, statusRow, quotaRows] = [
      await db.selectFrom('commission_statements').select(['person_id', 'plan_key', 'plan_version']).where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', periodPeople).execute(),
      await db.selectFrom('commission_periods').select('status').where('org_id', '=', orgId).where('period', '=', period).executeTakeFirst(),
      await db.selectFrom('commission_quotas').select(['person_id', 'period', 'amount_minor']).where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', periodPeople).execute(),
    ];
    const locked = statusRow?.status === 'locked';
    const pinOf = new Map(pins.map((row) => [row.person_id, row]));
    // The plan versions each person's stored statement was made with: a new version changes nobody's pay until accepted.
    const plansOf = new Map<string, Plan[]>();
    const planOf = new Map<string, Plan>();
    for (const personId of periodPeople) {
      const pin = pinOf.get(personId);
      const plans = !pin?.plan_key || pin.plan_version === null ? [...allPlans] : allPlans.filter((plan) => plan.id !== pin.plan_key || plan.version <= pin.plan_version!);
      const plan = planFor(periodContext({ period, plans, assignments, people: company.people, quotas: [], transactions: [] }), personId);
      plansOf.set(personId, plans);
      if (plan) planOf.set(personId, plan);
    }
    const computing = periodPeople.filter((id) => planOf.has(id));
    const fromOf = new Map(computing.map((id) => [id, readFrom(period, [planOf.get(id)!])]));
    const earliest = [...fromOf.values()].sort()[0] ?? range.start;
    const creditRows = computing.length === 0 ? [] : await db
      .selectFrom('commission_transaction_credits as c')
      .innerJoin('commission_transactions as t', 't.id', 'c.transaction_id')
      .select(['c.person_id as credited_person', 'c.date as credited_date', ...transactionColumns.map((column) => `t.${column}` as const)])
      .where('c.org_id', '=', orgId)
      .where('c.person_id', 'in', computing)
      .where('c.date', '>=', earliest)
      .where('c.date', '<=', range.end)
      .execute();
    const rowsOf = new Map<string, TransactionRow[]>();
    for (const row of creditRows) {
      if (row.credited_date < fromOf.get(row.credited_person)!) continue;
      const list = rowsOf.get(row.credited_person);
      if (list) list.push(row);
      else rowsOf.set(row.credited_person, [row]);
    }
    const overrideLevelsOf = new Map(computing.map((id) => [id, Math.max(0, ...planOf.get(id)!.components.map((c) => (c.type === 'override' ? c.levels.length : 0)))]));
    const below = new Map(computing.map((id) => [id, overrideLevelsOf.get(id)! > 0 ? peopleBelow(id, overrideLevelsOf.get(id)!, company) : []]));
    const needsDraw = computing.filter((id) => planOf.get(id)!.draw);
    const revenue = await revenueOf(db, orgId, [...new Set([...below.values()].flat())], period);
    const draws = needsDraw.length === 0 ? [] : await db.selectFrom('commission_statements').select(['person_id', 'draw_balance_minor'])
      .where('org_id', '=', orgId).where('period', '=', previousPeriod(period)).where('person_id', 'in', needsDraw).execute();
    const drawOf = new Map(draws.map((row) => [row.person_id, Number(row.draw_balance_minor)]));
    const results = new Map<string, PersonResult>();
    for (const personId of computing) {
      // Both read only when a refund or void reverses a payment not already here (rare), so per person as before.
      const transactions = await withReversedPayments(db, rowsOf.get(personId) ?? []);
      const paidLines = await paidLinesFor(db, orgId, period, transactions, personId);
      const input: CalculationInput = {
        period, plans: plansOf.get(personId)!, assignments, people: company.people, transactions, paidLines,
        quotas: quotaRows.filter((q) => q.person_id === personId).map((q) => ({ personId: q.person_id, period: q.period, amountMinor: Number(q.amount_minor) })),
        drawBalances: drawOf.has(personId) ? { [personId]: drawOf.get(personId)! } : {},
      };
      const issues: CalculationIssue[] = [];
      const index = buildCreditIndex(transactions, company.people, issues);
      if (overrideLevelsOf.get(personId)! > 0) {
        // Only this person's transactions were read, so the people below them are credited from their monthly totals,
        // which hold exactly what the engine would sum from their transactions.
        index.periodRevenue = (id: string) => revenue.get(id) ?? 0;
      }
      results.set(personId, calculatePerson(periodContext(input), index, personId));
    }
    const empty: PersonResult = { lines: [], statement: null, issues: [] };
    if (locked) {
      for (const personId of periodPeople) {
        const lines = await adjustLockedPerson(db, orgId, period, personId, (results.get(personId) ?? empty).lines, now);
        done.set(personId, { personId, period, locked: true, lines: lines.length });
      }
    } else {
      if (!statusRow) await ensurePeriodRow(db, orgId, period);
      await writePeopleResults(db, orgId, period, periodPeople.map((personId) => ({ personId, result: results.get(personId) ?? empty })), now);
      for (const personId of periodPeople) done.set(personId, { personId, period, locked: false, lines: (results.get(personId) ?? empty).lines.length });
    }
  }
  return ids.flatMap((id) => (done.has(id) ? [done.get(id)!] : []));
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

/**
 * Commission writes to one period take turns on PostgreSQL (SQLite has one writer at a time): accepting a
 * recalculation and locking the period go `alone`; a payment's lines `share` the turn with each other. So a payment's
 * lines either commit before an accept's stale checks (which then see them and refuse it) or wait until it commits:
 * one line is never put in force twice. Held until the transaction ends.
 */
export async function periodWriteTurn(db: Executor, orgId: string, period: string, turn: 'alone' | 'shared'): Promise<void> {
  if (!isPostgres(db)) return;
  const key = sql`hashtextextended(${`commission-period:${orgId}:${period}`}, 0)`;
  await (turn === 'alone' ? sql`select pg_advisory_xact_lock(${key})` : sql`select pg_advisory_xact_lock_shared(${key})`).execute(db);
}

export async function ensurePeriodRow(db: Executor, orgId: string, period: string): Promise<void> {
  await db.insertInto('commission_periods').values({ org_id: orgId, period, status: 'open', locked_at: null, locked_by: null, snapshot: null })
    .onConflict((oc) => oc.columns(['org_id', 'period']).doNothing()).execute();
}

/** The period's generation of lines in force (0 for a period without a row): lines written directly belong to it. */
export async function periodGeneration(db: Executor, orgId: string, period: string): Promise<number> {
  const row = await db.selectFrom('commission_periods').select('generation').where('org_id', '=', orgId).where('period', '=', period).executeTakeFirst();
  return Number(row?.generation ?? 0);
}

export async function periodStatus(db: Executor, orgId: string, period: string): Promise<'open' | 'locked'> {
  const row = await db.selectFrom('commission_periods').select('status').where('org_id', '=', orgId).where('period', '=', period).executeTakeFirst();
  return row?.status === 'locked' ? 'locked' : 'open';
}

function lineRow(orgId: string, line: PayoutLine, json: string, now: string, generation: number) {
  // json: storedLineJson(line), what no column holds
  return {
    org_id: orgId, period: line.period, person_id: line.personId, line_key: line.key, plan_key: line.planId, plan_version: line.planVersion,
    component_id: line.componentId, kind: line.kind, transaction_id: line.transactionId, deal_id: line.dealId, amount_minor: line.amountMinor,
    currency: line.currency, line: json, digest: lineDigest(line, json), locked: 0, computed_at: now, generation,
  };
}

/** Writes lines of one period (its row exists) into its current generation. */
export async function insertLines(db: Executor, orgId: string, period: string, lines: readonly PayoutLine[], now: string): Promise<void> {
  const generation = await periodGeneration(db, orgId, period);
  for (const part of chunk(lines, 400)) {
    if (part.length > 0) await db.insertInto('commission_line_rows').values(part.map((line) => lineRow(orgId, line, storedLineJson(line), now, generation))).execute();
  }
}

/**
 * Replaces people's engine-made lines in an open period with their results: only added, changed and removed lines
 * are written (a manager's two thousand override lines stay put when one report's credit moved), each kind in one
 * statement for everyone. Adjustment lines, which carry corrections of locked periods, are not the engine's to
 * replace and stay.
 */
export async function writePeopleResults(db: Executor, orgId: string, period: string, results: ReadonlyArray<{ personId: string; result: PersonResult }>, now: string): Promise<void> {
  if (results.length === 0) return;
  await periodWriteTurn(db, orgId, period, 'shared');
  const generation = await periodGeneration(db, orgId, period);
  const ids = results.map((r) => r.personId);
  const stored = await db.selectFrom('commission_lines').select(['person_id', 'line_key', 'digest'])
    .where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', ids).where('kind', '<>', 'adjustment').execute();
  const before = new Map(stored.map((row) => [`${row.person_id}\u0000${row.line_key}`, row.digest]));
  const inserts: ReturnType<typeof lineRow>[] = [];
  const replaced: string[] = [];
  const seen = new Set<string>();
  for (const { personId, result } of results) {
    for (const line of result.lines) {
      const id = `${personId}\u0000${line.key}`;
      seen.add(id);
      const json = storedLineJson(line);
      const digest = lineDigest(line, json);
      const was = before.get(id);
      if (was === digest) continue;
      if (was !== undefined) replaced.push(line.key);
      inserts.push(lineRow(orgId, line, json, now, generation));
    }
  }
  for (const row of stored) if (!seen.has(`${row.person_id}\u0000${row.line_key}`)) replaced.push(row.line_key);
  // A line key names its person, so keys alone pick the rows; person_id keeps the read on the primary key.
  for (const keys of chunk(replaced, 1000)) {
    await db.deleteFrom('commission_line_rows').where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', ids).where('line_key', 'in', keys)
      .where('generation', '=', generation).where(inForce).execute();
  }
  for (const part of chunk(inserts, 2000)) await db.insertInto('commission_line_rows').values(part).execute();
  await writeStatements(db, orgId, period, results, now);
}

/** People's statements for the period: upserted in one statement; a person without one has theirs removed. */
export async function writeStatements(db: Executor, orgId: string, period: string, results: ReadonlyArray<{ personId: string; result: PersonResult }>, now: string): Promise<void> {
  const none = results.filter((r) => !r.result.statement).map((r) => r.personId);
  if (none.length > 0) await db.deleteFrom('commission_statements').where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', none).execute();
  const rows = results.flatMap(({ personId, result: { statement: s } }) => (s ? [{
    org_id: orgId, period, person_id: personId, plan_key: s.planId, plan_version: s.planVersion, currency: s.currency, credited_minor: s.creditedMinor,
    quota_minor: s.quotaMinor, attainment: s.attainment, draw_balance_minor: s.drawBalanceMinor, computed_at: now,
  }] : []));
  for (const part of chunk(rows, 1000)) {
    await db.insertInto('commission_statements').values(part)
      .onConflict((oc) => oc.columns(['org_id', 'period', 'person_id']).doUpdateSet((eb) => ({
        plan_key: eb.ref('excluded.plan_key'), plan_version: eb.ref('excluded.plan_version'), currency: eb.ref('excluded.currency'),
        credited_minor: eb.ref('excluded.credited_minor'), quota_minor: eb.ref('excluded.quota_minor'), attainment: eb.ref('excluded.attainment'),
        draw_balance_minor: eb.ref('excluded.draw_balance_minor'), computed_at: eb.ref('excluded.computed_at'),
      })))
      .execute();
  }
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
  const lockedRows = await db.selectFrom('commission_lines').select(storedLineColumns)
    .where('org_id', '=', orgId).where('period', '=', lockedPeriod).where('person_id', '=', personId).where('kind', '<>', 'adjustment').execute();
  const locked = lockedRows.map(lineFromRow);
  const into = await nextOpenPeriod(db, orgId, lockedPeriod);
  const later: string[] = [];
  for (let p = nextCommissionPeriod(lockedPeriod); later.length < 36; p = nextCommissionPeriod(p)) {
    later.push(p);
    if (p === into) break;
  }
  const alreadyRows = await db.selectFrom('commission_lines').select(storedLineColumns)
    .where('org_id', '=', orgId).where('period', 'in', later).where('person_id', '=', personId).where('kind', '=', 'adjustment').execute();
  const already = alreadyRows.map(lineFromRow).filter((line) => (line.inputs.adjusts ?? '').startsWith(`${lockedPeriod}|`));
  const taken = new Set(alreadyRows.map((row) => row.line_key));
  const adjustments = adjustmentsAfterLock(locked, recalculated, into, already).map((line) => {
    // A second correction of the same line into the same period gets a key of its own.
    let key = line.key;
    for (let n = 2; taken.has(key); n += 1) key = `${line.key}#${n}`;
    taken.add(key);
    return { ...line, key };
  });
  if (adjustments.length > 0) {
    await periodWriteTurn(db, orgId, into, 'shared');
    await ensurePeriodRow(db, orgId, into);
    await insertLines(db, orgId, into, adjustments, now);
  }
  return adjustments;
}

/** A whole period's input with today's plans and data: what a recalculation runs on. */
export async function periodInput(db: Executor, orgId: string, company: CompanyPeople, period: string): Promise<CalculationInput> {
  const range = commissionPeriodRange(period);
  const plans = await loadPlans(db, orgId);
  const [assignmentRows, quotaRows, transactions, drawRows] = await Promise.all([
    db.selectFrom('commission_assignments').select(['plan_key', 'person_id', 'team_id', 'from_on', 'to_on']).where('org_id', '=', orgId).execute(),
    db.selectFrom('commission_quotas').select(['person_id', 'period', 'amount_minor']).where('org_id', '=', orgId).where('period', '=', period).execute(),
    periodTransactions(db, orgId, readFrom(period, plans), range.end),
    db.selectFrom('commission_statements').select(['person_id', 'draw_balance_minor']).where('org_id', '=', orgId).where('period', '=', previousPeriod(period)).where('draw_balance_minor', '<>', 0).execute(),
  ]);
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
