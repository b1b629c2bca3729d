import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('dead letters on %s', (dialect) => {
  let world: TestWorld;
  let outage = true;
  const synced: string[] = [];
  const escalated: unknown[] = [];
  let customerId: string;

  beforeAll(async () => {
    world = await createWorld(dialect);
    const { jobs } = world.app.services;
    jobs.reactions.on('customer.created', 'test.erp-sync', async (event, ctx) => {
      if (outage) throw new Error('ERP answered 503');
      await ctx.once(`erp:${event.subject}`, async () => void synced.push(event.subject));
    }, { maxAttempts: 1 });
    jobs.timers.on('test.escalate', async (timer) => {
      if (outage) throw new Error('nobody to escalate to');
      escalated.push(timer.payload);
    }, { maxAttempts: 1 });

    const created = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: world.as('admin'), payload: { name: '深圳样例电子', industry: 'manufacturing' } });
    expect(created.statusCode, created.body).toBe(201);
    customerId = created.json().customer.id;
    await world.database.db.transaction().execute((tx) =>
      jobs.timers.arm(tx, { orgId: world.orgId, key: 'escalate:D1', kind: 'test.escalate', dueAt: world.clock.now(), payload: { documentId: 'D1' } }),
    );
    expect(await jobs.runner.drain()).toMatchObject({ deadLettered: 2 });
  });
  afterAll(async () => {
    await world.close();
  });

  const call = (person: Person, method: 'GET' | 'POST', url: string) => world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person) });
  const deadLetterFor = async (handler: string) => {
    const list = (await call('admin', 'GET', '/admin/dead-letters')).json() as { items: Array<{ id: string; handler: string }> };
    return list.items.find((d) => d.handler === handler)!;
  };

  it('shows an admin what kept failing and why, and nobody else', async () => {
    const res = await call('admin', 'GET', '/admin/dead-letters');
    expect(res.statusCode).toBe(200);
    const reaction = res.json().items.find((d: { handler: string }) => d.handler === 'test.erp-sync');
    expect(reaction).toMatchObject({
      source: 'reaction', eventType: 'customer.created', subject: customerId, attempts: 1, lastError: 'Error: ERP answered 503',
      status: 'dead', failedAt: '2026-11-02T01:00:00.000Z', resolvedAt: null, resolvedBy: null,
    });
    expect(reaction.eventId).toEqual(expect.any(String));
    const timer = res.json().items.find((d: { handler: string }) => d.handler === 'test.escalate');
    expect(timer).toMatchObject({ source: 'timer', subject: 'escalate:D1', dueAt: '2026-11-02T01:00:00.000Z', eventId: null, status: 'dead' });

    for (const person of ['ops', 'managerEast', 'repEast1'] as const) expect((await call(person, 'GET', '/admin/dead-letters')).statusCode).toBe(403);
    expect((await call('otherOrgAdmin', 'GET', '/admin/dead-letters')).json().items).toEqual([]);
    expect((await call('admin', 'GET', '/admin/dead-letters?status=resolved')).json().items).toEqual([]);
    expect((await call('admin', 'GET', '/admin/dead-letters?limit=1')).json().nextCursor).toEqual(expect.any(String));
  });

  it('keeps a dead letter whose retry fails again, with the new error', async () => {
    const { id } = await deadLetterFor('test.erp-sync');
    const res = await call('admin', 'POST', `/admin/dead-letters/${id}/retry`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'dead', attempts: 2, lastError: 'Error: ERP answered 503' });
    expect(synced).toEqual([]);
  });

  it('resolves a dead letter once the cause is fixed, runs it once for two admins at the same moment, and audits the retry', async () => {
    outage = false;
    const { id } = await deadLetterFor('test.erp-sync');
    const [a, b] = await Promise.all([call('admin', 'POST', `/admin/dead-letters/${id}/retry`), call('admin', 'POST', `/admin/dead-letters/${id}/retry`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const ok = a.statusCode === 200 ? a : b;
    expect(ok.json()).toMatchObject({ status: 'resolved', attempts: 3, resolvedAt: '2026-11-02T01:00:00.000Z', resolvedBy: world.ids.admin });
    expect(synced).toEqual([customerId]);

    const audit = (await call('admin', 'GET', `/audit?entityType=dead_letter&entityId=${id}`)).json();
    // Newest first: the retry that worked, then the one that failed earlier.
    expect(audit.items.map((e: { action: string; actorId: string; before: unknown; after: unknown }) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ['retry', world.ids.admin, { status: 'dead', attempts: 2 }, { status: 'resolved', attempts: 3 }],
      ['retry', world.ids.admin, { status: 'dead', attempts: 1 }, { status: 'dead', attempts: 2 }],
    ]);
    expect((await call('admin', 'GET', '/admin/dead-letters?status=resolved')).json().items.map((d: { id: string }) => d.id)).toEqual([id]);
  });

  it('retries a dead timer with the payload it was armed with', async () => {
    const { id } = await deadLetterFor('test.escalate');
    const res = await call('admin', 'POST', `/admin/dead-letters/${id}/retry`);
    expect(res.json()).toMatchObject({ status: 'resolved' });
    expect(escalated).toEqual([{ documentId: 'D1' }]);
  });

  it('does not apply a retried effect again when the reaction later replays its events', async () => {
    await world.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', 'test.erp-sync').execute();
    expect((await world.app.services.jobs.runner.drain()).delivered).toBeGreaterThan(0);
    expect(synced).toEqual([customerId]);
  });

  it('answers 404 for a dead letter of another organisation or none at all', async () => {
    const { id } = await deadLetterFor('test.erp-sync');
    expect((await call('otherOrgAdmin', 'POST', `/admin/dead-letters/${id}/retry`)).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/admin/dead-letters/01JD0000000000000000000000/retry')).statusCode).toBe(404);
    expect((await call('ops', 'POST', `/admin/dead-letters/${id}/retry`)).statusCode).toBe(403);
  });
});
