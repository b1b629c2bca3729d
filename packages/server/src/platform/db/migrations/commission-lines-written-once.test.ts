/**
 * Migration 202611280100 moves payout lines into commission_line_rows behind the view commission_lines: stored lines
 * survive it both ways, a proposal's rows are out of the view until it is accepted, and going back keeps only the
 * lines in force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../database.js';
import { migratorFor } from '../migrate.js';
import { dialects, freshDatabase, migratingInTurn } from '../../../test-support/databases.js';

const now = '2026-11-28T00:00:00.000Z';
const line = (key: string, amount: number) => ({
  org_id: 'org_m', period: '2026-11', person_id: 'u1', line_key: key, plan_key: 'p', plan_version: 1, component_id: 'base', kind: 'commission',
  transaction_id: `t_${key}`, deal_id: null, amount_minor: amount, currency: 'CNY', line: '{}', digest: `d_${key}`, locked: 0, computed_at: now,
});

describe.each(dialects)('migration 202611280100 (commission lines written once) on %s', (dialect) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await database.db.insertInto('orgs').values({ id: 'org_m', name: 'M', created_at: now }).execute();
  });
  afterAll(() => database.close());

  // Down to the migration before it (undoing the later ones too), and up to it alone.
  const step = (direction: 'down' | 'up') => migratingInTurn(dialect, async () => {
    const migrator = await migratorFor(database.db);
    const { error, results } = await migrator.migrateTo(direction === 'down' ? '202611272200-commission-staging-unlogged' : '202611280100-commission-lines-written-once');
    if (error) throw error;
    const ran = results?.filter((r) => r.status === 'Success').map((r) => `${r.direction} ${r.migrationName}`);
    expect(ran).toContain(`${direction === 'down' ? 'Down' : 'Up'} 202611280100-commission-lines-written-once`);
    expect(ran?.at(direction === 'down' ? -1 : 0)).toBe(`${direction === 'down' ? 'Down' : 'Up'} 202611280100-commission-lines-written-once`);
  });
  const inView = async () => (await database.db.selectFrom('commission_lines').select(['line_key', 'amount_minor']).orderBy('line_key').execute())
    .map((row) => `${row.line_key}=${Number(row.amount_minor)}`);

  it('keeps the stored lines, shows a proposal\'s rows once it is accepted, and goes back to the lines in force', async () => {
    await step('down');
    // The table as it was before: two stored lines.
    await sql`insert into commission_lines (org_id, period, person_id, line_key, plan_key, plan_version, component_id, kind, transaction_id, deal_id, amount_minor, currency, line, digest, locked, computed_at)
      values ('org_m', '2026-11', 'u1', 'a', 'p', 1, 'base', 'commission', 't_a', null, 100, 'CNY', '{}', 'd_a', 0, ${now}),
             ('org_m', '2026-11', 'u1', 'b', 'p', 1, 'base', 'commission', 't_b', null, 200, 'CNY', '{}', 'd_b', 0, ${now})`.execute(database.db);
    await step('up');
    expect(await inView()).toEqual(['a=100', 'b=200']);

    // A proposal's row for key b waits beside the stored one, out of the view, until the proposal is accepted.
    await database.db.insertInto('commission_recalculations').values({
      id: 'rc1', org_id: 'org_m', period: '2026-11', status: 'proposed', reason: 'test', diff: '{}', result: '{}', created_by: null, created_at: now, decided_by: null, decided_at: null,
    }).execute();
    await database.db.insertInto('commission_line_rows').values({ ...line('b', 250), recalculation_id: 'rc1' }).execute();
    expect(await inView()).toEqual(['a=100', 'b=200']);
    await database.db.deleteFrom('commission_line_rows').where('line_key', '=', 'b').where('recalculation_id', '=', '').execute();
    await database.db.updateTable('commission_recalculations').set({ status: 'accepted' }).where('id', '=', 'rc1').execute();
    expect(await inView()).toEqual(['a=100', 'b=250']);

    // A pending proposal's rows are not carried back.
    await database.db.insertInto('commission_recalculations').values({
      id: 'rc2', org_id: 'org_m', period: '2026-11', status: 'proposed', reason: 'test', diff: '{}', result: '{}', created_by: null, created_at: now, decided_by: null, decided_at: null,
    }).execute();
    await database.db.insertInto('commission_line_rows').values({ ...line('c', 300), recalculation_id: 'rc2' }).execute();
    await step('down');
    const back = await sql<{ line_key: string; amount_minor: number | string }>`select line_key, amount_minor from commission_lines order by line_key`.execute(database.db);
    expect(back.rows.map((row) => `${row.line_key}=${Number(row.amount_minor)}`)).toEqual(['a=100', 'b=250']);
    // Its lines gone, the pending proposal is discarded rather than accepted as if it had none.
    expect((await database.db.selectFrom('commission_recalculations').select('status').where('id', '=', 'rc2').executeTakeFirstOrThrow()).status).toBe('discarded');
    await step('up');
    expect(await inView()).toEqual(['a=100', 'b=250']);
  });
});
