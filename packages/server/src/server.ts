/**
 * Starting the HTTP server: open the database, bring its schema up to date, seed the demo company into an
 * empty installation when asked, build the app and listen. Used by `closeloop serve`, the tests and the
 * benchmarks alike, so all three start the same way.
 */
import type { AddressInfo } from 'node:net';
import { build, type App } from './app.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import type { DemoSeedResult } from './seed/demo.js';

export interface StartOptions {
  /** Seed the demo company when the installation has no organisation yet. */
  demoOnEmpty?: boolean;
  clock?: Clock;
  /** pino options, or false for none; defaults to the configured LOG_LEVEL. */
  logger?: boolean | object;
  /** An already open database (tests, benchmarks). The caller keeps it and closes it. */
  database?: DatabaseHandle;
}

export interface RunningServer {
  app: App;
  /** Where to reach it, e.g. http://127.0.0.1:3000 (the real port when PORT=0). */
  url: string;
  database: DatabaseHandle;
  /** Migrations applied by this start. */
  migrations: string[];
  /** Set when this start seeded the demo company. */
  demoSeed: DemoSeedResult | null;
  /** Stops accepting requests, lets the ones in flight finish, then closes the database if it opened it. */
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? openDatabase(config.DATABASE_URL, { poolSize: config.PG_POOL_SIZE, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
  const ownsDatabase = !options.database;
  let app: App | undefined;
  try {
    const migrations = await migrateToLatest(database.db);
    let demoSeed: DemoSeedResult | null = null;
    if (options.demoOnEmpty && !(await database.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst())) {
      // Loaded only for a first start: a normal start never pays for the seed code.
      const { seedDemo } = await import('./seed/demo.js');
      demoSeed = await seedDemo(database, clock, 'system');
    }
    app = await build({ database, clock, config, logger: options.logger ?? { level: config.LOG_LEVEL } });
    await app.listen({ host: config.HOST, port: config.PORT });
    const running = app;
    if (config.JOBS_ENABLED === 'true') {
      running.services.jobs.runner.start({ pollMs: config.JOBS_POLL_MS, log: running.log });
      // Email and robot messages: sent at once after each commit, and re-polled for what waits (quiet hours, rate limits).
      running.services.notifier.delivery.start({ pollMs: Math.max(config.JOBS_POLL_MS, 1_000), log: running.log });
      // Webhook deliveries the runner queued, and their retries when due.
      running.services.webhooks.delivery.start({ pollMs: Math.max(config.JOBS_POLL_MS, 1_000), log: running.log });
    }
    let closing: Promise<void> | undefined;
    return {
      app: running,
      url: urlOf(running.server.address() as AddressInfo),
      database,
      migrations,
      demoSeed,
      close: () =>
        (closing ??= (async () => {
          await running.services.jobs.runner.stop(); // its pass in progress finishes before the database closes
          await running.services.notifier.delivery.stop();
          await running.services.webhooks.delivery.stop();
          await running.close();
          if (ownsDatabase) await database.close();
        })()),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (ownsDatabase) await database.close().catch(() => undefined);
    throw error;
  }
}

/** A URL a browser on this machine can open: a wildcard bind is reached through the loopback address. */
function urlOf(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? (address.family === 'IPv6' ? '[::1]' : '127.0.0.1') : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
