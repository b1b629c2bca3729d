/** Keyset pagination over (sort column, id): stable under inserts, O(limit) at any depth. */
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { AppError } from '@closeloop/core';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface PageRequest {
  sort: string; // "column:asc|desc" in API names
  cursor?: string | undefined;
  limit: number;
}

/**
 * Applies order, cursor and limit to a query. `columns` maps the API's sort keys to qualified columns.
 * Fetches one row more than asked to know whether a next page exists.
 */
export async function pageOf<DB, TB extends keyof DB, Row extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, Row>,
  request: PageRequest,
  columns: Record<string, string>,
  idColumn: string,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const [key = '', dir = 'asc'] = request.sort.split(':');
  const column = columns[key];
  if (!column) throw new AppError('VALIDATION_FAILED', {}, { 'query.sort': `unknown sort key ${key}` });
  const desc = dir === 'desc';
  const cursor = decodeCursor(request.cursor);
  let q = query as unknown as SelectQueryBuilder<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (cursor) {
    const op = desc ? '<' : '>';
    q = q.where((eb) => eb.or([eb(column, op, cursor.v), eb.and([eb(column, '=', cursor.v), eb(idColumn, op, cursor.id)])]));
  }
  q = q.orderBy(column, desc ? 'desc' : 'asc').orderBy(idColumn, desc ? 'desc' : 'asc').limit(request.limit + 1);
  const rows = (await q.execute()) as Row[];
  const more = rows.length > request.limit;
  const page = more ? rows.slice(0, request.limit) : rows;
  const last = page[page.length - 1];
  const plainColumn = column.split('.').pop()!;
  const plainId = idColumn.split('.').pop()!;
  return {
    rows: page,
    nextCursor: more && last ? encodeCursor({ v: last[plainColumn] as string | number, id: last[plainId] as string }) : null,
  };
}

/** `%term%` for LIKE with the wildcard characters of the term escaped; use with `containsText`. */
export function containsPattern(term: string): string {
  return `%${term.normalize('NFKC').toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column LIKE '%term%' ESCAPE '\'`: substring search (Chinese included) where `%` and `_` typed by a person
 * are literal. SQLite has no default escape character, so it is always named.
 */
export function containsText(column: string | RawBuilder<unknown>, term: string): RawBuilder<SqlBool> {
  const target = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`${target} like ${containsPattern(term)} escape '\\'`;
}
