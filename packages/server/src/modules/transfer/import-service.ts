/**
 * Imports customers and leads from CSV or XLSX (A1, H4). Every row is read, validated with the same zod contract
 * as the API, checked for duplicates against the database and the rows above it, and then the good rows are
 * written in batches: each batch is one transaction holding its rows, one audit entry per row and one outbox
 * event per row, so a row is either fully there or not at all, and a bad row never stops the good ones.
 */
import type { z } from 'zod';
import { AppError, customerCreate, issueText, leadCreate, normaliseEmail, type CustomerCreate, type LeadCreate, type Locale } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { CustomerRow, LeadRow } from '../../platform/db/schema.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { requireAssignable } from '../../platform/access/scope.js';
import { appendAuditBatch, type AuditEntry } from '../../platform/audit/chain.js';
import { appendEvents, type DomainEvent } from '../../platform/events/outbox.js';
import type { UnitOfWork } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { buildCustomerRow, toCustomer } from '../customers/index.js';
import { buildLeadRow, toLead } from '../leads/index.js';
import { detectFormat, readSheet, type SheetFormat, type SheetRow } from './sheet-reader.js';
import { resolveColumns, type CellContext, type ImportField, type ImportKind } from './import-fields.js';
import { ImportStore, type DuplicateKey, type DuplicateProbe, type ExistingMatch } from './import-store.js';
import { rowMessage } from './messages.js';
import { looseKey } from './vocabulary.js';

export interface ImportOptions {
  /** target field → source column header; when absent, headers are matched by name in English or Chinese */
  mapping?: Record<string, string> | undefined;
  /** validate and count, write nothing */
  dryRun?: boolean | undefined;
  /** what to do with a row that matches an existing record or an earlier row: skip it (default) or create it anyway */
  onDuplicate?: 'create' | 'skip' | undefined;
  /** the language of row messages; the caller's by default */
  locale?: Locale | undefined;
}

export interface RowError {
  /** spreadsheet row number, the header being row 1 */
  row: number;
  /** the source column header, or null when the problem is not tied to one column */
  column: string | null;
  field: string;
  message: string;
}

export interface DuplicateRow {
  row: number;
  matchedOn: DuplicateKey[];
  /** the existing record it matches, when you may see it */
  existingId?: string;
  /** the earlier row of the same file it matches */
  earlierRow?: number;
}

export interface ImportSummary {
  dryRun: boolean;
  total: number;
  created: number;
  skipped: number;
  failed: number;
  errors: RowError[];
  duplicates: DuplicateRow[];
}

export interface ImportResult {
  summary: ImportSummary;
  /** the file's header and its failed rows as read, for the "rows to fix" sheet of the error report */
  sourceHeaders: string[];
  rejectedRows: SheetRow[];
}

/** Rows per transaction: big enough to amortise the commit, small enough not to hold the writer long. */
const batchSize = 500;

/** A large import refreshes the table's planner statistics after every this many rows, and once at its end. */
const statisticsEvery = 10_000;

interface Candidate {
  row: number;
  record: CustomerRow | LeadRow;
  keys: Array<[DuplicateKey, string]>;
}

interface Owner {
  id: string;
  teamId: string | null;
}

