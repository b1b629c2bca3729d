/**
 * Every integration suite runs on SQLite and, when CLOSELOOP_TEST_PG_URL is set (CI sets it), on PostgreSQL
 * too. Each PostgreSQL test database is a fresh schema, so suites run in parallel without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';

export const pgUrl = process.env.CLOSELOOP_TEST_PG_URL;

/**
 * The engines the suites run on: SQLite, plus PostgreSQL when its URL is set. CLOSELOOP_TEST_DIALECTS=postgres
 * narrows a run to one engine — CI's PostgreSQL pass uses it, so it does not repeat the SQLite pass.
 */
export const dialects: Dialect[] = dialectsOf(process.env.CLOSELOOP_TEST_DIALECTS, pgUrl);

function dialectsOf(chosen: string | undefined, postgresUrl: string | undefined): Dialect[] {
  const available: Dialect[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!chosen) return available;
  const wanted = chosen.split(',').map((d) => d.trim()).filter(Boolean);
  for (const dialect of wanted) {
    if (!available.includes(dialect as Dialect)) throw new Error(`CLOSELOOP_TEST_DIALECTS names ${dialect}, which is not available (set CLOSELOOP_TEST_PG_URL for postgres)`);
  }
  return available.filter((dialect) => wanted.includes(dialect));
}

export async function freshDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const handle = openDatabase(':memory:');
    await migrateToLatest(handle.db);
    return handle;
  }
  if (!pgUrl) throw new Error('CLOSELOOP_TEST_PG_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = openDatabase(pgUrl, { pgSchema: schema, poolSize: 5 });
  await takingTurns(pgUrl, async (admin) => {
    await admin.query(`create schema ${schema}`);
    await migrateToLatest(handle.db);
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await takingTurns(pgUrl, (admin) => admin.query(`drop schema ${schema} cascade`));
    },
  };
}

/** Runs `work` (migrating a test database up or down) in turn with the other test files (see takingTurns). */
export async function migratingInTurn<T>(dialect: Dialect, work: () => Promise<T>): Promise<T> {
  return dialect === 'postgres' && pgUrl ? takingTurns(pgUrl, work) : work();
}

/** Any fixed number: the advisory lock test files take their turns with. */
const schemaChangeLock = 7_404_217;

/**
 * Test files running side by side make and drop schemas; Kysely's migrator lists the tables of *every* schema first,
 * and that listing fails ("schema … does not exist", "column … does not exist") when another file drops its schema or
 * migrates its tables meanwhile. So making (with migrating) and dropping a schema take turns under one advisory lock;
 * the tests themselves still run in parallel.
 */
async function takingTurns<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [schemaChangeLock]);
    return await work(admin);
  } finally {
    await admin.end(); // ends the session, and with it the lock
  }
}
