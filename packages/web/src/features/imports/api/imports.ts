/**
 * Imports over HTTP (H4): the template to fill in, the upload (multipart, with progress) and its error report. The
 * shapes are the server's (packages/server/src/modules/transfer/routes.ts).
 */
import { download, upload } from '../../../api/client';

/** What the server imports; each has POST /imports/{kind} and GET /imports/{kind}/template. */
export const importKinds = ['leads', 'customers'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface RowError {
  /** spreadsheet row number; the header is row 1 */
  row: number;
  /** the source column's header, or null when the problem is not tied to one column */
  column: string | null;
  field: string;
  message: string;
}

export interface DuplicateRow {
  row: number;
  matchedOn: Array<'phone' | 'email' | 'name' | 'company'>;
  /** the existing record it repeats, when the importer may see it */
  existingId?: string;
  /** the earlier row of the same file it repeats */
  earlierRow?: number;
}

export interface ImportSummary {
  dryRun: boolean;
  total: number;
  created: number;
  skipped: number;
  failed: number;
  errors: RowError[];
  errorsTruncated: boolean;
  duplicates: DuplicateRow[];
  duplicatesTruncated: boolean;
}

export interface ImportOptions {
  dryRun: boolean;
  onDuplicate: 'skip' | 'create';
}

function formOf(file: File, fields: Record<string, string>): FormData {
  const form = new FormData();
  // Text fields first: the server reads the parts in order and the file may be large.
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return form;
}

export function runImport(kind: ImportKind, file: File, options: ImportOptions, onProgress: (sent: number) => void, signal?: AbortSignal) {
  const form = formOf(file, { dryRun: String(options.dryRun), onDuplicate: options.onDuplicate, reportFormat: 'json' });
  return upload<ImportSummary>(`/imports/${kind}`, form, { onProgress, signal });
}

/**
 * The full error report (every row error, and a sheet of the failed rows to fix and import again). It is the same
 * file checked once more without writing anything: row errors do not depend on what the first run wrote.
 */
export function downloadErrorReport(kind: ImportKind, file: File, options: ImportOptions): Promise<void> {
  const form = formOf(file, { dryRun: 'true', onDuplicate: options.onDuplicate, reportFormat: 'xlsx' });
  return upload<void>(`/imports/${kind}`, form, { answer: 'file' });
}

export function downloadTemplate(kind: ImportKind, format: 'xlsx' | 'csv'): Promise<void> {
  return download(`/imports/${kind}/template`, { format });
}
