/**
 * The company as commissions see it is read once and kept per organisation: a second payment event reuses it, and a
 * change of team, of a team's leader or a new person made through the API is seen by the very next read — inside a
 * reaction's transaction too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { companyPeople, managersAbove } from './people.js';

describe.each(dialects)('the company people of commissions on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const people = () => companyPeople(world.database.db, world.orgId);
  const patch = async (url: string, body: Record<string, unknown>) => {
    const res = await world.app.inject({ method: 'PATCH', url: `/api/v1${url}`, headers: world.as('admin'), payload: body });
    expect(res.statusCode, res.body).toBe(200);
  };
  const versionOf = async (table: 'users' | 'teams', id: string) =>
    (await world.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const id = (person: Person) => world.ids[person];

  it('reuses what it read while nobody and no team changed, and shares it frozen', async () => {
    const first = await people();
    expect(await people()).toBe(first);
    expect(first.byId.get(id('repEast1'))).toMatchObject({ teamId: world.teams.east1, managerId: id('managerEast') });
    expect(Object.isFrozen(first.people)).toBe(true);
    expect(() => (first.people as unknown[]).push({})).toThrow();
  });

  it('sees a person moved to another team at once, with the new manager above them', async () => {
    const before = await people();
    await patch(`/users/${id('repEast1')}`, { teamId: world.teams.north1, version: await versionOf('users', id('repEast1')) });
    const after = await people();
    expect(after).not.toBe(before);
    expect(after.byId.get(id('repEast1'))).toMatchObject({ teamId: world.teams.north1, managerId: id('managerNorth') });
    expect(managersAbove(id('repEast1'), after)).toEqual([id('managerNorth')]);
    expect(after.reports.get(id('managerNorth'))).toContain(id('repEast1'));
    expect(after.reports.get(id('managerEast'))).not.toContain(id('repEast1'));
  });

  it('sees a new team leader, and a new person, in a transaction that reads it', async () => {
    await patch(`/teams/${world.teams.east2}`, { leaderId: id('repEast1b'), version: await versionOf('teams', world.teams.east2) });
    const created = await world.app.inject({
      method: 'POST', url: '/api/v1/users', headers: world.as('admin'),
      payload: { name: '新人', email: 'new.rep@test.closeloop.cn', role: 'rep', teamId: world.teams.east2, dataScope: 'own', password: 'a-long-enough-passphrase' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const newcomer = created.json().id as string;
    const inside = await world.database.db.transaction().execute((tx) => companyPeople(tx, world.orgId));
    expect(inside.byId.get(id('repEast2'))?.managerId).toBe(id('repEast1b'));
    expect(inside.byId.get(newcomer)).toMatchObject({ name: '新人', teamId: world.teams.east2, managerId: id('repEast1b') });
    expect(await people()).toBe(inside);
  });
});
