import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '@closeloop/core';
import { ManualClock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { verifyChain } from '../platform/audit/chain.js';
import { dialects, freshDatabase } from '../test-support/databases.js';
import { demoLogins, seedDemo, type DemoSeedResult } from './demo.js';
import { demoOrgId } from './demo-company.js';

describe.each(dialects)('the demo company on %s', (dialect) => {
  let database: DatabaseHandle;
  let result: DemoSeedResult;
  const clock = new ManualClock('2026-11-20T02:00:00.000Z');
  const day = 86_400_000;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    result = await seedDemo(database, clock);
  });
  afterAll(() => database.close());

  const count = async (table: 'customers' | 'contacts' | 'leads' | 'activities' | 'products' | 'price_policies' | 'users' | 'teams' | 'regions') => {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', demoOrgId).executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('creates the expected numbers of people, teams, regions, records and products', async () => {
    expect(result.created).toBe(true);
    expect(await count('users')).toBe(34);
    expect(await count('teams')).toBe(13);
    expect(await count('regions')).toBe(14);
    expect(await count('customers')).toBe(2_000);
    expect(await count('leads')).toBe(3_000);
    expect(await count('products')).toBe(20);
    expect(await count('price_policies')).toBe(5);
    const contacts = await count('contacts');
    expect(contacts).toBeGreaterThanOrEqual(2_000);
    expect(contacts).toBeLessThanOrEqual(6_000);
    const activities = await count('activities');
    expect(activities).toBeGreaterThan(7_000);
    expect(activities).toBeLessThan(9_000);
    expect(result.counts).toMatchObject({ customers: 2_000, leads: 3_000, contacts, activities });
  });

  it('staffs every role: admins, ops, managers with a regional head, and reps with one on a whitelist', async () => {
    const users = await database.db.selectFrom('users').selectAll().where('org_id', '=', demoOrgId).execute();
    const byRole = (role: string) => users.filter((u) => u.role === role);
    for (const role of roles) expect(byRole(role).length).toBeGreaterThan(0);
    expect(byRole('admin').length).toBeLessThanOrEqual(2);
    expect(byRole('ops').length).toBe(3);
    expect(byRole('manager').length).toBe(7);
    expect(byRole('rep').length).toBe(22);
    expect(users.every((u) => u.data_scope === { rep: 'own', manager: 'team', ops: 'all', admin: 'all' }[u.role] || u.email === 'rep.whitelist@demo.closeloop.cn')).toBe(true);
    const whitelisted = users.find((u) => u.email === 'rep.whitelist@demo.closeloop.cn')!;
    expect(whitelisted.data_scope).toBe('whitelist');
    expect(JSON.parse(whitelisted.whitelist_region_ids)).toEqual(['reg_east']);
    expect(JSON.parse(whitelisted.whitelist_industries)).toEqual(['manufacturing']);
    const east = await database.db.selectFrom('teams').selectAll().where('id', '=', 'team_east').executeTakeFirstOrThrow();
    expect(users.find((u) => u.id === east.leader_id)?.email).toBe('manager.east@demo.closeloop.cn');
    expect(users.filter((u) => u.phone_normal).length).toBeGreaterThanOrEqual(5);
  });

  it('places customers in the cities their owner\'s team covers, with credit limits in fen', async () => {
    const sample = await database.db
      .selectFrom('customers')
      .innerJoin('regions', 'regions.id', 'customers.region_id')
      .innerJoin('users', 'users.id', 'customers.owner_id')
      .select(['customers.name', 'customers.city', 'regions.name as region', 'customers.credit_limit_minor', 'customers.credit_currency', 'users.team_id as owner_team', 'customers.team_id'])
      .where('customers.org_id', '=', demoOrgId)
      .limit(200)
      .execute();
    expect(sample.length).toBe(200);
    for (const c of sample) {
      expect(c.city).toBe(c.region);
      expect(c.team_id).toBe(c.owner_team);
      expect(c.name).toMatch(/[\u4e00-\u9fff]/);
      if (c.credit_limit_minor !== null) {
        expect(c.credit_currency).toBe('CNY');
        expect(Number(c.credit_limit_minor) % 1_000_000).toBe(0); // whole 10,000 yuan
      }
    }
    const industries = await database.db.selectFrom('customers').select('industry').distinct().where('org_id', '=', demoOrgId).execute();
    expect(industries.length).toBeGreaterThanOrEqual(10);
  });

  it('has leads in every stage, last touched within 60 days, matching their latest activity', async () => {
    const stages = await database.db.selectFrom('leads').select('stage').distinct().where('org_id', '=', demoOrgId).execute();
    expect(stages.map((s) => s.stage).sort()).toEqual(['contacted', 'lost', 'negotiation', 'new', 'proposal', 'qualified', 'won']);
    const sixtyDaysAgo = new Date(clock.now().getTime() - 60 * day - 1).toISOString();
    const outside = await database.db
      .selectFrom('leads').select('id').where('org_id', '=', demoOrgId)
      .where((eb) => eb.or([eb('last_activity_at', '<', sixtyDaysAgo), eb('last_activity_at', '>', clock.now().toISOString())]))
      .execute();
    expect(outside).toEqual([]);
    const mismatched = await database.db
      .selectFrom('leads as l')
      .select('l.id')
      .where('l.org_id', '=', demoOrgId)
      .where('l.stage', '!=', 'new')
      .where((eb) => eb('l.last_activity_at', '!=', eb.selectFrom('activities as a').select((a) => a.fn.max('a.occurred_at').as('m')).whereRef('a.lead_id', '=', 'l.id')))
      .execute();
    expect(mismatched).toEqual([]);
    const contactedBeforeEntry = await database.db
      .selectFrom('leads').select('id').where('org_id', '=', demoOrgId).whereRef('first_contact_at', '<', 'created_at').execute();
    expect(contactedBeforeEntry).toEqual([]);
  });

  it('gives worked leads the next action their latest call, visit or meeting planned, and their latest activity a summary', async () => {
    const leads = await database.db.selectFrom('leads').select(['id', 'stage', 'next_action_kind', 'next_action_due_at']).where('org_id', '=', demoOrgId).execute();
    const planned = leads.filter((l) => l.next_action_kind !== null);
    expect(planned.length).toBeGreaterThan(1_500);
    expect(leads.filter((l) => l.stage === 'new').every((l) => l.next_action_kind === null)).toBe(true);
    // Some plans are overdue (a silent lead), most are still ahead: the demo has both to show.
    const now = clock.now().toISOString();
    expect(planned.filter((l) => l.next_action_due_at! < now).length).toBeGreaterThan(100);
    expect(planned.filter((l) => l.next_action_due_at! >= now).length).toBeGreaterThan(100);
    const unplanned = await database.db
      .selectFrom('activities').select('id').where('org_id', '=', demoOrgId).where('lead_id', 'is not', null)
      .where('kind', '!=', 'note').where('next_action_kind', 'is', null).execute();
    expect(unplanned).toEqual([]);
    const plans = await database.db
      .selectFrom('activities').select(['lead_id', 'next_action_kind', 'next_action_due_at'])
      .where('org_id', '=', demoOrgId).where('next_action_kind', 'is not', null).orderBy('occurred_at').orderBy('id').execute();
    const latestPlan = new Map(plans.map((a) => [a.lead_id, a.next_action_due_at]));
    const disagreeing = leads.filter((l) => (latestPlan.get(l.id) ?? null) !== l.next_action_due_at);
    expect(disagreeing).toEqual([]);
    const summarised = await database.db.selectFrom('activities').select('summary').where('org_id', '=', demoOrgId).where('summary', 'is not', null).limit(50).execute();
    expect(summarised.length).toBe(50);
    expect(summarised.some((a) => JSON.parse(a.summary!).keyPoints.length > 0)).toBe(true);
  });

  it('writes one audit entry for the whole seed, and the chain verifies', async () => {
    const report = await verifyChain(database.db, demoOrgId);
    expect(report).toMatchObject({ ok: true, entries: 1 });
    const entry = await database.db.selectFrom('audit_log').selectAll().where('org_id', '=', demoOrgId).executeTakeFirstOrThrow();
    expect(entry.action).toBe('seed');
    expect(JSON.parse(entry.after!)).toMatchObject({ dataset: 'demo', counts: { customers: 2_000 } });
  });

  it('adds nothing when the demo company is already there', async () => {
    const again = await seedDemo(database, clock);
    expect(again.created).toBe(false);
    expect(await count('customers')).toBe(2_000);
  });

  it('lists the demo logins with the featured ones for the banner', async () => {
    const logins = await demoLogins(database.db);
    expect(logins).toHaveLength(34);
    expect(logins.filter((l) => l.featured).map((l) => l.email)).toEqual([
      'admin@demo.closeloop.cn', 'ops@demo.closeloop.cn', 'manager.east@demo.closeloop.cn', 'manager.sh1@demo.closeloop.cn',
      'rep1@demo.closeloop.cn', 'rep.whitelist@demo.closeloop.cn',
    ]);
    expect(logins.find((l) => l.email === 'rep1@demo.closeloop.cn')?.phone).toBe('13800000001');
  });
});

describe('the demo seed', () => {
  it('is the same company every time for the same clock', async () => {
    const clock = new ManualClock('2026-11-20T02:00:00.000Z');
    const snapshot = async () => {
      const database = await freshDatabase('sqlite');
      await seedDemo(database, clock);
      const rows = await database.db.selectFrom('leads').select(['id', 'name', 'company', 'stage', 'last_activity_at']).orderBy('id').limit(50).execute();
      await database.close();
      return rows;
    };
    expect(await snapshot()).toEqual(await snapshot());
  });

  it('takes well under ten seconds on SQLite', async () => {
    const database = await freshDatabase('sqlite');
    const started = performance.now();
    await seedDemo(database, new ManualClock());
    expect(performance.now() - started).toBeLessThan(10_000);
    await database.close();
  });
});
