import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedViewsPerList } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('saved views on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, language = 'en') =>
    world.app.inject({
      method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': language },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const listOf = async (person: Person, list: string) => {
    const res = await call(person, 'GET', `/saved-views?list=${list}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Array<{ id: string; name: string; query: Record<string, string> }>;
  };

  it('saves the filters and sort of a list under a name and lists them back by name, per list', async () => {
    const first = await call('repEast1', 'POST', '/saved-views', { list: 'leads', name: '本周待跟进', query: { stage: 'qualified', sort: 'lastActivityAt:asc' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ list: 'leads', name: '本周待跟进', query: { stage: 'qualified', sort: 'lastActivityAt:asc' } });
    expect((await call('repEast1', 'POST', '/saved-views', { list: 'leads', name: '上海 制造业', query: { q: '上海', industry: 'manufacturing' } })).statusCode).toBe(201);
    expect((await call('repEast1', 'POST', '/saved-views', { list: 'customers', name: '归档客户', query: { status: 'archived' } })).statusCode).toBe(201);

    expect((await listOf('repEast1', 'leads')).map((v) => v.name)).toEqual(['上海 制造业', '本周待跟进'].sort());
    expect((await listOf('repEast1', 'customers')).map((v) => v.query)).toEqual([{ status: 'archived' }]);
    expect(await listOf('repEast1', 'contacts')).toEqual([]);
  });

  it('replaces the view when a person saves under a name they already use for that list', async () => {
    const created = await call('repEast2', 'POST', '/saved-views', { list: 'activities', name: '拜访', query: { kind: 'visit' } });
    expect(created.statusCode).toBe(201);
    world.clock.advance(60_000);
    const replaced = await call('repEast2', 'POST', '/saved-views', { list: 'activities', name: '拜访', query: { kind: 'visit', sort: 'occurredAt:asc' } });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ id: created.json().id, query: { kind: 'visit', sort: 'occurredAt:asc' }, createdAt: created.json().createdAt });
    expect(replaced.json().updatedAt > created.json().updatedAt).toBe(true);
    expect(await listOf('repEast2', 'activities')).toHaveLength(1);
  });

  it('shows and deletes only the caller\'s own views, whatever their role', async () => {
    const mine = (await call('repNorth', 'POST', '/saved-views', { list: 'customers', name: '我的重点客户', query: { tag: '重点客户' } })).json();
    // The same name is free for everyone else: views are per person.
    expect((await call('managerNorth', 'POST', '/saved-views', { list: 'customers', name: '我的重点客户', query: {} })).statusCode).toBe(201);
    expect((await listOf('managerNorth', 'customers')).map((v) => v.id)).not.toContain(mine.id);
    expect((await listOf('admin', 'customers')).map((v) => v.id)).not.toContain(mine.id);

    for (const other of ['managerNorth', 'admin', 'otherOrgAdmin'] as const) {
      const res = await call(other, 'DELETE', `/saved-views/${mine.id}`);
      expect(res.statusCode, other).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'The saved view was not found.' });
    }
    expect((await listOf('repNorth', 'customers')).map((v) => v.id)).toContain(mine.id);

    expect((await call('repNorth', 'DELETE', `/saved-views/${mine.id}`)).statusCode).toBe(204);
    expect((await listOf('repNorth', 'customers')).map((v) => v.id)).not.toContain(mine.id);
    expect((await call('repNorth', 'DELETE', `/saved-views/${mine.id}`)).statusCode).toBe(404);
  });

  it('refuses a view the list could not load, naming each bad filter in the caller\'s language', async () => {
    const res = await call('repEast1', 'POST', '/saved-views', { list: 'contacts', name: '坏视图', query: { stage: 'won', sort: 'lastActivityAt:asc' } }, 'zh-CN');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ 'body.query.stage': '不是此列表的筛选或排序条件', 'body.query.sort': '该筛选条件不接受此值' });
    const paging = await call('repEast1', 'POST', '/saved-views', { list: 'leads', name: '带游标', query: { cursor: 'abc', limit: '10' } });
    expect(Object.keys(paging.json().error.fields).sort()).toEqual(['body.query.cursor', 'body.query.limit']);
    expect((await call('repEast1', 'POST', '/saved-views', { list: 'deals', name: 'x', query: {} })).statusCode).toBe(400);
    expect((await call('repEast1', 'POST', '/saved-views', { list: 'leads', name: '   ', query: {} })).statusCode).toBe(400);
    expect((await call('repEast1', 'GET', '/saved-views')).statusCode).toBe(400);
    expect((await listOf('repEast1', 'contacts')).map((v) => v.name)).not.toContain('坏视图');
  });

  it(`keeps at most ${savedViewsPerList} views per person and list, and says how to make room`, async () => {
    const db = world.database.db;
    const now = world.clock.now().toISOString();
    await db.insertInto('saved_views').values(
      Array.from({ length: savedViewsPerList }, (_, i) => ({
        id: `sv_full_${i}`, org_id: world.orgId, user_id: world.ids.repEast1b, list: 'leads', name: `视图 ${i}`, query: '{}', created_at: now, updated_at: now,
      })),
    ).execute();
    const over = await call('repEast1b', 'POST', '/saved-views', { list: 'leads', name: '再来一个', query: {} });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.message).toContain('Delete one you no longer use');
    // Replacing one by name still works, and another list has room.
    expect((await call('repEast1b', 'POST', '/saved-views', { list: 'leads', name: '视图 7', query: { stage: 'new' } })).statusCode).toBe(200);
    expect((await call('repEast1b', 'POST', '/saved-views', { list: 'contacts', name: '再来一个', query: {} })).statusCode).toBe(201);
  });

  it('audits saving, replacing and deleting a view, and answers a retried save once', async () => {
    const headers = { ...world.as('repEast1'), 'idempotency-key': 'saved-view-retry-1' };
    const body = { list: 'leads', name: '重试', query: { source: 'exhibition' } };
    const once = await world.app.inject({ method: 'POST', url: '/api/v1/saved-views', headers, payload: body });
    const again = await world.app.inject({ method: 'POST', url: '/api/v1/saved-views', headers, payload: body });
    expect(once.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(once.json().id);
    await call('repEast1', 'POST', '/saved-views', { ...body, query: { source: 'referral' } });
    await call('repEast1', 'DELETE', `/saved-views/${once.json().id}`);
    const entries = await world.database.db
      .selectFrom('audit_log').select(['action', 'actor_id']).where('entity_type', '=', 'saved_view').where('entity_id', '=', once.json().id).orderBy('seq').execute();
    expect(entries).toEqual([
      { action: 'create', actor_id: world.ids.repEast1 },
      { action: 'update', actor_id: world.ids.repEast1 },
      { action: 'delete', actor_id: world.ids.repEast1 },
    ]);
  });
});
