/**
 * The error report of an import, for download: every row problem (row, column, field, message) and, in XLSX, a
 * second sheet with the failed rows as they were read plus what is wrong with each, ready to fix and import again.
 */
import type { Locale } from '@closeloop/core';
import { stringify } from 'csv-stringify/sync';
import type { ImportResult } from './import-service.js';
import { reportLabel } from './messages.js';
import type { SheetFormat } from './sheet-reader.js';
import { guardFormula, workbookBuffer } from './sheet-writer.js';

export async function errorReport(result: ImportResult, format: SheetFormat, locale: Locale): Promise<Buffer> {
  const headers = (['row', 'column', 'field', 'message'] as const).map((k) => reportLabel(k, locale));
  const errorRows = result.summary.errors.map((e) => [e.row, e.column ?? '', e.field, e.message] as const);
  if (format === 'csv') {
    const text = stringify([headers, ...errorRows.map((r) => r.map((c) => (typeof c === 'string' ? guardFormula(c) : c)))], { bom: true });
    return Buffer.from(text, 'utf8');
  }
  const problemsByRow = new Map<number, string[]>();
  for (const e of result.summary.errors) {
    problemsByRow.set(e.row, [...(problemsByRow.get(e.row) ?? []), e.column ? `${e.column}: ${e.message}` : e.message]);
  }
  return workbookBuffer([
    { name: reportLabel('errorsSheet', locale), headers, rows: errorRows },
    {
      name: reportLabel('rowsSheet', locale),
      headers: [reportLabel('row', locale), ...result.sourceHeaders, reportLabel('problems', locale)],
      rows: result.rejectedRows.map((r) => [
        r.row,
        ...result.sourceHeaders.map((_, i) => r.cells[i] ?? ''),
        (problemsByRow.get(r.row) ?? []).join('; '),
      ]),
    },
  ]);
}
