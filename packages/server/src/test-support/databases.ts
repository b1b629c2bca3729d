/**
 * Every integration suite runs on SQLite and, when CLOSELOOP_TEST_PG_URL is set (CI sets it), on PostgreSQL
 * too. Each PostgreSQL test database is a fresh schema, so suites run in parallel without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';

export const pgUrl = process.env.CLOSELOOP_TEST_PG_URL;

export const dialects: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export async function freshDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const handle = openDatabase(':memory:');
    await migrateToLatest(handle.db);
    return handle;
  }
  if (!pgUrl) throw new Error('CLOSELOOP_TEST_PG_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase(pgUrl, { pgSchema: schema, poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: pgUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
