/**
 * Migration 202611281200 replaces the index on commission_line_rows(org_id, transaction_id) with the table
 * commission_transaction_lines: going up, every stored row that pays a transaction (a proposal's too) gets its entry
 * and the index goes; going down, the index comes back and the table goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../database.js';
import { migratorFor } from '../migrate.js';
import { dialects, freshDatabase, migratingInTurn } from '../../../test-support/databases.js';

const now = '2026-11-28T00:00:00.000Z';
const migration = '202611281200-commission-transaction-lines';
const row = (key: string, transactionId: string | null, recalculationId = '') => ({
  org_id: 'org_t', period: '2026-11', person_id: 'u1', line_key: key, plan_key: 'p', plan_version: 1, component_id: 'base', kind: 'commission',
  transaction_id: transactionId, deal_id: null, amount_minor: 100, currency: 'CNY', line: '{}', digest: `d_${key}`, locked: 0, computed_at: now, recalculation_id: recalculationId,
});

describe.each(dialects)('migration 202611281200 (commission transaction lines) on %s', (dialect) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await database.db.insertInto('orgs').values({ id: 'org_t', name: 'T', created_at: now }).execute();
  });
  afterAll(() => database.close());

  const step = (direction: 'down' | 'up') => migratingInTurn(dialect, async () => {
    const migrator = await migratorFor(database.db);
    const { error, results } = direction === 'down' ? await migrator.migrateTo('202611280100-commission-lines-written-once') : await migrator.migrateTo(migration);
    if (error) throw error;
    expect(results?.map((r) => `${r.direction} ${r.migrationName} ${r.status}`)).toEqual([`${direction === 'down' ? 'Down' : 'Up'} ${migration} Success`]);
  });
  const transactionIndex = async () => {
    const found = dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'commission_line_rows_transaction'`.execute(database.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and indexname = 'commission_line_rows_transaction'`.execute(database.db);
    return found.rows.length === 1;
  };

  it('records which lines each transaction has, drops the transaction index, and brings it back going down', async () => {
    expect(await transactionIndex()).toBe(false);
    await step('down');
    expect(await transactionIndex()).toBe(true);
    await database.db.insertInto('commission_line_rows').values([row('a', 't1'), row('b', 't1'), row('c', null), row('a', 't2', 'rc1')]).execute();

    await step('up');
    expect(await transactionIndex()).toBe(false);
    const entries = await database.db.selectFrom('commission_transaction_lines').select(['transaction_id', 'line_key']).orderBy('transaction_id').orderBy('line_key').execute();
    expect(entries.map((e) => `${e.transaction_id}:${e.line_key}`)).toEqual(['t1:a', 't1:b', 't2:a']);
    // An entry already there is kept when written again (writers insert on conflict do nothing).
    await database.db.insertInto('commission_transaction_lines').values({ org_id: 'org_t', transaction_id: 't1', period: '2026-11', person_id: 'u1', line_key: 'a' })
      .onConflict((oc) => oc.doNothing()).execute();
    expect(await database.db.selectFrom('commission_transaction_lines').select('line_key').execute()).toHaveLength(3);

    await step('down');
    expect(await transactionIndex()).toBe(true);
    await step('up');
  });
});
