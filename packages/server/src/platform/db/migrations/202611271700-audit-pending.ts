/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * PostgreSQL writes insert their audit entries here, unchained, with the business transaction; a sealer chains
 * committed ones into audit_log after the commit under the organisation's chain lock (audit/chain.ts), so writes of one
 * organisation no longer wait for each other's commits. Created on SQLite too (one schema), where it stays empty.
 * Keyed by organisation then id (UUIDv7, time-ordered): the sealer takes one organisation's entries in that order.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('audit_pending')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addPrimaryKeyConstraint('audit_pending_pk', ['org_id', 'id'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('audit_pending').execute();
}
