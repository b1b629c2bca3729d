/**
 * Migration 202611281600 gives payout lines generations: stored lines stay in view (their period gets its row), and
 * going back deletes the rows of earlier generations the sweep had not deleted yet, keeping the lines in force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../database.js';
import { migratorFor } from '../migrate.js';
import { dialects, freshDatabase, migratingInTurn } from '../../../test-support/databases.js';

const now = '2026-11-28T00:00:00.000Z';

describe.each(dialects)('migration 202611281600 (commission line generations) on %s', (dialect) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await database.db.insertInto('orgs').values({ id: 'org_g', name: 'G', created_at: now }).execute();
  });
  afterAll(() => database.close());

  const to = (migration: string) => migratingInTurn(dialect, async () => {
    const { error } = await (await migratorFor(database.db)).migrateTo(migration);
    if (error) throw error;
  });
  const inView = async () => (await sql<{ line_key: string; amount_minor: number | string }>`select line_key, amount_minor from commission_lines order by line_key`.execute(database.db))
    .rows.map((row) => `${row.line_key}=${Number(row.amount_minor)}`);
  const insertLine = (key: string, amount: number, generation?: number) => sql`insert into commission_line_rows
    (org_id, period, person_id, line_key, plan_key, plan_version, component_id, kind, transaction_id, deal_id, amount_minor, currency, line, digest, locked, computed_at${sql.raw(generation === undefined ? '' : ', generation')})
    values ('org_g', '2026-10', 'u1', ${key}, 'p', 1, 'base', 'commission', null, null, ${amount}, 'CNY', '{}', 'd', 0, ${now}${generation === undefined ? sql`` : sql`, ${generation}`})`.execute(database.db);

  it('keeps stored lines in view, and going back keeps only the lines in force', async () => {
    await to('202611280100-commission-lines-written-once');
    // A period without a row of its own (lines written before periods had to have one).
    await insertLine('a', 100);
    await to('202611281600-commission-line-generations');
    expect(await inView()).toEqual(['a=100']);
    expect(await database.db.selectFrom('commission_periods').select(['period', 'generation', 'retire_after']).where('org_id', '=', 'org_g').execute())
      .toEqual([{ period: '2026-10', generation: 0, retire_after: null }]);

    // The period moved on: the old row of key a is retired, its new one in force.
    await database.db.updateTable('commission_periods').set({ generation: 1, retire_after: '' }).where('org_id', '=', 'org_g').execute();
    await insertLine('a', 150, 1);
    expect(await inView()).toEqual(['a=150']);
    await to('202611280100-commission-lines-written-once');
    expect(await inView()).toEqual(['a=150']);
    expect(Number((await sql<{ n: number | string }>`select count(*) as n from commission_line_rows`.execute(database.db)).rows[0]!.n)).toBe(1);
    await to('202611281600-commission-line-generations');
    expect(await inView()).toEqual(['a=150']);
  });
});
