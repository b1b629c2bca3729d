/**
 * A whole period's recalculation, person by person (C2 at a million payments): the engine's results are streamed
 * (calculateEachPerson) and compared with the stored lines a group of people at a time by each line's digest, so
 * neither every computed line nor every stored line is held at once, and a stored line's JSON is read only where it
 * changed. Proposing builds the per-person difference and, for an open period, writes the lines that changed once,
 * where they stay: in commission_line_rows under the proposal's id, not in force until it is accepted (the view
 * commission_lines shows the rows in force), with the keys it removes and its statements kept beside it
 * (commission_recalculation_lines/_statements). Accepting deletes the rows it replaces and moves the statements into
 * place inside the database, after checking that neither the stored lines nor any input of the calculation moved
 * since (their fingerprints); the proposal's status then puts its rows in force. A proposal without kept rows (a
 * locked period, or one a newer proposal replaced) is computed again when accepted and compared by the hash of its
 * result. Money in integer minor units.
 */
import { createHash, hash } from 'node:crypto';
import { commissionPeriodRange, sortIssues, type CalculationIssue, type Explanation, type Statement } from '@closeloop/core';
import { CompiledQuery, sql } from 'kysely';
import { isPostgres, openDatabase, type Executor } from '../../platform/db/database.js';
import { adjustLockedPerson, ensurePeriodRow, loadPlans, periodGeneration, periodInput, periodStatus, previousPeriod, readFrom } from './calculation.js';
import { companyPeople, type CompanyPeople } from './people.js';
import { computedInWorker, computedLines, computedPeople, groupPeople, inGroups, type Computed, type LineFields, type WorkerConnection } from './engine-thread.js';
import { inForce, stepsFromJson } from './stored-line.js';

export interface StoredChange {
  key: string; change: 'added' | 'removed' | 'changed'; componentId: string; kind: string; transactionId: string | null; dealId: string | null;
  /** the plan version that made the line (`planKey@version`; the recalculated one's where both exist), to name its rule; absent on older proposals */
  plan?: string;
  beforeMinor: number; afterMinor: number; deltaMinor: number; beforeSteps: Explanation[] | null; afterSteps: Explanation[] | null;
}
export interface StoredPersonChange { personId: string; beforeMinor: number; afterMinor: number; deltaMinor: number; lines: StoredChange[]; linesOmitted?: number }

export interface PeriodRecalculation {
  status: 'open' | 'locked';
  storedHash: string;
  resultHash: string;
  /** proposing with `stageAs` an open period: the fingerprint of everything the result was computed from (see inputsFingerprint) */
  inputsHash: string | null;
  /** proposing with `stageAs` an open period: how many rows were kept */
  kept: KeptRows | null;
  lineCount: number;
  totalMinor: number;
  issues: CalculationIssue[];
  /** proposing only: the people whose pay changes, by person id, each with their changed lines by key (the first `explainedChanges` of them) */
  people: StoredPersonChange[];
  totalDeltaMinor: number;
  /** where the engine ran: in a worker thread, or in this one */
  computedIn: 'worker' | 'thread';
  /** the worker failed before its first group (it could not start, open the database or read): computed in this thread */
  workerFailure?: string;
}

/**
 * What a proposal wrote: its lines (in commission_line_rows, `replaced` of them replacing a stored line) and, kept
 * beside it, the keys it removes and its statements. Accepting checks the kept ones are all still there (PostgreSQL
 * empties its unlogged staging tables after a crash).
 */
export interface KeptRows {
  lines: number; replaced: number; removed: number; statements: number;
  /** set when the proposal rewrote the whole period: its lines are the period's next generation, which accepting puts in force */
  generation?: number;
}

export type RecalculationMode =
  /**
   * `stageAs`: the proposal's id, to write its lines under (open periods only), computed `now`; `worker`: compute in a
   * worker thread with its own connection when the period has at least `minTransactions` transactions;
   * `wholePeriodFrom`: a period with at least this many stored lines, whose first compared people have most of theirs
   * replaced, is written whole as its next generation (see wholePeriodWanted)
   */
  | ({ mode: 'propose'; explainedChanges: number; worker?: { connection: WorkerConnection; minTransactions: number } } & ({ stageAs?: undefined } | { stageAs: string; now: string; wholePeriodFrom?: number }))
  /** `lockedPeople`: for a locked period, whose differences become adjustment lines (the proposal's people) */
  | { mode: 'accept'; now: string; expectStatus: 'open' | 'locked'; lockedPeople: ReadonlySet<string> };