export class ImportService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly store = new ImportStore(),
  ) {}

  /** Refuses a caller who may not import, before the upload is read. */
  authorise(auth: AuthContext): void {
    requirePermission(auth, 'crm.import');
  }

  /**
   * Imports one file. `format` 'auto' looks at the bytes (XLSX is a zip). Throws AppError for a file that cannot be
   * imported at all (unreadable, no column for a required field, bad mapping); row problems are in the result.
   */
  async importFile(auth: AuthContext, kind: ImportKind, file: Buffer, format: SheetFormat | 'auto', options: ImportOptions = {}): Promise<ImportResult> {
    this.authorise(auth);
    const locale = options.locale ?? auth.locale;
    const dryRun = options.dryRun ?? false;
    const skipDuplicates = (options.onDuplicate ?? 'skip') === 'skip';
    const sheet = await readSheet(file, format === 'auto' ? detectFormat(file) : format);
    const columns = resolveColumns(kind, sheet.headers, options.mapping);
    const db = this.database.db;
    const settings = await this.store.orgSettings(db, auth.orgId);
    const now = this.clock.now().toISOString();
    const lookups = {
      owners: await this.owners(auth, sheet.rows, columns, locale),
      regions: columnOf(columns, 'region') === undefined ? new Map<string, string>() : await this.regionIndex(auth.orgId),
    };

    const context: CellContext = { locale, timeZone: settings.timeZone, currency: settings.currency };
    const summary: ImportSummary = { dryRun, total: sheet.rows.length, created: 0, skipped: 0, failed: 0, errors: [], duplicates: [] };
    const rejectedRows: SheetRow[] = [];
    const importId = newId();
    // Keys of the rows accepted so far → their row number: later rows repeating them are duplicates of the file.
    const seen = new Map<string, number>();
    let sinceStatistics = 0;
    // Chunk by chunk, so that only one batch of built rows is in memory however long the file is.
    for (let i = 0; i < sheet.rows.length; i += batchSize) {
      const candidates: Candidate[] = [];
      for (const sheetRow of sheet.rows.slice(i, i + batchSize)) {
        const read = this.readRow(kind, sheetRow, sheet.headers, columns, lookups, context);
        if ('errors' in read) {
          summary.errors.push(...read.errors);
          rejectedRows.push(sheetRow);
          continue;
        }
        const meta = { id: newId(), orgId: auth.orgId, ownerId: read.owner.id, teamId: read.owner.teamId, now };
        candidates.push(kind === 'customers' ? customerCandidate(sheetRow.row, meta, read.input as CustomerCreate) : leadCandidate(sheetRow.row, meta, read.input as LeadCreate));
      }
      const existing = await this.existing(auth, kind, candidates, seen);
      const accepted: Candidate[] = [];
      for (const candidate of candidates) {
        const duplicate = duplicateOf(candidate, existing, seen);
        if (duplicate) summary.duplicates.push(duplicate);
        if (duplicate && skipDuplicates) continue;
        for (const [key, value] of candidate.keys) if (!seen.has(`${key}:${value}`)) seen.set(`${key}:${value}`, candidate.row);
        accepted.push(candidate);
      }
      summary.created += accepted.length;
      if (!dryRun && accepted.length > 0) {
        await this.writeBatch(auth, kind, accepted, importId);
        sinceStatistics += accepted.length;
        if (sinceStatistics >= statisticsEvery) {
          await this.store.refreshStatistics(this.database.db, this.database.dialect, kind);
          sinceStatistics = 0;
        }
      }
    }
    summary.failed = rejectedRows.length;
    summary.skipped = skipDuplicates ? summary.duplicates.length : 0;
    if (!dryRun && sinceStatistics > 0 && summary.created >= statisticsEvery) await this.store.refreshStatistics(this.database.db, this.database.dialect, kind);
    if (!dryRun) await this.recordImport(auth, kind, importId, summary);
    return { summary, sourceHeaders: sheet.headers, rejectedRows };
  }

  /** One row's fields read, validated with the API's contract, and given an owner; or every problem it has. */
  private readRow(
    kind: ImportKind,
    sheetRow: SheetRow,
    headers: readonly string[],
    columns: Map<ImportField, number>,
    lookups: { owners: Map<string, Owner | string>; regions: Map<string, string> },
    context: CellContext,
  ): { input: CustomerCreate | LeadCreate; owner: Owner } | { errors: RowError[] } {
    const errors: RowError[] = [];
    const values: Record<string, unknown> = {};
    const problem = (f: ImportField, message: string) =>
      errors.push({ row: sheetRow.row, column: headers[columns.get(f)!] ?? null, field: f.key, message });

    const ctx = { ...context };
    // The row's currency first: a credit limit is read in it.
    const ordered = [...columns].sort(([a], [b]) => Number(b.key === 'creditCurrency') - Number(a.key === 'creditCurrency'));
    for (const [f, index] of ordered) {
      const text = sheetRow.cells[index] ?? '';
      if (text === '') continue;
      if (f.key === 'ownerEmail' || f.key === 'region') {
        values[f.key] = text;
        continue;
      }
      const result = f.read(text, ctx, headers[index] ?? '');
      if (!result.ok) problem(f, result.message);
      else {
        values[f.key] = result.value;
        if (f.key === 'creditCurrency') ctx.currency = result.value as string;
      }
    }

    let owner: Owner = lookups.owners.get('') as Owner;
    if (typeof values.ownerEmail === 'string') {
      const found = lookups.owners.get(normaliseEmail(values.ownerEmail)!);
      if (typeof found === 'string' || !found) problem(fieldOf(columns, 'ownerEmail')!, found ?? rowMessage('unknownOwner', ctx.locale, { value: values.ownerEmail }));
      else owner = found;
    }
    let regionId: string | undefined;
    if (typeof values.region === 'string') {
      regionId = lookups.regions.get(looseKey(values.region));
      if (!regionId) problem(fieldOf(columns, 'region')!, rowMessage('unknownRegion', ctx.locale, { value: values.region }));
    }

    const input = kind === 'customers' ? customerInput(values, regionId, ctx.currency) : leadInput(values, regionId);
    const schema = kind === 'customers' ? customerCreate : leadCreate;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const failedFields = new Set(errors.map((e) => e.field));
      for (const issue of parsed.error.issues) {
        const key = sourceField(String(issue.path[0] ?? ''));
        if (failedFields.has(key)) continue;
        failedFields.add(key);
        const f = fieldOf(columns, key);
        errors.push({
          row: sheetRow.row,
          column: f ? (headers[columns.get(f)!] ?? null) : null,
          field: key,
          message: issueMessage(key, issue, values, ctx.locale),
        });
      }
    }
    if (errors.length > 0 || !parsed.success) {
      const position = (e: RowError) => (e.column === null ? Number.MAX_SAFE_INTEGER : headers.indexOf(e.column));
      return { errors: errors.sort((a, b) => position(a) - position(b)) };
    }
    return { input: parsed.data, owner };
  }

  /**
   * Who each owner email names: a person the caller may assign to, or the reason they cannot. The check runs once
   * per distinct person, by the same rule as a single create. The key '' is the caller, owner of rows without one.
   */
  private async owners(auth: AuthContext, rows: readonly SheetRow[], columns: Map<ImportField, number>, locale: Locale): Promise<Map<string, Owner | string>> {
    const db = this.database.db;
    const result = new Map<string, Owner | string>();
    result.set('', { id: auth.userId, teamId: (await requireAssignable(db, auth, auth.userId)).teamId });
    const column = columnOf(columns, 'ownerEmail');
    if (column === undefined) return result;
    const emails = [...new Set(rows.map((r) => normaliseEmail(r.cells[column])).filter((e): e is string => !!e))];
    const people = await this.store.peopleByEmail(db, auth.orgId, emails);
    for (const email of emails) {
      const person = people.get(email);
      if (!person || person.status !== 'active') {
        result.set(email, rowMessage('unknownOwner', locale, { value: email }));
        continue;
      }
      try {
        result.set(email, { id: person.id, teamId: (await requireAssignable(db, auth, person.id)).teamId });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.set(email, rowMessage('notAssignable', locale, { value: email }));
      }
    }
    return result;
  }

  /** Regions by id, code or name, compared loosely. */
  private async regionIndex(orgId: string): Promise<Map<string, string>> {
    const index = new Map<string, string>();
    for (const region of await this.store.regions(this.database.db, orgId)) {
      for (const spelling of [region.name, region.code, region.id]) if (spelling) index.set(looseKey(spelling), region.id);
    }
    return index;
  }

  /** Existing records matching the keys of these rows; keys an earlier row of the file already holds are known. */
  private existing(auth: AuthContext, kind: ImportKind, candidates: readonly Candidate[], seen: ReadonlyMap<string, number>): Promise<Map<string, ExistingMatch>> {
    const values = new Map<DuplicateKey, Set<string>>();
    for (const c of candidates) {
      for (const [key, value] of c.keys) {
        if (!seen.has(`${key}:${value}`)) (values.get(key) ?? values.set(key, new Set()).get(key)!).add(value);
      }
    }
    const probes: DuplicateProbe[] = [...values].map(([key, set]) => ({ key, values: [...set] }));
    return kind === 'customers'
      ? this.store.existingCustomers(this.database.db, auth, probes)
      : this.store.existingLeads(this.database.db, auth, probes);
  }

  /** One batch in one transaction: the rows, an audit entry and an outbox event per row. */
  private async writeBatch(auth: AuthContext, kind: ImportKind, batch: readonly Candidate[], importId: string): Promise<void> {
    const actorKind = auth.principal.kind === 'token' ? 'token' : 'user';
    const entity = entityOf[kind];
    await this.uow.run(auth, async (w) => {
      if (kind === 'customers') await this.store.insertCustomers(w.tx, batch.map((c) => c.record as CustomerRow));
      else await this.store.insertLeads(w.tx, batch.map((c) => c.record as LeadRow));
      const audit: AuditEntry[] = [];
      const events: DomainEvent[] = [];
      for (const { record } of batch) {
        const after = kind === 'customers' ? toCustomer(record as CustomerRow) : toLead(record as LeadRow);
        audit.push({ orgId: auth.orgId, actorId: auth.userId, actorKind, action: 'create', entityType: entity, entityId: record.id, after: { ...after, importId } });
        events.push({ orgId: auth.orgId, type: `${entity}.created`, subject: record.id, payload: createdPayload(kind, record, importId) });
      }
      await appendAuditBatch(w.tx, this.database.dialect, this.clock, auth.orgId, audit);
      await appendEvents(w.tx, this.clock, events);
      return { status: 200, body: null };
    });
  }

  /** The import's own audit entry, with its counts. */
  private async recordImport(auth: AuthContext, kind: ImportKind, importId: string, summary: ImportSummary): Promise<void> {
    const { errors, duplicates, ...counts } = summary;
    void errors; void duplicates;
    await this.uow.run(auth, async (w) => {
      await w.audit({ action: 'import', entityType: entityOf[kind], entityId: importId, after: { kind, ...counts } });
      return { status: 200, body: null };
    });
  }
}

