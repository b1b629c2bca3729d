/**
 * `closeloop import` and `closeloop export`: the same import and export engine as the API (H4), run on behalf of
 * a named person, so their permissions and data scope apply exactly as in the app (E2) and the audit log says who.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { resolveAuth, type AuthContext } from '../platform/access/auth-context.js';
import { UnitOfWork } from '../platform/http/unit-of-work.js';
import { ExportService, ImportService, errorReport, exportKinds, importKinds, type SheetFormat } from '../modules/transfer/index.js';
import { CliError, type CliIo } from './io.js';

// Enough row problems to see the pattern; the full list goes to --errors.
const problemsShown = 20;

export interface ImportRequest {
  file: string;
  kind: string;
  as: string;
  dryRun: boolean;
  /** field → column header of the file */
  mapping?: Record<string, string> | undefined;
  /** Where to write every row problem (and, in XLSX, the failed rows ready to fix). */
  errorsFile?: string | undefined;
}

/** Returns the exit code: 0 when every row went in (or would), 1 when any row failed. */
export async function runImport(database: DatabaseHandle, clock: Clock, request: ImportRequest, io: CliIo): Promise<number> {
  const kind = oneOf(importKinds, request.kind, '--kind');
  let file: Buffer;
  try {
    file = await fs.promises.readFile(request.file);
  } catch (error) {
    throw new CliError(`Cannot read ${request.file}: ${(error as Error).message}`);
  }
  const auth = await actingAs(database, request.as);
  const service = new ImportService(database, clock, new UnitOfWork(database, clock));
  const result = await service.importFile(auth, kind, file, 'auto', { dryRun: request.dryRun, mapping: request.mapping });
  const { summary } = result;
  const would = summary.dryRun ? 'would be ' : '';
  io.out(`${summary.dryRun ? 'Checked (dry run, nothing written)' : 'Imported'} ${path.basename(request.file)} as ${request.as}: ${summary.total} rows.`);
  io.out(`  ${summary.created} ${would}created, ${summary.skipped} ${would}skipped as duplicates, ${summary.failed} failed.`);
  for (const duplicate of summary.duplicates.slice(0, problemsShown)) {
    const match = duplicate.earlierRow ? `row ${duplicate.earlierRow} of this file` : duplicate.existingId ? `existing ${kind.slice(0, -1)} ${duplicate.existingId}` : `a ${kind.slice(0, -1)} you cannot see`;
    io.out(`  row ${duplicate.row}: duplicate of ${match} (same ${duplicate.matchedOn.join(', ')})`);
  }
  if (summary.errors.length > 0) {
    io.out('Row problems:');
    for (const e of summary.errors.slice(0, problemsShown)) io.out(`  row ${e.row}${e.column ? `, ${e.column}` : ''} (${e.field}): ${e.message}`);
    if (summary.errors.length > problemsShown && !request.errorsFile) io.out(`  … and ${summary.errors.length - problemsShown} more; add --errors <file.xlsx> for the full list.`);
  }
  if (request.errorsFile && summary.errors.length > 0) {
    await fs.promises.writeFile(request.errorsFile, await errorReport(result, formatOf(request.errorsFile), auth.locale));
    io.out(`Wrote the row problems to ${request.errorsFile}.`);
  }
  return summary.failed > 0 ? 1 : 0;
}

export interface ExportRequest {
  kind: string;
  format: string;
  as: string;
  output?: string | undefined;
}

export async function runExport(database: DatabaseHandle, clock: Clock, request: ExportRequest, io: CliIo): Promise<{ file: string; rows: number }> {
  const kind = oneOf(exportKinds, request.kind, '--kind');
  const format = oneOf(['csv', 'xlsx'] as const, request.format, '--format');
  const auth = await actingAs(database, request.as);
  const service = new ExportService(database.db, clock, new UnitOfWork(database, clock));
  service.authorise(auth, kind);
  const file = path.resolve(request.output ?? (await service.fileName(auth, kind, format)));
  const out = fs.createWriteStream(file);
  try {
    const { rows } = await service.exportTo(auth, kind, format, {}, out);
    await finished(out);
    io.out(`Exported ${rows} ${kind} visible to ${request.as} to ${file}.`);
    return { file, rows };
  } catch (error) {
    out.destroy();
    await fs.promises.rm(file, { force: true });
    throw error;
  }
}

/** The person a command acts for: active, with their role's permissions and their data scope. */
async function actingAs(database: DatabaseHandle, email: string): Promise<AuthContext> {
  const user = await database.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw new CliError(`There is no account with the e-mail ${email}. --as names the person the command acts for.`);
  if (user.status !== 'active') throw new CliError(`The account ${email} is ${user.status}; a command cannot act for it.`);
  // A command line has no session or token; it acts with the person's own permissions, recorded as them.
  return resolveAuth(database.db, user, { kind: 'session', id: 'cli' });
}

function oneOf<T extends string>(allowed: readonly T[], value: string, option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${option} must be one of ${allowed.join(', ')}; "${value}" is not.`);
  return value as T;
}

const formatOf = (file: string): SheetFormat => (file.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
