/**
 * Turns an uploaded CSV or XLSX file into a header and rows of text cells, each row keeping the number a person
 * sees in their spreadsheet program, so error reports point at the right line.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '@closeloop/core';
import { unguardFormula } from './sheet-writer.js';

export type SheetFormat = 'csv' | 'xlsx';

/**
 * One import reads at most this much. A 50 MB XLSX can unzip to gigabytes (a "zip bomb"); the limits stop reading
 * long before memory runs out, and are far above what one person uploads at once.
 */
export const sheetLimits = { rows: 200_000, cells: 5_000_000 };

export interface SheetRow {
  /** 1-based row number in the spreadsheet, the header row included */
  row: number;
  cells: string[];
}

export interface SheetTable {
  headers: string[];
  rows: SheetRow[];
}

/** XLSX is a zip archive; anything else is read as delimited text. */
export function detectFormat(file: Buffer): SheetFormat {
  return file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04 ? 'xlsx' : 'csv';
}

export async function readSheet(file: Buffer, format: SheetFormat): Promise<SheetTable> {
  const rows = format === 'xlsx' ? await xlsxRows(file) : csvRows(file);
  const headerAt = rows.findIndex((r) => r.cells.some((c) => c !== ''));
  if (headerAt < 0) throw new AppError('IMPORT_FAILED', { detail: 'the file is empty' });
  const headers = rows[headerAt]!.cells;
  return { headers, rows: rows.slice(headerAt + 1).filter((r) => r.cells.some((c) => c !== '')) };
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (what Excel in Chinese Windows saves as "CSV"). */
export function decodeText(file: Buffer): string {
  if (file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf) return file.subarray(3).toString('utf8');
  if (file[0] === 0xff && file[1] === 0xfe) return new TextDecoder('utf-16le').decode(file.subarray(2));
  if (file[0] === 0xfe && file[1] === 0xff) return new TextDecoder('utf-16be').decode(file.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return new TextDecoder('gb18030').decode(file);
  }
}

function csvRows(file: Buffer): SheetRow[] {
  const text = decodeText(file);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const budget = cellBudget();
  let count = 0;
  try {
    return parseCsv(text, {
      delimiter: delimiterOf(firstLine),
      relax_column_count: true,
      // Empty lines stay as records so that record i is spreadsheet row i + 1.
      skip_empty_lines: false,
      trim: true,
      on_record: (cells: string[]) => {
        count += 1;
        budget(count, cells.length);
        return { row: count, cells: cells.map((c) => unguardFormula(withoutNul(c))) };
      },
    }) as unknown as SheetRow[];
  } catch (error) {
    if (error instanceof AppError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new AppError('IMPORT_FAILED', { detail: `the CSV is malformed${line ? ` near line ${line}` : ''} (check quotes)` });
  }
}

/** Comma unless the header line clearly uses tabs or semicolons (European Excel). */
function delimiterOf(headerLine: string): string {
  const count = (c: string) => headerLine.split(c).length - 1;
  const candidates: Array<[string, number]> = [[',', count(',')], ['\t', count('\t')], [';', count(';')]];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

async function xlsxRows(file: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const budget = cellBudget();
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), {
      sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        budget(rows.length + 1, values.length);
        rows.push({ row: row.number, cells: values.slice(1).map((v) => withoutNul(cellText(v))) });
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('IMPORT_FAILED', { detail: 'the file is not a readable XLSX workbook' });
  }
  return rows;
}

/** NUL never means anything in a cell, and PostgreSQL cannot store it: it would fail the whole batch. */
const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '') : text);

/** Counts rows and cells as they are read and stops a file that is over the limits. */
function cellBudget(): (rowsSoFar: number, cellsInRow: number) => void {
  let cells = 0;
  return (rowsSoFar, cellsInRow) => {
    cells += cellsInRow;
    if (rowsSoFar > sheetLimits.rows + 1 || cells > sheetLimits.cells) {
      throw new AppError('IMPORT_FAILED', {
        detail: `the file is too large for one import (at most ${sheetLimits.rows} rows and ${sheetLimits.cells} cells); split it into several files`,
      });
    }
  };
}

/** A cell as the text a person sees; dates as wall-clock time, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}