const entityOf: Record<ImportKind, 'customer' | 'lead'> = { customers: 'customer', leads: 'lead' };

function customerCandidate(row: number, meta: Parameters<typeof buildCustomerRow>[0], input: CustomerCreate): Candidate {
  const record = buildCustomerRow(meta, input);
  return { row, record, keys: keysOf([['phone', record.phone_normal], ['email', record.email_normal], ['name', record.name_normal]]) };
}

function leadCandidate(row: number, meta: Parameters<typeof buildLeadRow>[0], input: LeadCreate): Candidate {
  const record = buildLeadRow(meta, input);
  return { row, record, keys: keysOf([['phone', record.phone_normal], ['email', record.email_normal], ['company', record.company_normal]]) };
}

function keysOf(pairs: Array<[DuplicateKey, string | null]>): Array<[DuplicateKey, string]> {
  return pairs.filter((p): p is [DuplicateKey, string] => p[1] !== null);
}

/** Whether a row repeats an existing record or an earlier accepted row, and on which keys. */
function duplicateOf(candidate: Candidate, existing: Map<string, ExistingMatch>, seen: Map<string, number>): DuplicateRow | null {
  const matchedOn: DuplicateKey[] = [];
  let match: ExistingMatch | undefined;
  let earlierRow: number | undefined;
  for (const [key, value] of candidate.keys) {
    const slot = `${key}:${value}`;
    const found = existing.get(slot);
    const earlier = seen.get(slot);
    if (found) match = match?.visible ? match : found;
    if (earlier !== undefined) earlierRow ??= earlier;
    if (found || earlier !== undefined) matchedOn.push(key);
  }
  if (matchedOn.length === 0) return null;
  return {
    row: candidate.row,
    matchedOn,
    ...(match?.visible ? { existingId: match.id } : {}),
    ...(earlierRow !== undefined ? { earlierRow } : {}),
  };
}

