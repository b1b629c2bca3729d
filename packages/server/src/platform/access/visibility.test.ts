/**
 * mayView (one row in memory) must agree with ownedScope (the SQL filter every list uses): generated leads across
 * owners, teams, regions and industries, each person's list from the API compared with the in-memory rule.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { mayReadCommissionsOf, mayView } from './visibility.js';

const orgPeople: Person[] = ['admin', 'ops', 'managerEast', 'managerNorth', 'repEast1', 'repEast1b', 'repEast2', 'repNorth', 'whitelisted'];
const industries = ['manufacturing', 'education', 'retail', null] as const;

describe.each(dialects)('live visibility agrees with the list scope (%s)', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  it('for every person, the leads mayView admits are exactly the leads their list shows', async () => {
    const regionIds = [...Object.values(world.regions), null];
    const specs = fc.sample(
      fc.record({ owner: fc.constantFrom(...orgPeople), region: fc.constantFrom(...regionIds), industry: fc.constantFrom(...industries) }),
      { numRuns: 40, seed: 20261127 },
    );
    for (const [i, spec] of specs.entries()) {
      const res = await world.app.inject({
        method: 'POST', url: '/api/v1/leads', headers: world.as('admin'),
        payload: { name: `可见性 ${i}`, phone: `1390000${String(1000 + i)}`, ownerId: world.ids[spec.owner], regionId: spec.region, industry: spec.industry },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const rows = await world.database.db.selectFrom('leads').select(['id', 'org_id', 'owner_id', 'team_id', 'region_id', 'industry']).execute();
    for (const person of orgPeople) {
      const auth = await world.app.services.authenticator.fromApiToken(world.tokens[person]);
      const listed = await world.app.inject({ method: 'GET', url: '/api/v1/leads?limit=200', headers: world.as(person) });
      const fromList = (listed.json().items as Array<{ id: string }>).map((l) => l.id).sort();
      const fromRule = rows
        .filter((r) => mayView(auth!, { orgId: r.org_id, ownerId: r.owner_id, teamId: r.team_id, regionId: r.region_id, industry: r.industry }))
        .map((r) => r.id)
        .sort();
      expect(fromRule, person).toEqual(fromList);
    }
  });

  it('never admits another organisation', async () => {
    const auth = await world.app.services.authenticator.fromApiToken(world.tokens.admin);
    expect(mayView(auth!, { orgId: world.otherOrgId, ownerId: world.ids.admin, teamId: null, regionId: null, industry: null })).toBe(false);
  });
  it('for every person, the commission statements mayReadCommissionsOf admits are exactly those the statement API answers', async () => {
    const users = await world.database.db.selectFrom('users').select(['id', 'org_id', 'team_id']).execute();
    for (const reader of [...orgPeople, 'otherOrgAdmin', 'otherOrgRep'] as Person[]) {
      const auth = await world.app.services.authenticator.fromApiToken(world.tokens[reader]);
      for (const person of users) {
        const res = await world.app.inject({ method: 'GET', url: `/api/v1/commission/statements/2026-11/${person.id}`, headers: world.as(reader) });
        const rule = mayReadCommissionsOf(auth!, { orgId: person.org_id, ownerId: person.id, teamId: person.team_id });
        expect([reader, person.id, res.statusCode === 200]).toEqual([reader, person.id, rule]);
      }
    }
    // A whitelist opens customers, never a colleague's pay; a team lead without reports.read reads only their own.
    const whitelisted = (await world.app.services.authenticator.fromApiToken(world.tokens.whitelisted))!;
    expect(users.filter((u) => mayReadCommissionsOf(whitelisted, { orgId: u.org_id, ownerId: u.id, teamId: u.team_id })).map((u) => u.id)).toEqual([world.ids.whitelisted]);
    const manager = (await world.app.services.authenticator.fromApiToken(world.tokens.managerEast))!;
    const withoutReports = { ...manager, permissions: new Set([...manager.permissions].filter((p) => p !== 'reports.read')) };
    expect(users.filter((u) => mayReadCommissionsOf(withoutReports, { orgId: u.org_id, ownerId: u.id, teamId: u.team_id })).map((u) => u.id)).toEqual([world.ids.managerEast]);
  });
});
