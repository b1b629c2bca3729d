/**
 * PostgreSQL: before a recalculation reads, the payout lines' planner statistics are gathered again when many rows
 * changed since they were last gathered (recalculation.ts, refreshLineStatistics). Stale, they once made every group
 * read of a proposal scan its whole period. ANALYZE writes the table's row estimate (pg_class.reltuples) at once; the
 * counts of changed rows it is decided on are reported by the server a moment after each commit, so the test waits for
 * them to show before asking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { freshDatabase, pgUrl } from '../../test-support/databases.js';
import { refreshLineStatistics } from './recalculation.js';

const now = '2026-11-28T00:00:00.000Z';

describe.skipIf(!pgUrl)('payout lines\' planner statistics on postgres', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
    await database.db.insertInto('orgs').values({ id: 'org_s', name: 'S', created_at: now }).execute();
    // Only the code under test gathers statistics here, not autovacuum meanwhile.
    await sql`alter table commission_line_rows set (autovacuum_enabled = false)`.execute(database.db);
  });
  afterAll(() => database.close());

  const estimate = async () => Number((await sql<{ n: number }>`select reltuples as n from pg_class where oid = 'commission_line_rows'::regclass`.execute(database.db)).rows[0]!.n);
  const changedSinceAnalyse = async () =>
    Number((await sql<{ n: string }>`select coalesce(n_mod_since_analyze, 0) as n from pg_stat_user_tables where relid = 'commission_line_rows'::regclass`.execute(database.db)).rows[0]?.n ?? 0);
  const connection = () => ({ url: pgUrl!, options: database.options });

  it('are gathered once many rows changed, and not while few did', async () => {
    const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({
      org_id: 'org_s', period: '2026-11', person_id: `u${(from + i) % 50}`, line_key: `k${from + i}`, plan_key: 'p', plan_version: 1, component_id: 'base', kind: 'commission',
      transaction_id: `t${from + i}`, deal_id: null, amount_minor: 100, currency: 'CNY', line: '{}', digest: `d${from + i}`, locked: 0, computed_at: now,
    }));
    // A few rows: under the threshold (10,000, or a tenth of the table), nothing is gathered.
    await database.db.insertInto('commission_line_rows').values(rows(0, 500)).execute();
    await expect.poll(changedSinceAnalyse, { timeout: 15_000 }).toBeGreaterThanOrEqual(500);
    const before = await estimate();
    await refreshLineStatistics(database.db, connection());
    expect(await estimate()).toBe(before);

    // Twelve thousand more: the next recalculation gathers them first.
    for (let from = 500; from < 12_500; from += 1_500) await database.db.insertInto('commission_line_rows').values(rows(from, 1_500)).execute();
    await expect.poll(changedSinceAnalyse, { timeout: 15_000 }).toBeGreaterThanOrEqual(12_500);
    await refreshLineStatistics(database.db, connection());
    expect(await estimate()).toBe(12_500);
  });

  it('leave SQLite alone', async () => {
    const sqlite = await freshDatabase('sqlite');
    await expect(refreshLineStatistics(sqlite.db, { url: ':memory:', options: {} })).resolves.toBeUndefined();
    await sqlite.close();
  });
});
