import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('leads on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), ...headers }, ...(payload ? { payload } : {}) });
  const createLead = async (person: Person, body: Record<string, unknown>) => {
    const res = await call(person, 'POST', '/leads', body);
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const eventsOf = (subject: string, type: string) =>
    world.database.db.selectFrom('events').selectAll().where('subject', '=', subject).where('type', '=', type).execute();
  const auditOf = (entityId: string, action: string) =>
    world.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).where('action', '=', action).execute();

  it('creates a lead owned by the caller, in their team, touched at creation, and reads it back', async () => {
    const body = await createLead('repEast1', {
      name: '李明', company: '杭州启航教育科技有限公司', phone: '139 1234 5678', source: 'exhibition', industry: 'education',
      regionId: world.regions.hangzhou, city: '杭州', intentTags: ['预算已批'],
    });
    expect(body.lead).toMatchObject({
      ownerId: world.ids.repEast1, teamId: world.teams.east1, stage: 'new', version: 1, status: 'active',
      lastActivityAt: world.clock.now().toISOString(), firstContactAt: null, intentTags: ['预算已批'],
    });
    expect(body.duplicates).toEqual([]);
    const read = await call('repEast1', 'GET', `/leads/${body.lead.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().company).toBe('杭州启航教育科技有限公司');
    const [event] = await eventsOf(body.lead.id, 'lead.created');
    expect(JSON.parse(event!.payload)).toMatchObject({ ownerId: world.ids.repEast1, source: 'exhibition' });
  });

  it('refuses a region of another organisation and an owner the caller may not assign to', async () => {
    const region = await call('repEast1', 'POST', '/leads', { name: '赵强', regionId: 'reg_nowhere' });
    expect(region.statusCode).toBe(400);
    expect(region.json().error.fields).toHaveProperty(['body.regionId']);
    const owner = await call('repEast1', 'POST', '/leads', { name: '赵强', ownerId: world.ids.repEast2 });
    expect(owner.statusCode).toBe(400);
    expect(owner.json().error.fields).toHaveProperty(['body.ownerId']);
  });

  it('keeps a rep\'s lead from a colleague and another team\'s manager, but not from their own manager', async () => {
    const id = (await createLead('repEast2', { name: '周杰', company: '宁波港联物流', city: '宁波' })).lead.id;
    for (const person of ['repEast1', 'managerNorth', 'otherOrgAdmin', 'otherOrgRep'] as const) {
      expect((await call(person, 'GET', `/leads/${id}`)).statusCode).toBe(404);
      const list = await call(person, 'GET', `/leads?q=${encodeURIComponent('港联')}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      expect((await call(person, 'PATCH', `/leads/${id}`, { version: 1, stage: 'lost' })).statusCode).toBe(404);
    }
    const asManager = await call('managerEast', 'GET', `/leads?q=${encodeURIComponent('港联')}`);
    expect(asManager.json().items.map((l: { id: string }) => l.id)).toEqual([id]);
    const update = await call('managerEast', 'PATCH', `/leads/${id}`, { version: 1, stage: 'contacted' });
    expect(update.statusCode).toBe(200);
    expect(update.json().stage).toBe('contacted');
    expect((await call('admin', 'GET', `/leads/${id}`)).statusCode).toBe(200);
  });

  it('re-derives the team when a manager hands the lead to someone in another team', async () => {
    const id = (await createLead('repEast1', { name: '吴磊' })).lead.id;
    const res = await call('managerEast', 'PATCH', `/leads/${id}`, { version: 1, ownerId: world.ids.repEast2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ownerId: world.ids.repEast2, teamId: world.teams.east2, version: 2 });
    expect((await call('repEast1', 'GET', `/leads/${id}`)).statusCode).toBe(404);
    expect((await call('repEast2', 'GET', `/leads/${id}`)).statusCode).toBe(200);
  });

  it('refuses a stale update and reports a stage change as from and to', async () => {
    const id = (await createLead('repEast1', { name: '郑浩', company: '苏州恒通物流' })).lead.id;
    const first = await call('repEast1', 'PATCH', `/leads/${id}`, { version: 1, stage: 'qualified', city: '苏州' });
    expect(first.statusCode).toBe(200);
    const stale = await call('repEast1', 'PATCH', `/leads/${id}`, { version: 1, stage: 'lost' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await call('repEast1', 'GET', `/leads/${id}`)).json()).toMatchObject({ stage: 'qualified', version: 2 });
    const [event] = await eventsOf(id, 'lead.updated');
    expect(JSON.parse(event!.payload)).toMatchObject({ changed: expect.arrayContaining(['stage', 'city']), stage: { from: 'new', to: 'qualified' } });
  });

  it('archives and restores a lead, each once per version', async () => {
    const id = (await createLead('repEast1', { name: '孙悦' })).lead.id;
    const archived = await call('repEast1', 'POST', `/leads/${id}/archive`, { version: 1 });
    expect(archived.json()).toMatchObject({ status: 'archived', version: 2 });
    const active = await call('repEast1', 'GET', `/leads?q=${encodeURIComponent('孙悦')}`);
    expect(active.json().items).toEqual([]);
    const all = await call('repEast1', 'GET', `/leads?q=${encodeURIComponent('孙悦')}&status=archived`);
    expect(all.json().items).toHaveLength(1);
    expect((await call('repEast1', 'POST', `/leads/${id}/restore`, { version: 1 })).statusCode).toBe(409);
    expect((await call('repEast1', 'POST', `/leads/${id}/restore`, { version: 2 })).json().status).toBe('active');
    expect(await eventsOf(id, 'lead.archived')).toHaveLength(1);
    expect(await eventsOf(id, 'lead.restored')).toHaveLength(1);
  });

  it('replays a retried POST with the same Idempotency-Key instead of creating twice', async () => {
    const body = { name: '钱进', company: '成都天府零售连锁' };
    const headers = { 'idempotency-key': 'lead-retry-1' };
    const a = await call('repEast1', 'POST', '/leads', body, headers);
    const b = await call('repEast1', 'POST', '/leads', body, headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().lead.id).toBe(a.json().lead.id);
    const count = await world.database.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).where('name', '=', '钱进').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('finds leads by a Chinese substring of the company and by a phone typed another way', async () => {
    const id = (await createLead('repEast1', { name: '陈静', company: '上海卓越精密制造有限公司', phone: '13812340001' })).lead.id;
    const byCompany = await call('repEast1', 'GET', `/leads?q=${encodeURIComponent('精密制造')}`);
    expect(byCompany.json().items.map((l: { id: string }) => l.id)).toContain(id);
    const byPhone = await call('repEast1', 'GET', `/leads?q=${encodeURIComponent('+86 138-1234-0001')}`);
    expect(byPhone.json().items.map((l: { id: string }) => l.id)).toEqual([id]);
  });

  it('lists the leads of one city by last activity, newest first, page by page', async () => {
    const ids: string[] = [];
    for (const name of ['温州甲', '温州乙', '温州丙']) {
      world.clock.advance(60_000);
      ids.push((await createLead('repEast1', { name, city: '温州' })).lead.id);
    }
    await createLead('repEast1', { name: '台州丁', city: '台州' });
    const url = `/leads?city=${encodeURIComponent('温州')}&sort=lastActivityAt:desc&limit=2`;
    const page1 = (await call('repEast1', 'GET', url)).json();
    expect(page1.items.map((l: { id: string }) => l.id)).toEqual([ids[2], ids[1]]);
    const page2 = (await call('repEast1', 'GET', `${url}&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((l: { id: string }) => l.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();
  });

  it('lists only the leads still being worked when asked for open ones', async () => {
    const ids: Record<string, string> = {};
    for (const stage of ['new', 'negotiation', 'won', 'lost'] as const) ids[stage] = (await createLead('repEast1', { name: `开放${stage}`, city: '丽水', stage })).lead.id;
    const open = (await call('repEast1', 'GET', `/leads?city=${encodeURIComponent('丽水')}&open=true&limit=200`)).json();
    expect(open.items.map((l: { id: string }) => l.id).sort()).toEqual([ids.new, ids.negotiation].sort());
    const all = (await call('repEast1', 'GET', `/leads?city=${encodeURIComponent('丽水')}&limit=200`)).json();
    expect(all.items).toHaveLength(4);
  });

  it('lists visible duplicates on create and counts the ones out of the caller\'s scope', async () => {
    const theirs = (await createLead('repEast2', { name: '马超', phone: '13700001111', company: '广州南方医疗器械有限公司' })).lead.id;
    const mine = (await createLead('repEast1', { name: '马总', email: 'ma@nanfang.cn', company: '广州南方医疗器械' })).lead.id;
    const again = await createLead('repEast1', { name: '马超', phone: '+86 137 0000 1111', email: 'MA@nanfang.cn' });
    expect(again.duplicates).toEqual([{ id: mine, name: '马总', matchedOn: ['email'] }]);
    expect(again.hiddenDuplicateCount).toBe(1);
    const forManager = await call('managerEast', 'GET', `/leads/${again.lead.id}/duplicates`);
    expect(forManager.statusCode).toBe(200);
    expect(forManager.json().hiddenDuplicateCount).toBe(0);
    expect(forManager.json().duplicates.map((d: { id: string }) => d.id).sort()).toEqual([theirs, mine].sort());
    expect((await call('repNorth', 'GET', `/leads/${again.lead.id}/duplicates`)).statusCode).toBe(404);
  });

  it('merges duplicates: activities move, gaps fill, tags unite, the sources are archived and the merge is audited', async () => {
    const survivor = (await createLead('repEast1', { name: '黄磊', phone: '13600002222', intentTags: ['急需'] })).lead;
    world.clock.advance(60_000);
    const source = (await createLead('repEast1', {
      name: '黄磊', company: '厦门海景酒店管理有限公司', email: 'huang@haijing.cn', phone: '13600002222', city: '厦门',
      intentTags: ['急需', '预算已批'], firstContactAt: '2026-10-01T08:00:00+08:00',
    })).lead;
    world.clock.advance(60_000);
    const nextAction = { kind: 'call_back', dueAt: new Date(world.clock.now().getTime() + 86_400_000).toISOString() };
    const logged = await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: source.id, text: '首次电话沟通', nextAction });
    expect(logged.statusCode).toBe(201);
    const sourceAfterCall = (await call('repEast1', 'GET', `/leads/${source.id}`)).json();

    expect((await call('repEast1', 'POST', `/leads/${survivor.id}/merge`, { sourceIds: [source.id] })).statusCode).toBe(403);
    const res = await call('managerEast', 'POST', `/leads/${survivor.id}/merge`, { sourceIds: [source.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: survivor.id, company: '厦门海景酒店管理有限公司', email: 'huang@haijing.cn', city: '厦门',
      intentTags: ['急需', '预算已批'], firstContactAt: '2026-10-01T00:00:00.000Z', lastActivityAt: sourceAfterCall.lastActivityAt, version: 2,
    });
    const moved = await world.database.db.selectFrom('activities').select('lead_id').where('id', '=', logged.json().id).executeTakeFirstOrThrow();
    expect(moved.lead_id).toBe(survivor.id);
    const archived = (await call('managerEast', 'GET', `/leads/${source.id}`)).json();
    expect(archived).toMatchObject({ status: 'archived', mergedInto: survivor.id });
    const [audit] = await auditOf(survivor.id, 'merge');
    expect(JSON.parse(audit!.after!)).toMatchObject({ mergedFrom: [source.id], movedActivities: 1 });
    expect(await auditOf(source.id, 'merged_away')).toHaveLength(1);
    expect(await eventsOf(survivor.id, 'lead.merged')).toHaveLength(1);
    const restore = await call('managerEast', 'POST', `/leads/${source.id}/restore`, { version: archived.version });
    expect(restore.statusCode).toBe(409);
  });

  it('will not merge a lead the caller cannot see', async () => {
    const mine = (await createLead('repEast1', { name: '林峰' })).lead.id;
    const north = (await createLead('repNorth', { name: '林峰' })).lead.id;
    const res = await call('managerEast', 'POST', `/leads/${mine}/merge`, { sourceIds: [north] });
    expect(res.statusCode).toBe(404);
    expect((await call('repNorth', 'GET', `/leads/${north}`)).json().status).toBe('active');
  });
});
