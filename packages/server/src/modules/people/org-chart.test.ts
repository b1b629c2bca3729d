import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('teams and regions on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person), ...(payload === undefined ? {} : { payload: payload as object }) });
  const versionOf = async (teamId: string) =>
    (await world.database.db.selectFrom('teams').select('version').where('id', '=', teamId).executeTakeFirstOrThrow()).version;

  it('lists every team of the organisation flat, with parents, to everyone in it', async () => {
    const res = await call('repEast1', 'GET', '/teams');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; parentId: string | null }>;
    expect(items.map((t) => t.id).sort()).toEqual(Object.values(world.teams).sort());
    expect(items.find((t) => t.id === world.teams.east1)!.parentId).toBe(world.teams.east);
    expect((await call('otherOrgAdmin', 'GET', '/teams')).json().items).toEqual([]);
  });

  it('lets an admin create a team under another, led by a person of the organisation', async () => {
    const res = await call('admin', 'POST', '/teams', { name: '华东三组', parentId: world.teams.east, regionId: world.regions.shanghai, leaderId: world.ids.repEast1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '华东三组', parentId: world.teams.east, leaderId: world.ids.repEast1, version: 1 });
    const foreignLeader = await call('admin', 'POST', '/teams', { name: 'x', leaderId: world.ids.otherOrgRep });
    expect(foreignLeader.statusCode).toBe(400);
    expect(foreignLeader.json().error.fields['body.leaderId']).toBeDefined();
    const foreignParent = await call('otherOrgAdmin', 'POST', '/teams', { name: 'x', parentId: world.teams.east });
    expect(foreignParent.statusCode).toBe(400);
    expect((await call('managerEast', 'POST', '/teams', { name: 'mine' })).statusCode).toBe(403);
    expect((await call('ops', 'POST', '/teams', { name: 'mine' })).statusCode).toBe(403);
  });

  it('refuses to make a team its own parent or put it under one of its own sub-teams', async () => {
    const version = await versionOf(world.teams.east);
    const self = await call('admin', 'PATCH', `/teams/${world.teams.east}`, { version, parentId: world.teams.east });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields['body.parentId']).toContain('under itself');
    const child = await call('admin', 'PATCH', `/teams/${world.teams.east}`, { version, parentId: world.teams.east1 });
    expect(child.statusCode).toBe(400);
    const grandchild = (await call('admin', 'POST', '/teams', { name: '华东一组A', parentId: world.teams.east1 })).json();
    const deep = await call('admin', 'PATCH', `/teams/${world.teams.east}`, { version, parentId: grandchild.id });
    expect(deep.statusCode).toBe(400);
    expect(await versionOf(world.teams.east)).toBe(version);
  });

  it('moves a team under a sibling branch and audits the change of reach', async () => {
    const version = await versionOf(world.teams.east2);
    const res = await call('admin', 'PATCH', `/teams/${world.teams.east2}`, { version, parentId: world.teams.north });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ parentId: world.teams.north, version: version + 1 });
    // The north manager's team scope now reaches into the moved team.
    const customer = (await call('repEast2', 'POST', '/customers', { name: '绍兴纺织', industry: 'manufacturing' })).json().customer;
    expect((await call('managerNorth', 'GET', `/customers/${customer.id}`)).statusCode).toBe(200);
    expect((await call('managerEast', 'GET', `/customers/${customer.id}`)).statusCode).toBe(404);
    const entry = await world.database.db
      .selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', world.teams.east2).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(entry.action).toBe('permission_change');
    expect(JSON.parse(entry.before!)).toEqual({ parentId: world.teams.east });
    expect(JSON.parse(entry.after!)).toEqual({ parentId: world.teams.north });
    const stale = await call('admin', 'PATCH', `/teams/${world.teams.east2}`, { version, name: 'stale' });
    expect(stale.statusCode).toBe(409);
  });

  it('hides one organisation\'s teams from another', async () => {
    const patch = await call('otherOrgAdmin', 'PATCH', `/teams/${world.teams.north1}`, { version: 1, name: 'taken' });
    expect(patch.statusCode).toBe(404);
  });

  describe('regions', () => {
    it('lists the region tree flat and lets only admins add to it', async () => {
      const list = await call('repEast1', 'GET', '/regions');
      expect(list.json().items.map((r: { id: string }) => r.id).sort()).toEqual(Object.values(world.regions).sort());
      const created = await call('admin', 'POST', '/regions', { name: '苏州', parentId: world.regions.east, code: 'SZ' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: '苏州', parentId: world.regions.east, code: 'SZ' });
      expect((await call('repEast1', 'POST', '/regions', { name: '无锡' })).statusCode).toBe(403);
      expect((await call('otherOrgAdmin', 'POST', '/regions', { name: 'x', parentId: world.regions.east })).statusCode).toBe(400);
      expect((await call('otherOrgAdmin', 'GET', '/regions')).json().items).toEqual([]);
    });

    it('refuses to put a region inside itself or one of its own sub-regions', async () => {
      const self = await call('admin', 'PATCH', `/regions/${world.regions.north}`, { parentId: world.regions.north });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.fields['body.parentId']).toContain('inside itself');
      const child = await call('admin', 'PATCH', `/regions/${world.regions.north}`, { parentId: world.regions.beijing });
      expect(child.statusCode).toBe(400);
      const row = await world.database.db.selectFrom('regions').select('parent_id').where('id', '=', world.regions.north).executeTakeFirstOrThrow();
      expect(row.parent_id).toBeNull();
    });

    it('moves a region and widens whitelist scopes that name its new parent', async () => {
      const tianjin = (await call('admin', 'POST', '/regions', { name: '天津', parentId: world.regions.north })).json();
      const customer = (await call('admin', 'POST', '/customers', { name: '天津港机械', industry: 'manufacturing', regionId: tianjin.id })).json().customer;
      // `whitelisted` may read manufacturing customers of 华东 (east).
      expect((await call('whitelisted', 'GET', `/customers/${customer.id}`)).statusCode).toBe(404);
      const moved = await call('admin', 'PATCH', `/regions/${tianjin.id}`, { parentId: world.regions.east });
      expect(moved.statusCode).toBe(200);
      expect((await call('whitelisted', 'GET', `/customers/${customer.id}`)).statusCode).toBe(200);
      expect((await call('otherOrgAdmin', 'PATCH', `/regions/${tianjin.id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await call('admin', 'PATCH', `/regions/${tianjin.id}`, {})).statusCode).toBe(400);
    });
  });
});
