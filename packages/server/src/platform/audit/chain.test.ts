/**
 * Appending to the audit chain stays one unbroken chain whatever the order of writers: on PostgreSQL a writer builds
 * on the head it last knew and falls back to reading the head when another process appended meanwhile or the
 * transaction that wrote its known head rolled back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { dialects, freshDatabase } from '../../test-support/databases.js';
import { appendAudit, appendAuditBatch, verifyChain, type AuditEntry } from './chain.js';

describe.each(dialects)('the audit chain on %s', (dialect) => {
  let database: DatabaseHandle;
  const clock = new ManualClock('2026-11-02T01:00:00.000Z');
  const orgId = 'org_chain';
  beforeEach(async () => {
    database = await freshDatabase(dialect);
    await database.db.insertInto('orgs').values({ id: orgId, name: orgId, created_at: clock.now().toISOString() }).execute();
  });
  afterEach(() => database.close());

  const entry = (action: string): AuditEntry => ({ orgId, actorId: null, actorKind: 'system', action, entityType: 'test', entityId: action, after: { action } });
  const append = (on: DatabaseHandle, ...actions: string[]) =>
    on.db.transaction().execute((tx) => appendAuditBatch(tx, on.dialect, clock, orgId, actions.map(entry)));
  const actions = async () => (await database.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).orderBy('seq').execute()).map((r) => r.action);

  it('chains entries written one after another, and a batch, in order', async () => {
    await append(database, 'a1');
    await append(database, 'a2', 'a3');
    await append(database, 'a4');
    expect(await actions()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 4 });
  });

  it('does not build on an entry whose transaction rolled back', async () => {
    await append(database, 'kept');
    await expect(database.db.transaction().execute(async (tx) => {
      await appendAudit(tx, database.dialect, clock, entry('rolled-back'));
      throw new Error('the write failed after its audit entry');
    })).rejects.toThrow(/failed after/);
    await append(database, 'next');
    expect(await actions()).toEqual(['kept', 'next']);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 2 });
  });

  it('builds on entries another process appended meanwhile', async () => {
    const other = database.separatePool?.(2) ?? database;
    try {
      await append(database, 'here-1');
      await append(other, 'there-1');
      await append(database, 'here-2');
      await append(other, 'there-2', 'there-3');
      await append(database, 'here-3');
    } finally {
      if (other !== database) await other.close();
    }
    expect(await actions()).toEqual(['here-1', 'there-1', 'here-2', 'there-2', 'there-3', 'here-3']);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 6 });
  });

  it('keeps one chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => append(database, `w${i}`)));
    expect((await actions()).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `w${i}`).sort());
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 12 });
  });
});
