import { spawn } from 'node:child_process';
/**
 * What the benchmark and crash scripts share: a free port, the bench database through the server's drivers, and the
 * built server their stand-in servers start.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The database drivers are the server's dependencies; resolve them from there.
export const serverRequire = createRequire(path.join(root, 'packages/server/package.json'));

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/**
 * A tiny SQL handle (`all`, `run`, `close`, `?` placeholders on both engines) on `databaseUrl`, for preparing
 * data and checking results outside the server.
 */
export async function openSql(databaseUrl) {
  if (databaseUrl.startsWith('sqlite:')) {
    const SQLite = serverRequire('better-sqlite3');
    const db = new SQLite(databaseUrl.slice('sqlite:'.length));
    db.pragma('busy_timeout = 5000');
    return {
      all: async (text, params = []) => db.prepare(text).all(...params),
      run: async (text, params = []) => void db.prepare(text).run(...params),
      close: async () => db.close(),
    };
  }
  const pg = serverRequire('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const numbered = (text) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    all: async (text, params = []) => (await client.query(numbered(text), params)).rows,
    run: async (text, params = []) => void (await client.query(numbered(text), params)),
    close: async () => client.end(),
  };
}

/** Runs statements (create/drop database) on the server's `postgres` maintenance database. */
export async function postgresAdmin(pgBase, statements) {
  const pg = serverRequire('pg');
  const admin = new pg.Client({ connectionString: `${pgBase.replace(/\/$/, '')}/postgres` });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * Starts the built server (`npm run build`) from the environment, as `closeloop serve` does but with the job runner
 * not started: the caller registers its bench reaction first, then starts the runner itself. SIGTERM and SIGINT
 * close it and end the process.
 */
export async function startBuiltServer() {
  const { startServer } = await import(path.join(root, 'packages/server/dist/server.js'));
  const { loadConfig } = await import(path.join(root, 'packages/server/dist/platform/config.js'));
  const config = loadConfig(process.env);
  const running = await startServer({ ...config, JOBS_ENABLED: 'false' }, { logger: { level: config.LOG_LEVEL } });
  const stop = () =>
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { config, running };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs `script --child <arg>` in a fresh Node process (so its peak memory is its own) and resolves with the JSON it
 * prints last on stdout.
 */
export function runChildScript(script, arg, what) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [script, '--child', arg], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`${what} exited with ${code}`))));
  });
}
