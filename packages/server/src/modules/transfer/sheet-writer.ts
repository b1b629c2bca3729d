/**
 * Writes a table as CSV or XLSX into a stream, row by row, so an export of any size needs the memory of one page.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import type { SheetFormat } from './sheet-reader.js';

export type Cell = string | number | null;

export interface TableSink {
  add(cells: readonly Cell[]): void;
  /** Waits while the reader is behind, so rows never pile up in memory. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const contentTypes: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A cell a spreadsheet program would run as a formula ("=HYPERLINK(...)", "+86…", "@SUM") gets a leading
 * apostrophe in CSV (OWASP CSV injection); imports remove it again. XLSX cells are typed as text and need none.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function openTable(format: SheetFormat, out: Writable, sheetName: string, headers: readonly string[]): TableSink {
  return format === 'csv' ? csvTable(out, headers) : xlsxTable(out, sheetName, headers);
}

function csvTable(out: Writable, headers: readonly string[]): TableSink {
  // The BOM makes Excel read the file as UTF-8 instead of the system code page.
  const csv = stringify({ bom: true });
  csv.pipe(out);
  csv.write(headers.map(guardFormula));
  return {
    add: (cells) => {
      csv.write(cells.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : guardFormula(c))));
    },
    flush: async () => {
      if (csv.writableNeedDrain) await once(csv, 'drain');
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    close: async () => {
      // The pipe ends `out` once the last row is through.
      csv.end();
      await once(csv, 'end');
    },
  };
}

function xlsxTable(out: Writable, sheetName: string, headers: readonly string[]): TableSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((h) => ({ width: Math.min(40, Math.max(12, h.length * 2 + 4)) }));
  const header = sheet.addRow([...headers]);
  header.font = { bold: true };
  header.commit();
  return {
    add: (cells) => sheet.addRow(cells.map((c) => (c === null ? '' : c))).commit(),
    flush: async () => {
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    close: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** A small workbook of several sheets, built in memory (error reports). */
export async function workbookBuffer(sheets: ReadonlyArray<{ name: string; headers: readonly string[]; rows: ReadonlyArray<readonly Cell[]> }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.headers.map((h) => ({ width: Math.min(60, Math.max(12, h.length * 2 + 4)) }));
    sheet.addRow([...s.headers]).font = { bold: true };
    for (const row of s.rows) sheet.addRow(row.map((c) => (c === null ? '' : c)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
