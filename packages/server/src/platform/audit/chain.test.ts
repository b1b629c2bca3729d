/**
 * Appending to the audit chain stays one unbroken chain whatever the order of writers. On SQLite entries are chained
 * in the write's transaction; on PostgreSQL they commit unchained into audit_pending and `sealAudit` chains committed
 * ones afterwards, under the organisation's lock — so these tests seal the way callers do, right after the commit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { createJobs } from '../jobs/index.js';
import { dialects, freshDatabase } from '../../test-support/databases.js';
import { appendAudit, appendAuditBatch, sealAudit, verifyChain, type AuditEntry } from './chain.js';

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
  /** Commits the entries in one transaction, without sealing them. */
  const commit = (on: DatabaseHandle, ...actions: string[]) =>
    on.db.transaction().execute((tx) => appendAuditBatch(tx, on.dialect, clock, orgId, actions.map(entry)));
  /** What a caller does: commit, then seal. */
  const append = async (on: DatabaseHandle, ...actions: string[]) => {
    await commit(on, ...actions);
    await sealAudit(on.db, on.dialect, orgId);
  };
  const actions = async () => (await database.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).orderBy('seq').execute()).map((r) => r.action);
  const pending = async () => (await database.db.selectFrom('audit_pending').select('action').where('org_id', '=', orgId).orderBy('id').execute()).map((r) => r.action);

  it('chains entries written one after another, and a batch, in order', async () => {
    await append(database, 'a1');
    await append(database, 'a2', 'a3');
    await append(database, 'a4');
    expect(await actions()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 4 });
  });

  it('chains a committed entry when it is sealed (PostgreSQL), at once on SQLite', async () => {
    await append(database, 'first');
    await commit(database, 'second', 'third');
    if (dialect === 'postgres') {
      expect(await actions()).toEqual(['first']);
      expect(await pending()).toEqual(['second', 'third']);
      expect(await sealAudit(database.db, dialect, orgId)).toBe(2);
    } else {
      expect(await sealAudit(database.db, dialect, orgId)).toBe(0);
    }
    expect(await actions()).toEqual(['first', 'second', 'third']);
    expect(await pending()).toEqual([]);
    expect(await sealAudit(database.db, dialect, orgId)).toBe(0); // nothing is chained twice
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 3 });
  });

  it('leaves nothing of a transaction that rolled back, chained or pending', async () => {
    await append(database, 'kept');
    await expect(database.db.transaction().execute(async (tx) => {
      await appendAudit(tx, database.dialect, clock, entry('rolled-back'));
      throw new Error('the write failed after its audit entry');
    })).rejects.toThrow(/failed after/);
    expect(await pending()).toEqual([]);
    expect(await sealAudit(database.db, dialect, orgId)).toBe(0);
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

  it('keeps one chain, none lost or doubled, when writers of two processes commit and seal at once', async () => {
    const other = database.separatePool?.(5) ?? database;
    const written = Array.from({ length: 40 }, (_, i) => `w${i}`);
    try {
      // Half the writers also write a batch, so sealers meet batches and single entries alike.
      await Promise.all(written.map((action, i) => append(i % 2 ? other : database, ...(i % 4 === 1 ? [action, `${action}-b`] : [action]))));
    } finally {
      if (other !== database) await other.close();
    }
    const expected = written.flatMap((action, i) => (i % 4 === 1 ? [action, `${action}-b`] : [action]));
    expect((await actions()).sort()).toEqual([...expected].sort());
    expect(await pending()).toEqual([]);
    const ids = await database.db.selectFrom('audit_log').select('id').where('org_id', '=', orgId).execute();
    expect(new Set(ids.map((r) => r.id)).size).toBe(expected.length);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: expected.length });
  });

  it('the job runner seals what a process committed but never sealed', async () => {
    await append(database, 'sealed');
    await commit(database, 'left-1', 'left-2'); // the process died between its commit and its seal
    const jobs = createJobs(database, clock);
    await jobs.runner.runDue();
    expect(await pending()).toEqual([]);
    expect(await actions()).toEqual(['sealed', 'left-1', 'left-2']);
    expect(await verifyChain(database.db, orgId)).toMatchObject({ ok: true, entries: 3 });
  });
});
