/**
 * Hands out the next trace code of a document type (B1) inside the creating transaction. The counter row is
 * incremented with one upsert: concurrent creators serialise on its row lock (PostgreSQL) or on the write lock
 * (SQLite), so two documents never share a number and a rolled-back creation gives its number back.
 */
import { sql } from 'kysely';
import { formatTraceCode, type DocumentType } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';

export async function nextTraceCode(tx: Executor, orgId: string, type: DocumentType, prefix: string, year: number): Promise<string> {
  const row = await tx
    .insertInto('document_counters')
    .values({ org_id: orgId, doc_type: type, year, last_value: 1 })
    .onConflict((oc) => oc.columns(['org_id', 'doc_type', 'year']).doUpdateSet({ last_value: sql`document_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatTraceCode(prefix, year, Number(row.last_value));
}