/** A stored line as the comparison reads it: only what every line needs (a listed change reads the rest, see processGroup). */
type StoredRow = { person_id: string; line_key: string; digest: string; amount_minor: number | string };
/** Parameters per statement on SQLite: a multi-row INSERT takes as many rows as fit (a line's 17 columns: 1,927). */
const sqliteParameters = 32_766;
/** Rows per INSERT … SELECT on PostgreSQL: the rows travel as one JSON parameter, whatever the row count. */
const postgresInsertRows = 5_000;
const keysPerDelete = 1_000;
/** Stored lines from which a proposal that replaces most of them rewrites the period whole (the service's default). */
export const wholePeriodLines = 10_000;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type ColumnType = 'text' | 'integer' | 'bigint';
type Columns = ReadonlyArray<readonly [name: string, type: ColumnType]>;
const lineColumns: Columns = [
  ['org_id', 'text'], ['period', 'text'], ['person_id', 'text'], ['line_key', 'text'], ['plan_key', 'text'], ['plan_version', 'integer'], ['component_id', 'text'],
  ['kind', 'text'], ['transaction_id', 'text'], ['deal_id', 'text'], ['amount_minor', 'bigint'], ['currency', 'text'], ['line', 'text'], ['digest', 'text'],
];
const statementColumns: Columns = [
  ['org_id', 'text'], ['period', 'text'], ['person_id', 'text'], ['plan_key', 'text'], ['plan_version', 'integer'], ['currency', 'text'],
  ['credited_minor', 'bigint'], ['quota_minor', 'bigint'], ['attainment', 'text'], ['draw_balance_minor', 'bigint'],
];
const columnNames = (columns: Columns) => columns.map(([name]) => name).join(', ');
type Cell = string | number | null;

/** A line's values in lineColumns order. */
function lineValues(orgId: string, line: LineFields, json: string, digest: string): Cell[] {
  return [orgId, line.period, line.personId, line.key, line.planId, line.planVersion, line.componentId, line.kind, line.transactionId, line.dealId, line.amountMinor, line.currency, json, digest];
}

/** A statement's values in statementColumns order. */
function statementValues(orgId: string, s: Statement): Cell[] {
  return [orgId, s.period, s.personId, s.planId, s.planVersion, s.currency, s.creditedMinor, s.quotaMinor, s.attainment, s.drawBalanceMinor];
}

/**
 * Bulk INSERTs of plain value rows, sent as SQL text with parameters: building a million lines through the query
 * builder cost more CPU than the database took to store them. SQLite gets multi-row VALUES, the statement text for a
 * full batch made once so its prepared statement is reused. PostgreSQL gets the rows as one JSON array of arrays
 * (`INSERT … SELECT` over `jsonb_array_elements`): one parameter instead of 30,000, stringified natively instead of
 * encoded value by value by the driver, and far cheaper for the server to plan (see bench/README.md).
 */
class BulkInsert {
  /** SQLite: the pending rows' values, row after row (flat: the rows' own arrays die young) */
  private values: Cell[] = [];
  /** PostgreSQL: the pending rows, stringified together */
  private rows: Cell[][] = [];
  /** rows sent so far */
  rowsWritten = 0;
  private readonly batch: number;
  /** PostgreSQL: the whole statement; SQLite: the statement for a full batch, made once so its prepared statement is reused */
  private readonly fullText: string;
  /** the statement the database is running: the next batch is made meanwhile (PostgreSQL; SQLite runs it at once) */
  private running: Promise<unknown> | null = null;
  constructor(private readonly db: Executor, private readonly table: string, private readonly columns: Columns, private readonly postgres: boolean) {
    this.batch = postgres ? postgresInsertRows : Math.floor(sqliteParameters / columns.length);
    const fields = columns.map(([, type], c) => `(r->>${c})::${type}`).join(', ');
    this.fullText = postgres ? `insert into ${table} (${columnNames(columns)}) select ${fields} from jsonb_array_elements($1::jsonb) r` : this.valuesText(this.batch);
  }

  private get pending(): number {
    return this.postgres ? this.rows.length : this.values.length / this.columns.length;
  }

