import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('customers on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const create = (person: Parameters<TestWorld['as']>[0], body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...world.as(person), ...headers }, payload: body });

  it('creates a customer owned by the rep and reads it back', async () => {
    const res = await create('repEast1', { name: '上海卓越精密制造有限公司', industry: 'manufacturing', regionId: world.regions.shanghai, phone: '021-6288 0000' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.customer.ownerId).toBe(world.ids.repEast1);
    expect(body.customer.teamId).toBe(world.teams.east1);
    const read = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${body.customer.id}`, headers: world.as('repEast1') });
    expect(read.json().name).toBe('上海卓越精密制造有限公司');
  });

  it('reports a duplicate by normalised company name and phone', async () => {
    const res = await create('repEast1', { name: '上海卓越精密制造', industry: 'manufacturing', phone: '+86 21 62880000' });
    expect(res.statusCode).toBe(201);
    expect(res.json().duplicates[0].matchedOn).toEqual(['phone', 'name']);
  });

  it('hides a colleague\'s customer from a rep but shows it to their manager', async () => {
    const res = await create('repEast2', { name: '杭州启航教育', industry: 'education', regionId: world.regions.hangzhou });
    const id = res.json().customer.id;
    const asRep = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: world.as('repEast1') });
    expect(asRep.statusCode).toBe(404);
    const asManager = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: world.as('managerEast') });
    expect(asManager.statusCode).toBe(200);
    const asOtherManager = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: world.as('managerNorth') });
    expect(asOtherManager.statusCode).toBe(404);
  });

  it('lets a whitelisted person see a colleague\'s customer but not take it over; a manager may reassign', async () => {
    const id = (await create('repEast1', { name: '无锡精工机械', industry: 'manufacturing', regionId: world.regions.shanghai })).json().customer.id;
    const seen = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: world.as('whitelisted') });
    expect(seen.statusCode).toBe(200);
    const takeover = await world.app.inject({
      method: 'PATCH', url: `/api/v1/customers/${id}`, headers: world.as('whitelisted'), payload: { version: 1, ownerId: world.ids.whitelisted },
    });
    expect(takeover.statusCode).toBe(400);
    expect(takeover.json().error.fields['body.ownerId']).toBeDefined();
    const moved = await world.app.inject({
      method: 'PATCH', url: `/api/v1/customers/${id}`, headers: world.as('managerEast'), payload: { version: 1, ownerId: world.ids.repEast2 },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().teamId).toBe(world.teams.east2);
  });

  it('merges a duplicate: its contacts, leads and activities move over, gaps fill, the merge is audited', async () => {
    const survivor = (await create('managerEast', { name: '宁波海通港务', industry: 'logistics' })).json().customer;
    const source = (await create('managerEast', { name: '宁波海通港务有限公司', industry: 'logistics', phone: '13911112222', tags: ['港口'] })).json().customer;
    const h = world.as('managerEast');
    await world.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: h, payload: { customerId: source.id, name: '赵经理' } });
    await world.app.inject({ method: 'POST', url: '/api/v1/leads', headers: h, payload: { name: '钱工', customerId: source.id } });
    await world.app.inject({ method: 'POST', url: '/api/v1/activities', headers: h, payload: { kind: 'call', customerId: source.id, text: '电话确认需求' } });
    const merged = await world.app.inject({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, headers: h, payload: { sourceIds: [source.id, survivor.id] } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().phone).toBe('13911112222');
    expect(merged.json().tags).toEqual(['港口']);
    const gone = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${source.id}`, headers: h });
    expect(gone.json()).toMatchObject({ status: 'archived', mergedInto: survivor.id });
    for (const table of ['contacts', 'leads', 'activities'] as const) {
      const left = await world.database.db.selectFrom(table).select('id').where('customer_id', '=', source.id).execute();
      expect(left, table).toEqual([]);
    }
    const entry = await world.database.db.selectFrom('audit_log').select('after').where('entity_id', '=', survivor.id).where('action', '=', 'merge').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after!)).toMatchObject({ mergedFrom: [source.id], moved: { contacts: 1, leads: 1, activities: 1 } });
    const again = await world.app.inject({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, headers: h, payload: { sourceIds: [source.id] } });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a stale update with a message naming both versions', async () => {
    const id = (await create('repEast1', { name: '苏州恒通物流', industry: 'logistics' })).json().customer.id;
    const first = await world.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, headers: world.as('repEast1'), payload: { version: 1, city: '苏州' } });
    expect(first.statusCode).toBe(200);
    const stale = await world.app.inject({
      method: 'PATCH', url: `/api/v1/customers/${id}`, headers: { ...world.as('repEast1'), 'accept-language': 'zh-CN' }, payload: { version: 1, city: '无锡' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect(stale.json().error.message).toContain('当前版本 2');
    const read = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: world.as('repEast1') });
    expect(read.json().city).toBe('苏州');
  });

  it('replays a retried POST with the same Idempotency-Key instead of creating twice', async () => {
    const body = { name: '成都天府零售连锁', industry: 'retail' };
    const headers = { 'idempotency-key': 'retry-test-1' };
    const a = await create('repEast1', body, headers);
    const b = await create('repEast1', body, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().customer.id).toBe(a.json().customer.id);
    const count = await world.database.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).where('name', '=', body.name).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const reused = await create('repEast1', { ...body, name: '别的公司' }, headers);
    expect(reused.statusCode).toBe(422);
  });

  it('finds customers by a Chinese substring and pages with a cursor', async () => {
    const list = await world.app.inject({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('卓越')}&limit=1`, headers: world.as('repEast1') });
    expect(list.statusCode).toBe(200);
    const page1 = list.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await world.app.inject({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('卓越')}&limit=1&cursor=${page1.nextCursor}`, headers: world.as('repEast1') });
    expect(page2.json().items[0].id).not.toBe(page1.items[0].id);
    await create('repEast1', { name: '百分百%科技', industry: 'saas' });
    const literal = await world.app.inject({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('%')}`, headers: world.as('repEast1') });
    expect(literal.json().items.map((c: { name: string }) => c.name)).toEqual(['百分百%科技']);
    const bad = await world.app.inject({ method: 'GET', url: '/api/v1/customers?cursor=garbage', headers: world.as('repEast1') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_CURSOR');
  });
});
