/** `closeloop serve`: starts the server, prints where to find it (and the demo logins), stops cleanly on a signal. */
import type { Config } from '../platform/config.js';
import { systemClock } from '../platform/clock.js';
import { startServer, type RunningServer } from '../server.js';
import { demoOrgId } from '../seed/demo-company.js';
import { describeDatabaseError, openForCommand, redactUrl } from './database.js';
import { CliError, type CliIo } from './io.js';
import { demoLoginLines } from './demo-logins.js';

// Requests still in flight get this long to finish before the process stops anyway.
const shutdownGraceMs = 10_000;

export async function serve(config: Config, options: { demoOnEmpty: boolean }, io: CliIo): Promise<RunningServer> {
  const { database, migrations } = await openForCommand(config, { migrate: true });
  let running: RunningServer;
  try {
    running = await startServer(config, { demoOnEmpty: options.demoOnEmpty, database, clock: systemClock });
  } catch (error) {
    await database.close().catch(() => undefined);
    throw startFailure(error, config);
  }
  const stop = async () => {
    await running.close();
    await database.close();
  };
  stopOnSignals(stop, io);
  for (const line of await bannerLines(running, config, migrations)) io.out(line);
  return { ...running, close: stop };
}

async function bannerLines(running: RunningServer, config: Config, migrations: string[]): Promise<string[]> {
  const lines = [
    '',
    `Closeloop is ready at ${running.url}  (started in ${Math.round(performance.now())} ms)`,
    `  API docs   ${running.url}/api/docs`,
    `  Health     ${running.url}/api/v1/health`,
    `  Database   ${redactUrl(config.DATABASE_URL)} (${running.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
  ];
  if (migrations.length > 0) lines.push(`  Applied ${migrations.length} migration(s): ${migrations.join(', ')}`);
  const seeded = running.demoSeed?.counts;
  if (seeded) {
    const documents = running.demoSeed?.documents;
    lines.push(`  The database was empty, so it now holds the demo company 示例科技有限公司: ${seeded.customers} customers, ${seeded.leads} leads, ${seeded.activities} activities` +
      (documents ? `, ${documents.contracts} contracts and ${documents.receipts} receipts.` : '.'));
  }
  const hasDemo = await running.database.db.selectFrom('orgs').select('id').where('id', '=', demoOrgId).executeTakeFirst();
  if (hasDemo) {
    const { demoLogins } = await import('../seed/demo.js');
    lines.push('', ...demoLoginLines(await demoLogins(running.database.db), true));
    lines.push('  Demo accounts share a published password: do not expose this server beyond your own machine.');
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return lines;
}

function stopOnSignals(stop: () => Promise<void>, io: CliIo): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.err(`${signal} again: stopping now without waiting.`);
      process.exit(1);
    }
    stopping = true;
    io.out(`${signal} received: finishing requests in flight and closing the database…`);
    const force = setTimeout(() => {
      io.err(`Requests did not finish within ${shutdownGraceMs / 1000} s; stopping anyway.`);
      process.exit(1);
    }, shutdownGraceMs);
    force.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        io.err(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function startFailure(error: unknown, config: Config): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE') return new CliError(`Port ${config.PORT} on ${config.HOST} is already in use. Stop the other server or set PORT to a free port.`);
  if (code === 'EADDRNOTAVAIL') return new CliError(`HOST=${config.HOST} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its addresses.`);
  if (code === 'EACCES') return new CliError(`Not allowed to listen on port ${config.PORT}. Ports below 1024 need extra rights; use e.g. PORT=3000.`);
  const database = describeDatabaseError(error, config.DATABASE_URL);
  return database ? new CliError(database) : error;
}
