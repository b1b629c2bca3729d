import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('audit log on %s', (dialect) => {
  let world: TestWorld;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-audit-'));
    world = await createWorld(dialect, { config: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await world.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (person: Person, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person), ...(payload === undefined ? {} : { payload: payload as object }) });
  const product = async (person: Person, sku: string) => {
    const res = await call(person, 'POST', '/products', { sku, name: sku, listPrice: { minor: 100, currency: 'CNY' }, floorPrice: { minor: 50, currency: 'CNY' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  /** What a DBA could do: drop the insert-only triggers, then change the table by hand. */
  const dropProtection = async () => {
    if (dialect === 'postgres') {
      await sql`drop trigger if exists audit_log_no_update on audit_log`.execute(world.database.db);
    } else {
      await sql`drop trigger if exists audit_log_no_update`.execute(world.database.db);
      await sql`drop trigger if exists audit_log_no_delete`.execute(world.database.db);
    }
  };

  let firstProduct: { id: string };
  beforeAll(async () => {
    firstProduct = await product('ops', 'AUD-1');
    await call('ops', 'POST', `/products/${firstProduct.id}/archive`, { version: 1 });
    await product('admin', 'AUD-2');
    await product('admin', 'AUD-3');
  });

  it('shows ops and admins their organisation\'s entries newest first, and nobody else', async () => {
    const res = await call('ops', 'GET', '/audit?limit=200');
    expect(res.statusCode).toBe(200);
    const seqs = res.json().items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(res.json().items[0]).toMatchObject({ action: 'create', entityType: 'product', actorId: world.ids.admin, actorKind: 'token' });
    expect((await call('repEast1', 'GET', '/audit')).statusCode).toBe(403);
    expect((await call('managerEast', 'GET', '/audit')).statusCode).toBe(403);
    const other = await call('otherOrgAdmin', 'GET', '/audit?limit=200');
    expect(other.json().items).toEqual([]);
  });

  it('filters by record and by person and pages by sequence', async () => {
    const byRecord = await call('admin', 'GET', `/audit?entityType=product&entityId=${firstProduct.id}`);
    expect(byRecord.json().items.map((e: { action: string }) => e.action)).toEqual(['archive', 'create']);
    expect(byRecord.json().items[0].after).toEqual({ status: 'archived' });
    const byOps = await call('admin', 'GET', `/audit?actorId=${world.ids.ops}`);
    expect(byOps.json().items).toHaveLength(2);
    const page1 = (await call('admin', 'GET', '/audit?limit=2')).json();
    const page2 = (await call('admin', 'GET', `/audit?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].seq).toBe(page1.items[1].seq - 1);
  });

  it('answers a tampered page cursor with 400 BAD_CURSOR, never a server error', async () => {
    for (const v of ['abc', 1.5, 1e300, -1]) {
      const cursor = Buffer.from(JSON.stringify({ v, id: 'x' })).toString('base64url');
      const res = await call('admin', 'GET', `/audit?cursor=${cursor}`);
      expect(res.statusCode, `${v}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('BAD_CURSOR');
    }
  });

  it('verifies an untouched chain and signs its head with a key generated once into the data directory', async () => {
    const report = await call('admin', 'GET', '/audit/verify');
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ orgId: world.orgId, ok: true, entries: 4 });
    expect((await call('ops', 'GET', '/audit/verify')).statusCode).toBe(403);
    expect((await call('ops', 'GET', '/audit/head')).statusCode).toBe(403);

    const head = (await call('admin', 'GET', '/audit/head')).json();
    expect(head).toMatchObject({ orgId: world.orgId, entries: 4, headHash: report.json().headHash });
    const keyFile = path.join(dataDir, 'audit-signing.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    const { signature, ...statement } = head;
    expect(signature).toBe(createHmac('sha256', key).update(canonicalJson(statement)).digest('hex'));
    const again = (await call('admin', 'GET', '/audit/head')).json();
    expect(fs.readFileSync(keyFile, 'utf8').trim()).toBe(key);
    expect(again.headHash).toBe(head.headHash);
  });

  it('names the entry a DBA edited behind the server\'s back and refuses to sign the head', async () => {
    await product('admin', 'AUD-4');
    const victim = await world.database.db
      .selectFrom('audit_log').select(['seq', 'id']).where('org_id', '=', world.orgId).where('action', '=', 'archive').executeTakeFirstOrThrow();
    await dropProtection();
    await world.database.db.updateTable('audit_log').set({ after: '{"status":"active"}' }).where('org_id', '=', world.orgId).where('seq', '=', victim.seq).execute();

    const report = (await call('admin', 'GET', '/audit/verify')).json();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: victim.seq, id: victim.id });
    expect(report.firstBroken.reason).toContain('edited');
    expect(report.entries).toBe(victim.seq - 1);
    const head = await call('admin', 'GET', '/audit/head');
    expect(head.statusCode).toBe(409);
    expect(head.json().error.message).toContain(`first broken entry: ${victim.seq}`);
  });

  it('catches an entry deleted from the middle of the chain', async () => {
    for (const sku of ['OTH-1', 'OTH-2', 'OTH-3']) await product('otherOrgAdmin', sku);
    expect((await call('otherOrgAdmin', 'GET', '/audit/verify')).json()).toMatchObject({ ok: true, entries: 3 });
    await dropProtection();
    await world.database.db.deleteFrom('audit_log').where('org_id', '=', world.otherOrgId).where('seq', '=', 2).execute();

    const report = (await call('otherOrgAdmin', 'GET', '/audit/verify')).json();
    expect(report.ok).toBe(false);
    expect(report.firstBroken.seq).toBe(2);
    expect(report.firstBroken.reason).toContain('missing');
  });
});
