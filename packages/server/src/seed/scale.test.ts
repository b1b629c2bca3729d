import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { verifyChain } from '../platform/audit/chain.js';
import { dialects, freshDatabase } from '../test-support/databases.js';
import { benchOrgId, seedScale, type ScaleSeedResult } from './scale.js';

describe.each(dialects)('benchmark data on %s', (dialect) => {
  let database: DatabaseHandle;
  let first: ScaleSeedResult;
  const clock = new ManualClock('2026-11-20T02:00:00.000Z');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    first = await seedScale(database, 2_000, clock);
  });
  afterAll(() => database.close());

  const count = async (table: 'customers' | 'leads' | 'activities' | 'users' | 'regions') => {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', benchOrgId).executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('creates n customers and n leads with about two activities per lead', async () => {
    expect(first.createdOrg).toBe(true);
    expect(await count('customers')).toBe(2_000);
    expect(await count('leads')).toBe(2_000);
    const activities = await count('activities');
    expect(activities).toBe(first.counts.activities);
    expect(activities / 2_000).toBeGreaterThan(1.8);
    expect(activities / 2_000).toBeLessThan(2.6);
  });

  it('spreads the records over about twenty cities and many owners', async () => {
    const cities = await database.db.selectFrom('leads').select('city').distinct().where('org_id', '=', benchOrgId).execute();
    expect(cities.length).toBe(20);
    const owners = await database.db.selectFrom('customers').select('owner_id').distinct().where('org_id', '=', benchOrgId).execute();
    expect(owners.length).toBeGreaterThan(150);
    expect(await count('users')).toBe(228);
    expect(await count('regions')).toBe(26);
  });

  it('adds n more to the same company on a second run, with one summarising audit entry per run', async () => {
    const second = await seedScale(database, 500, clock);
    expect(second.createdOrg).toBe(false);
    expect(await count('customers')).toBe(2_500);
    expect(await count('leads')).toBe(2_500);
    const report = await verifyChain(database.db, benchOrgId);
    expect(report).toMatchObject({ ok: true, entries: 2 });
    const entries = await database.db.selectFrom('audit_log').select(['action', 'after']).where('org_id', '=', benchOrgId).orderBy('seq').execute();
    expect(entries.map((e) => e.action)).toEqual(['seed', 'seed']);
    expect(JSON.parse(entries[1]!.after!)).toMatchObject({ dataset: 'scale', n: 500, counts: { customers: 500, leads: 500 } });
  });

  it('refuses a count that is not a positive whole number', async () => {
    await expect(seedScale(database, 0, clock)).rejects.toThrow(RangeError);
  });
});
