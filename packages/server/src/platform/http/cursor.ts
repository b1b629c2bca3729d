/** Opaque keyset cursors: the last row's sort value and id, base64url JSON. Tampered cursors are a 400. */
import { AppError } from '@closeloop/core';

export interface Cursor {
  v: string | number;
  id: string;
}

export const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (
      parsed && typeof parsed === 'object' &&
      typeof (parsed as Cursor).id === 'string' &&
      (typeof (parsed as Cursor).v === 'string' || typeof (parsed as Cursor).v === 'number')
    ) {
      return parsed as Cursor;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BAD_CURSOR');
}