  async add(row: Cell[]): Promise<void> {
    if (this.postgres) this.rows.push(row);
    else for (const value of row) this.values.push(value);
    if (this.pending >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    const count = this.pending;
    if (count === 0) return;
    this.rowsWritten += count;
    const query = this.postgres
      ? CompiledQuery.raw(this.fullText, [JSON.stringify(this.rows)])
      : CompiledQuery.raw(count === this.batch ? this.fullText : this.valuesText(count), this.values);
    this.rows = [];
    this.values = [];
    await this.running;
    this.running = this.db.executeQuery(query);
    // Its failure is thrown where it is awaited: by the next flush or by done().
    this.running.catch(() => undefined);
  }

  /** Sends what is pending and waits until the database has stored every row. */
  async done(): Promise<void> {
    await this.flush();
    await this.running;
    this.running = null;
  }

  private valuesText(count: number): string {
    const tuple = `(${this.columns.map(() => '?').join(',')})`;
    return `insert into ${this.table} (${columnNames(this.columns)}) values ${Array.from({ length: count }, () => tuple).join(',')}`;
  }
}


/** One person's stored lines as the stale check sees them: `key|digest`, sorted (storedLinesHash makes the same text in the database). */
function personLinesHash(rows: ReadonlyArray<{ line_key: string; digest: string }>): string {
  return hash('sha256', rows.map((row) => `${row.line_key}|${row.digest}`).sort(cmp).join('\n'), 'base64url');
}

/** The stored lines' fingerprint from each person's: the same whichever order people were read in. */
function foldPeople(hashes: ReadonlyMap<string, string>): string {
  const folded = createHash('sha256');
  for (const personId of [...hashes.keys()].sort(cmp)) folded.update(`${personId}|${hashes.get(personId)}\n`);
  return folded.digest('hex');
}

/** Computes `period` with today's plans and data; in accept mode also writes it (open) or adjusts the next open period (locked). */
export async function recalculatePeriod(db: Executor, orgId: string, period: string, how: RecalculationMode): Promise<PeriodRecalculation> {
  const company = await companyPeople(db, orgId);
  // Taken before anything is read: a change committed meanwhile (PostgreSQL) then makes the proposal stale, never silently part of it.
  const inputs = how.mode === 'propose' && how.stageAs ? await inputsOf(db, orgId, company, period) : null;
  const inputsHash = inputs?.hash ?? null;
  const [status, generation, storedPeopleRows] = await Promise.all([
    periodStatus(db, orgId, period),
    periodGeneration(db, orgId, period),
    peopleWithRows(db, orgId, period),
  ]);
  const accept = how.mode === 'accept' ? how : null;
  const explainLimit = how.mode === 'propose' ? how.explainedChanges : 0;
  if (accept && status !== accept.expectStatus) {
    // Locked (or unlocked) since the proposal: the caller refuses it as stale, nothing is computed.
    return { status, storedHash: '', resultHash: '', inputsHash: null, kept: null, lineCount: 0, totalMinor: 0, issues: [], people: [], totalDeltaMinor: 0, computedIn: 'thread' };
  }
  const writeOpen = accept !== null && status === 'open';
  // Proposing an open period keeps what accepting it writes; accepting writes it directly.
  const stageAs = how.mode === 'propose' && status === 'open' ? how.stageAs ?? null : null;
  const postgres = isPostgres(db);
  const storedHashes = new Map<string, string>();
  const resultHash = createHash('sha256');
  const issues: CalculationIssue[] = [];
  const people: StoredPersonChange[] = [];
  let lineCount = 0;
  let totalMinor = 0;
  let totalDeltaMinor = 0;
  let explained = 0;
  // Lines go where they stay: a proposal's under its id, an accepted recalculation's in force ('').
  const computedAt = how.mode === 'accept' || how.stageAs !== undefined ? how.now : null; // null: nothing is written
  const inserts = new BulkInsert(db, 'commission_line_rows', [...lineColumns, ['locked', 'integer'], ['computed_at', 'text'], ['recalculation_id', 'text'], ['generation', 'integer']], postgres);
  const removals = new BulkInsert(db, 'commission_recalculation_lines', [['recalculation_id', 'text'], ['org_id', 'text'], ['period', 'text'], ['person_id', 'text'], ['line_key', 'text']], postgres);
  const statements = stageAs
    ? new BulkInsert(db, 'commission_recalculation_statements', [['recalculation_id', 'text'], ...statementColumns], postgres)
    : new BulkInsert(db, 'commission_statements', [...statementColumns, ['computed_at', 'text']], postgres);
  // A proposal of a big period that replaces most of it writes every line as the period's next generation (`whole`):
  // accepting it then moves the period on in one row instead of deleting the lines it replaces. Decided at the first
  // group of people with stored lines, before any of theirs is written.
  const wholeFrom = how.mode === 'propose' && how.stageAs !== undefined && stageAs ? how.wholePeriodFrom ?? null : null;
  let whole = (wholeFrom === null ? false : 'undecided') as 'undecided' | boolean; // (set inside processGroup)
  let writeGeneration = generation;
  const lineRow = (line: LineFields, json: string, digest: string): Cell[] => [...lineValues(orgId, line, json, digest), 0, computedAt, stageAs ?? '', writeGeneration];
  const statementRow = (s: Statement): Cell[] => (stageAs ? [stageAs, ...statementValues(orgId, s)] : [...statementValues(orgId, s), computedAt]);
  let replaced = 0;

  if (writeOpen) {
    // Every statement of the period is rewritten from the result (as before); lines are compared and kept.
    await ensurePeriodRow(db, orgId, period);
    await db.deleteFrom('commission_statements').where('org_id', '=', orgId).where('period', '=', period).execute();
  }

  const processGroup = async (group: Computed[]) => {
    const ids = group.map((c) => c.personId);
    const rows = ids.length === 0 ? [] : await db.selectFrom('commission_lines')
      .select(['person_id', 'line_key', 'digest', 'amount_minor'])
      .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').where('person_id', 'in', ids).execute();
    const storedOf = new Map<string, StoredRow[]>();
    for (const row of rows as StoredRow[]) {
      const list = storedOf.get(row.person_id);
      if (list) list.push(row);
      else storedOf.set(row.person_id, [row]);
    }
    if (whole === 'undecided' && rows.length > 0) {
      whole = await wholePeriodWanted(db, orgId, period, wholeFrom!, group, storedOf);
      if (whole) {
        // The groups before had no stored lines: what they wrote (added lines only) moves to the next generation too.
        writeGeneration = generation + 1;
        await inserts.done();
        if (inserts.rowsWritten > 0) {
          await db.updateTable('commission_line_rows').set({ generation: writeGeneration })
            .where('org_id', '=', orgId).where('period', '=', period).where('recalculation_id', '=', stageAs!).execute();
        }
      }
    }
    const wantBefore: string[] = [];
    const pending: Array<{ person: StoredPersonChange; changes: Array<{ view: StoredChange; beforeKey: string | null }> }> = [];
    for (const { personId, lines, json, digests, statement: s, issues: personIssues, full } of group) {
      const stored = (storedOf.get(personId) ?? []).sort((a, b) => cmp(a.line_key, b.line_key));
      if (stored.length > 0) storedHashes.set(personId, personLinesHash(stored));
      // One update per person, not per line (the same hash: it reads the same bytes in the same order).
      let hashed = '';
      for (let i = 0; i < lines.length; i += 1) {
        const line = lines[i]!;
        hashed += `${line.personId}|${line.key}|${digests[i]}\n`;
        lineCount += 1;
        totalMinor += line.amountMinor;
      }
      resultHash.update(hashed);
      for (const issue of personIssues) issues.push(issue);
      if ((writeOpen || stageAs) && s && (s.lineCount > 0 || s.creditedMinor !== 0 || s.drawBalanceMinor !== 0)) await statements.add(statementRow(s));

      const before = new Map(stored.map((row) => [row.line_key, row]));
      if (stageAs) {
        const seen = new Set<string>();
        for (let i = 0; i < lines.length; i += 1) {
          const line = lines[i]!;
          seen.add(line.key);
          const was = before.get(line.key);
          const same = was?.digest === digests[i];
          if (was && !same) replaced += 1;
          // A whole period's generation holds every line, the unchanged ones too.
          if (same && whole !== true) continue;
          await inserts.add(lineRow(line, json[i]!, digests[i]!));
        }
        // A line the next generation does not hold is removed by the generation itself.
        if (whole !== true) for (const row of stored) if (!seen.has(row.line_key)) await removals.add([stageAs, orgId, period, personId, row.line_key]);
      }
      if (writeOpen) {
        const replaced: string[] = [];
        const written: Cell[][] = [];
        const seen = new Set<string>();
        for (let i = 0; i < lines.length; i += 1) {
          const line = lines[i]!;
          seen.add(line.key);
          const was = before.get(line.key);
          if (was?.digest === digests[i]) continue;
          if (was) replaced.push(line.key);
          written.push(lineRow(line, json[i]!, digests[i]!));
        }
        for (const row of stored) if (!seen.has(row.line_key)) replaced.push(row.line_key);
        // The person's replaced rows go before any new row can be sent (a batch may leave mid-group): an old and a
        // new row of one key must never both be in force.
        for (let i = 0; i < replaced.length; i += keysPerDelete) {
          await db.deleteFrom('commission_line_rows').where('org_id', '=', orgId).where('period', '=', period).where('person_id', '=', personId)
            .where('line_key', 'in', replaced.slice(i, i + keysPerDelete)).where('generation', '=', generation).where(inForce).execute();
        }
        for (const row of written) await inserts.add(row);
      } else if (accept && status === 'locked' && accept.lockedPeople.has(personId)) {
        // Accepting computes in this thread: the whole lines are there.
        await adjustLockedPerson(db, orgId, period, personId, full ?? [], accept.now);
      } else if (!accept) {
        // The difference by amount, as diffResults gives it: keys in order, a line changed when its amount did.
        const after = new Map(lines.map((line, i) => [line.key, i]));
        const keys = [...new Set([...before.keys(), ...after.keys()])].sort(cmp);
        const changes: Array<{ view: StoredChange; beforeKey: string | null }> = [];
        let omitted = 0;
        for (const key of keys) {
          const b = before.get(key);
          const at = after.get(key);
          const a = at === undefined ? undefined : lines[at];
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
            // A removed line's rule, kind, payment, contract and plan come with its steps below.
            key, change, componentId: a?.componentId ?? '', kind: a?.kind ?? '', transactionId: a ? a.transactionId : null,
            dealId: a ? a.dealId : null, plan: a ? `${a.planId}@${a.planVersion}` : '', beforeMinor, afterMinor, deltaMinor: afterMinor - beforeMinor, beforeSteps: null, afterSteps: at === undefined ? null : stepsFromJson(json[at]!),
          };
          // Only a listed changed line's stored JSON is read.
          if (b) wantBefore.push(key);
          changes.push({ view, beforeKey: b ? key : null });
        }
        if (changes.length > 0 || omitted > 0) {
          const beforeTotal = stored.reduce((sum, row) => sum + Number(row.amount_minor), 0);
          const afterTotal = lines.reduce((sum, line) => sum + line.amountMinor, 0);
          const person: StoredPersonChange = {
            personId, beforeMinor: beforeTotal, afterMinor: afterTotal, deltaMinor: afterTotal - beforeTotal, lines: [], ...(omitted > 0 ? { linesOmitted: omitted } : {}),
          };
          pending.push({ person, changes });
        }
      }
    }
    if (wantBefore.length > 0) {
      // Only a listed change's stored line is read whole (a key names its person, so keys pick the rows).
      const rows = [];
      for (let i = 0; i < wantBefore.length; i += keysPerDelete) {
        rows.push(...await db.selectFrom('commission_lines').select(['line_key', 'line', 'component_id', 'kind', 'transaction_id', 'deal_id', 'plan_key', 'plan_version'])
          .where('org_id', '=', orgId).where('period', '=', period).where('person_id', 'in', ids).where('line_key', 'in', wantBefore.slice(i, i + keysPerDelete)).execute());
      }
      const listed = new Map(rows.map((row) => [row.line_key, row]));
      for (const { changes } of pending) {
        for (const c of changes) {
          const b = c.beforeKey ? listed.get(c.beforeKey) : undefined;
          if (!b) continue;
          // Old rows hold the whole line, new ones only what no column holds: both have the steps.
          c.view.beforeSteps = stepsFromJson(b.line);
          if (c.view.change === 'removed') {
            Object.assign(c.view, { componentId: b.component_id, kind: b.kind, transactionId: b.transaction_id, dealId: b.deal_id, plan: `${b.plan_key}@${Number(b.plan_version)}` });
          }
        }
      }
    }
    for (const { person, changes } of pending) {
      person.lines = changes.map((c) => c.view);
      totalDeltaMinor += person.deltaMinor;
      people.push(person);
    }
  };