function createdPayload(kind: ImportKind, record: CustomerRow | LeadRow, importId: string): Record<string, unknown> {
  if (kind === 'customers') return { ownerId: record.owner_id, duplicates: [], importId };
  const lead = record as LeadRow;
  return { ownerId: lead.owner_id, teamId: lead.team_id, source: lead.source, stage: lead.stage, duplicates: [], importId };
}

function customerInput(values: Record<string, unknown>, regionId: string | undefined, currency: string): Record<string, unknown> {
  const input = pick(values, ['name', 'industry', 'city', 'address', 'size', 'budgetBand', 'decisionChain', 'phone', 'email', 'tags']);
  if (regionId) input.regionId = regionId;
  if (typeof values.creditLimit === 'number') input.creditLimit = { minor: values.creditLimit, currency };
  return input;
}

function leadInput(values: Record<string, unknown>, regionId: string | undefined): Record<string, unknown> {
  const input = pick(values, ['name', 'company', 'phone', 'email', 'source', 'stage', 'industry', 'city', 'intentTags', 'firstContactAt']);
  input.source ??= 'import';
  if (regionId) input.regionId = regionId;
  return input;
}

function pick(values: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (values[key] !== undefined) out[key] = values[key];
  return out;
}

/** The import field a schema path belongs to (the schema says regionId where the sheet says region). */
function sourceField(schemaKey: string): string {
  return schemaKey === 'regionId' ? 'region' : schemaKey;
}

function fieldOf(columns: Map<ImportField, number>, key: string): ImportField | undefined {
  return [...columns.keys()].find((f) => f.key === key);
}

function columnOf(columns: Map<ImportField, number>, key: string): number | undefined {
  const f = fieldOf(columns, key);
  return f ? columns.get(f) : undefined;
}

function issueMessage(key: string, issue: z.core.$ZodIssue, values: Record<string, unknown>, locale: Locale): string {
  if (values[key] === undefined && issue.code === 'invalid_type') return rowMessage('required', locale);
  if (key === 'phone') return rowMessage('notPhone', locale);
  if (key === 'email') return rowMessage('notEmail', locale);
  return issueText(issue)[locale];
}