  const computed = new Set<string>();
  const processComputed = async (group: Computed[]) => {
    for (const person of group) computed.add(person.personId);
    await processGroup(group);
  };
  // A big period's people are computed in a worker thread while this one compares and writes the groups before.
  const worker = how.mode === 'propose' && how.worker && inputs && inputs.transactions >= how.worker.minTransactions ? how.worker : null;
  const inWorker = { moved: false };
  let workerFailure: string | undefined;
  if (worker) {
    let started = false;
    try {
      for await (const group of computedInWorker({ connection: worker.connection, orgId, period, inputsHash: inputs!.hash }, issues, inWorker)) {
        started = true;
        await processComputed(group);
      }
    } catch (error) {
      // Before its first group nothing was written: this thread computes the period instead. After it, the proposal
      // fails whole; and a worker that ran out of memory is not followed by this thread, the server's own.
      if (started || (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw error;
      workerFailure = error instanceof Error ? error.message : String(error);
      inWorker.moved = true;
    }
  }
  if (!worker || inWorker.moved) {
    for (const group of inGroups(computedPeople(await periodInput(db, orgId, company, period), issues), computedLines)) await processComputed(group);
  }
  // People with stored lines the engine no longer pays at all.
  const leftover = storedPeopleRows.map((row) => row.person_id).filter((id) => !computed.has(id)).sort(cmp);
  for (let i = 0; i < leftover.length; i += groupPeople) {
    await processGroup(leftover.slice(i, i + groupPeople).map((personId): Computed => ({ personId, lines: [], json: [], digests: [], statement: null, issues: [], full: [] })));
  }
  await inserts.done();
  await removals.done();
  await statements.done();
  people.sort((a, b) => cmp(a.personId, b.personId));
  return {
    status, storedHash: foldPeople(storedHashes), resultHash: resultHash.digest('hex'), inputsHash: stageAs ? inputsHash : null,
    kept: stageAs ? { lines: inserts.rowsWritten, replaced, removed: removals.rowsWritten, statements: statements.rowsWritten, ...(whole === true ? { generation: writeGeneration } : {}) } : null,
    lineCount, totalMinor, issues: sortIssues(issues), people, totalDeltaMinor, computedIn: worker && !inWorker.moved ? 'worker' : 'thread',
    ...(workerFailure !== undefined ? { workerFailure } : {}),
  };
}

/**
 * Whether a proposal rewrites the period whole: when it holds at least `from` engine-made lines and the first group of
 * people compared replaces or removes at least half of their stored lines (a plan or rate change, which touches
 * everyone alike). A change that touches a few people keeps writing only their changed lines; writing a million
 * unchanged ones would cost more than deleting the few it replaces.
 */
async function wholePeriodWanted(db: Executor, orgId: string, period: string, from: number, group: readonly Computed[], storedOf: ReadonlyMap<string, readonly StoredRow[]>): Promise<boolean> {
  let stored = 0;
  let replaced = 0;
  for (const { personId, lines, digests } of group) {
    const rows = storedOf.get(personId) ?? [];
    const now = new Map(lines.map((line, i) => [line.key, digests[i]]));
    stored += rows.length;
    for (const row of rows) if (now.get(row.line_key) !== row.digest) replaced += 1;
  }
  if (replaced * 2 < stored) return false;
  // Counted up to `from` only: the whole count of a million-line period took 2 s.
  const counted = await db.selectFrom((eb) => eb.selectFrom('commission_lines').select(sql`1`.as('one'))
    .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').limit(from).as('stored'))
    .select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(counted.n) >= from;
}

/**
 * The people with any line row in the period: those with lines in force, and maybe some with only a proposal's rows
 * or retired ones (whom the callers then find nothing stored for). Read from the primary key's index alone; through the
 * view, which checks each row's recalculation and generation, the same list took 1.9 s of a million-line period.
 */
function peopleWithRows(db: Executor, orgId: string, period: string): Promise<Array<{ person_id: string }>> {
  return db.selectFrom('commission_line_rows').select('person_id').distinct().where('org_id', '=', orgId).where('period', '=', period).execute();
}

/**
 * PostgreSQL: gathers the line rows' planner statistics again when many rows changed since they were last gathered
 * (autovacuum does it too, but not at once). Right after a big recalculation was accepted they still describe the table
 * before it: the planner once expected 67 rows of a period holding 2,008,000, and read the period whole for every
 * group of people a proposal compared (a restated million-line month proposed in 59.7 s; analysed first, 38.5 s).
 * Call it before a recalculation's transaction reads: ANALYZE (~0.4 s at three million rows) runs on a connection of
 * its own, so its lock lasts only as long as it does; it passes when autovacuum holds the table (skip_locked), and
 * does nothing, with a warning in the server's log, when the database role does not own the table.
 */
export async function refreshLineStatistics(db: Executor, connection: WorkerConnection): Promise<void> {
  if (!isPostgres(db)) return;
  const { rows } = await sql<{ stale: boolean }>`select n_mod_since_analyze > greatest(10000, n_live_tup / 10) as stale
    from pg_stat_user_tables where relid = 'commission_line_rows'::regclass`.execute(db);
  if (!rows[0]?.stale) return;
  const own = openDatabase(connection.url, { ...connection.options, poolSize: 1 });
  try {
    await sql`analyze (skip_locked) commission_line_rows`.execute(own.db);
  } finally {
    await own.close();
  }
}

/**
 * Everything a period's result is computed from, as one hash: the plans, assignments, the company's people and their
 * managers, the period's quotas, the previous period's draw balances, how many transactions fall in the period's read
 * window (they are insert-only, so the same count is the same set, and their credits are fixed when they are
 * inserted), and the lines of other periods that its refunds take back (with those periods' cap lines). Cheap next to
 * the calculation: a count over the transactions' date index and a few small reads.
 */
export async function inputsFingerprint(db: Executor, orgId: string, company: CompanyPeople, period: string): Promise<string> {
  return (await inputsOf(db, orgId, company, period)).hash;
}

/** inputsFingerprint's hash, and how many transactions the period reads. */
async function inputsOf(db: Executor, orgId: string, company: CompanyPeople, period: string): Promise<{ hash: string; transactions: number }> {
  const range = commissionPeriodRange(period);
  const plans = await loadPlans(db, orgId);
  const from = readFrom(period, plans);
  const [assignments, quotas, draws, counted, paid] = await Promise.all([
    db.selectFrom('commission_assignments').select(['id', 'plan_key', 'person_id', 'team_id', 'from_on', 'to_on']).where('org_id', '=', orgId).execute(),
    db.selectFrom('commission_quotas').select(['person_id', 'amount_minor']).where('org_id', '=', orgId).where('period', '=', period).execute(),
    db.selectFrom('commission_statements').select(['person_id', 'draw_balance_minor']).where('org_id', '=', orgId).where('period', '=', previousPeriod(period)).where('draw_balance_minor', '<>', 0).execute(),
    db.selectFrom('commission_transactions').select(sql<string | number>`count(*)`.as('n')).where('org_id', '=', orgId).where('date', '>=', from).where('date', '<=', range.end).executeTakeFirstOrThrow(),
    linesReversedFrom(db, orgId, period, from, range.end),
  ]);
  const parts = [
    plans.map((plan) => JSON.stringify(plan)).sort(cmp),
    assignments.map((a) => JSON.stringify([a.id, a.plan_key, a.person_id, a.team_id, a.from_on, a.to_on])).sort(cmp),
    company.people.map((person) => JSON.stringify(person)).sort(cmp),
    quotas.map((q) => `${q.person_id}|${Number(q.amount_minor)}`).sort(cmp),
    draws.map((d) => `${d.person_id}|${Number(d.draw_balance_minor)}`).sort(cmp),
    [String(Number(counted.n))],
    paid.map((l) => `${l.period}|${l.person_id}|${l.line_key}|${l.digest}`).sort(cmp),
  ];
  return { hash: hash('sha256', JSON.stringify(parts), 'hex'), transactions: Number(counted.n) };
}

/**
 * The lines of other periods that the period's refunds and voids take back, with those periods' cap lines. Asked by
 * transaction through its index: as one query, `transaction_id in (…) or kind = 'cap' and …` read every line of every
 * other period (a second at a million lines), though a month usually reverses nothing.
 */
async function linesReversedFrom(db: Executor, orgId: string, period: string, from: string, to: string): Promise<Array<{ period: string; person_id: string; line_key: string; digest: string }>> {
  const reversed = await db.selectFrom('commission_transactions').select('refers_to').distinct()
    .where('org_id', '=', orgId).where('date', '>=', from).where('date', '<=', to).where('refers_to', 'is not', null).execute();
  const ids = reversed.map((row) => row.refers_to!);
  const lines = [];
  for (let i = 0; i < ids.length; i += keysPerDelete) {
    lines.push(...await db.selectFrom('commission_lines').select(['period', 'person_id', 'line_key', 'digest', 'kind'])
      .where('org_id', '=', orgId).where('period', '<>', period).where('transaction_id', 'in', ids.slice(i, i + keysPerDelete)).execute());
  }
  const capPeriods = [...new Set(lines.map((line) => line.period))];
  const caps = capPeriods.length === 0 ? [] : await db.selectFrom('commission_lines').select(['period', 'person_id', 'line_key', 'digest', 'kind'])
    .where('org_id', '=', orgId).where('period', 'in', capPeriods).where('kind', '=', 'cap').execute();
  // A cap line can also be a reversed one: each once.
  const seen = new Set<string>();
  return [...lines, ...caps].filter((line) => {
    const id = `${line.period}|${line.person_id}|${line.line_key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The fingerprint of a period's stored engine-made lines, as a recalculation computes it while comparing (adjustment
 * lines are not the engine's): each person's `key|digest` texts are sorted and joined inside the database in byte
 * order (PostgreSQL's "C" collation; SQLite's default), which is personLinesHash's order for the ASCII that keys and
 * digests are made of. PostgreSQL hashes them too, in one pass over the period: read in groups of people, a period
 * just rewritten (its planner statistics not yet refreshed) was scanned whole for every group — 15 s of a million-line
 * accept. SQLite returns each person's text, a group of people at a time, for this thread to hash.
 */
async function storedLinesHash(db: Executor, orgId: string, period: string): Promise<string> {
  const item = sql<string>`line_key || '|' || digest`;
  const hashes = new Map<string, string>();
  if (isPostgres(db)) {
    // sha256 in base64url without padding, as node:crypto's hash(…, 'base64url') gives it.
    const rows = await db.selectFrom('commission_lines')
      .select(['person_id', sql<string>`translate(rtrim(encode(sha256(convert_to(string_agg(${item}, E'\n' order by ${item} collate "C"), 'UTF8')), 'base64'), '='), '+/', '-_')`.as('hash')])
      .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').groupBy('person_id').execute();
    for (const row of rows) hashes.set(row.person_id, row.hash);
    return foldPeople(hashes);
  }
  const ids = (await peopleWithRows(db, orgId, period)).map((row) => row.person_id).sort(cmp);
  for (let i = 0; i < ids.length; i += groupPeople) {
    const rows = await db.selectFrom('commission_lines').select(['person_id', sql<string>`group_concat(${item}, char(10) order by ${item})`.as('lines')])
      .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').where('person_id', 'in', ids.slice(i, i + groupPeople))
      .groupBy('person_id').execute();
    for (const row of rows) hashes.set(row.person_id, hash('sha256', row.lines, 'base64url'));
  }
  return foldPeople(hashes);
}

/**
 * Accepts a proposal of an open period from the rows it wrote: when the period is still open and neither its stored
 * lines nor any input moved since the proposal, the stored lines its lines replace and the ones it removes are
 * deleted (adjustment lines stay) and its statements replace the period's, each in one statement inside the database;
 * the caller's status change then puts its lines in force. Having written nothing, returns 'stale' when the proposal
 * is stale, and 'not kept' when its kept rows are not all there (PostgreSQL empties the unlogged staging tables after
 * a crash; proposals made before migration 202611280100 kept theirs elsewhere): the caller then computes it again.
 */
export async function acceptStaged(
  db: Executor, orgId: string, period: string, recalculationId: string,
  expected: { storedHash: string; inputsHash: string; kept: KeptRows | null }, now: string,
): Promise<'accepted' | 'stale' | 'not kept'> {
  if ((await periodStatus(db, orgId, period)) !== 'open') return 'stale';
  const kept = expected.kept;
  if (!kept || kept.removed === undefined || !sameCounts(await keptRows(db, recalculationId), kept)) return 'not kept';
  if ((await inputsFingerprint(db, orgId, await companyPeople(db, orgId), period)) !== expected.inputsHash) return 'stale';
  if ((await storedLinesHash(db, orgId, period)) !== expected.storedHash) return 'stale';
  await ensurePeriodRow(db, orgId, period);
  if (kept.generation !== undefined) {
    // The period moves on to the generation the proposal wrote whole (its adjustment lines, in no generation, stay
    // in force), and the sweep deletes the rows left behind (retired-lines.ts).
    if ((await periodGeneration(db, orgId, period)) !== kept.generation - 1) return 'stale';
    await db.updateTable('commission_periods').set({ generation: kept.generation, retire_after: '' }).where('org_id', '=', orgId).where('period', '=', period).execute();
  }
  const current = await periodGeneration(db, orgId, period);
  const replacedOrRemoved = (from: 'commission_line_rows' | 'commission_recalculation_lines') => db.deleteFrom('commission_line_rows')
    .where('org_id', '=', orgId).where('period', '=', period).where('kind', '<>', 'adjustment').where('recalculation_id', '<>', recalculationId)
    .where('generation', '=', current).where(inForce)
    .where(({ exists }) => exists(sql`(select 1 from ${sql.table(from)} s where s.org_id = commission_line_rows.org_id and s.period = commission_line_rows.period
      and s.person_id = commission_line_rows.person_id and s.line_key = commission_line_rows.line_key and s.recalculation_id = ${recalculationId})`))
    .execute();
  // Skipped when there is nothing to delete: each scans the period's rows (a first calculation replaces none).
  if (kept.generation === undefined && kept.replaced > 0) await replacedOrRemoved('commission_line_rows');
  if (kept.generation === undefined && kept.removed > 0) await replacedOrRemoved('commission_recalculation_lines');
  await db.deleteFrom('commission_statements').where('org_id', '=', orgId).where('period', '=', period).execute();
  const statements = sql.raw(columnNames(statementColumns));
  await sql`insert into commission_statements (${statements}, computed_at) select ${statements}, ${now} from commission_recalculation_statements where recalculation_id = ${recalculationId}`.execute(db);
  await unstageKept(db, recalculationId);
  return 'accepted';
}

const sameCounts = (a: Omit<KeptRows, 'lines' | 'replaced'>, b: KeptRows) => a.removed === b.removed && a.statements === b.statements;

async function keptRows(db: Executor, recalculationId: string): Promise<Omit<KeptRows, 'lines' | 'replaced'>> {
  const count = (table: 'commission_recalculation_lines' | 'commission_recalculation_statements') =>
    db.selectFrom(table).select(sql<number | string>`count(*)`.as('n')).where('recalculation_id', '=', recalculationId).executeTakeFirstOrThrow();
  const [removed, statements] = await Promise.all([count('commission_recalculation_lines'), count('commission_recalculation_statements')]);
  return { removed: Number(removed.n), statements: Number(statements.n) };
}

/** Drops what a proposal wrote (discarded, or accepted by computing it again). */
export async function unstageRecalculation(db: Executor, orgId: string, period: string, recalculationId: string): Promise<void> {
  await db.deleteFrom('commission_line_rows').where('org_id', '=', orgId).where('period', '=', period).where('recalculation_id', '=', recalculationId).execute();
  await unstageKept(db, recalculationId);
}

/** Drops the removed keys and statements a proposal kept beside its lines. */
async function unstageKept(db: Executor, recalculationId: string): Promise<void> {
  const postgres = isPostgres(db);
  for (const table of ['commission_recalculation_lines', 'commission_recalculation_statements'] as const) {
    // When the table holds this proposal's rows only (the usual case) it is emptied whole, many times faster than
    // deleting its rows one by one (and on PostgreSQL without leaving them for vacuum). The check holds until then:
    // SQLite has one writer at a time; on PostgreSQL the table is locked first, so no other proposal's rows are being
    // written meanwhile (a proposal waits for this transaction).
    if (postgres) await sql`lock table ${sql.table(table)} in access exclusive mode`.execute(db);
    const held = await db.selectFrom(table).select((eb) => [eb.fn.min('recalculation_id').as('first'), eb.fn.max('recalculation_id').as('last')]).executeTakeFirst();
    if (!held?.first) continue;
    if (held.first === recalculationId && held.last === recalculationId) {
      await (postgres ? sql`truncate table ${sql.table(table)}`.execute(db) : db.deleteFrom(table).execute());
    } else {
      await db.deleteFrom(table).where('recalculation_id', '=', recalculationId).execute();
    }
  }
}

/** Drops what every pending proposal of the period wrote: a newer proposal replaces it, so at most one is kept. */
export async function unstagePeriod(db: Executor, orgId: string, period: string): Promise<void> {
  const pending = await db.selectFrom('commission_recalculations').select('id').where('org_id', '=', orgId).where('period', '=', period).where('status', '=', 'proposed').execute();
  // Skipped when none is pending: the delete reads all of the period's rows to find a proposal's.
  if (pending.length > 0) {
    await db.deleteFrom('commission_line_rows').where('org_id', '=', orgId).where('period', '=', period).where('recalculation_id', 'in', pending.map((row) => row.id)).execute();
  }
  const ids = db.selectFrom('commission_recalculations').select('id').where('org_id', '=', orgId).where('period', '=', period);
  await db.deleteFrom('commission_recalculation_lines').where('recalculation_id', 'in', ids).execute();
  await db.deleteFrom('commission_recalculation_statements').where('recalculation_id', 'in', ids).execute();
}
