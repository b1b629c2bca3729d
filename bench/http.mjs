#!/usr/bin/env node
/**
 * HTTP benchmark of the built server against a seeded database, on 127.0.0.1 only.
 *
 *   node bench/http.mjs [--db sqlite|postgres] [--scale 100000] [--duration 10] [--connections 50]
 *                       [--pg-url postgres://postgres@127.0.0.1:5432] [--log-level info] [--cpu-prof] [--no-build]
 *                       [--only get,list,create] [--out <file>] [--from-sqlite <seeded.db>]
 *
 * Seeds a fresh database with `closeloop seed --scale N` (PostgreSQL: the database closeloop_bench, dropped and
 * created anew), starts `closeloop serve` in a child process, measures cold start to healthy and idle RSS, then
 * runs autocannon for `--duration` seconds per scenario (get one lead, list a city's leads, create a lead) and
 * writes a markdown table to bench/results/http-<db>-<date>.md (or --out). Every phase has a time limit; the
 * child is killed on exit whatever happens.
 *
 * --only runs some scenarios; --cpu-prof writes the server's CPU profile to <tmpdir>/closeloop-profiles;
 * --from-sqlite copies an already seeded SQLite file instead of seeding, to compare a change to the database
 * itself (an index, ANALYZE) on the same data.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, openSql, postgresAdmin, root } from './support.mjs';

const cli = path.join(root, 'packages/server/bin/closeloop.js');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    scale: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    'log-level': { type: 'string', default: 'info' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string', default: 'get,list,create' },
    out: { type: 'string' },
    'from-sqlite': { type: 'string' },
  },
});
const dialect = args.db;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--db is sqlite or postgres');
const scale = Number(args.scale);
const duration = Number(args.duration);
const connections = Number(args.connections);
const only = new Set(args.only.split(',').map((name) => name.trim()));
if ([...only].some((name) => !['get', 'list', 'create'].includes(name))) throw new Error('--only takes get, list and/or create');
if (![scale, duration, connections].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--scale, --duration and --connections are positive integers');

/** The targets for SQLite on a 2-core machine; PostgreSQL is reported against the same figures. */
const targets = { get: 3000, list: 800, create: 1000, p99Ms: 50, idleRssMiB: 150, coldStartMs: 2000 };
const benchDb = 'closeloop_bench';
// Profiles outlive the run (the work folder does not) and stay out of the repository.
const profileDir = path.join(os.tmpdir(), 'closeloop-profiles');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-bench-'));
const databaseUrl = dialect === 'sqlite' ? `sqlite:${path.join(work, 'bench.db')}` : `${args['pg-url'].replace(/\/$/, '')}/${benchDb}`;
const serverEnv = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'data'), LOG_LEVEL: args['log-level'], HOST: '127.0.0.1' };

let server = null;
const running = () => server !== null && server.exitCode === null && server.signalCode === null;
function stopServer() {
  if (running()) server.kill('SIGKILL');
}
/** SIGTERM first, so a CPU profile (--cpu-prof) is written on the way out; SIGKILL after 10 s. */
async function stopServerGracefully() {
  if (!running()) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  stopServer();
}
process.on('exit', () => {
  stopServer();
  fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const log = (message) => console.error(`[bench] ${message}`);

function run(command, commandArgs, { env = process.env, timeoutMs }) {
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}`);
  return performance.now() - started;
}

const rssMiB = (pid) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An API token for a person who sees the whole organisation, written straight into the database as the
 * token route would (hashed, with the role's permissions), so the benchmark needs no password.
 */
async function prepareCaller(db) {
  const [user] = await db.all(
    "select id, org_id, role from users where status = 'active' and data_scope = 'all' order by case role when 'admin' then 0 else 1 end limit 1",
  );
  if (!user) throw new Error('the seeded database has no active user with data scope "all"');
  const token = `clk_${randomBytes(6).toString('base64url')}_${randomBytes(24).toString('base64url')}`;
  await db.run(
    'insert into api_tokens (id, org_id, user_id, name, prefix, token_hash, permissions, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
    [randomUUID(), user.org_id, user.id, 'http benchmark', token.slice(4, 12), createHash('sha256').update(token).digest('hex'),
      JSON.stringify(['crm.read', 'crm.write']), new Date().toISOString()],
  );
  const leadIds = (await db.all("select id from leads where org_id = ? and status = 'active' order by random() limit 2000", [user.org_id]))
    .map((r) => r.id);
  if (leadIds.length === 0) throw new Error('the seeded database has no leads');
  const [busiest] = await db.all(
    'select city, count(*) as n from leads where org_id = ? and city is not null group by city order by n desc limit 1',
    [user.org_id],
  );
  const [{ n: leadCount }] = await db.all('select count(*) as n from leads where org_id = ?', [user.org_id]);
  return { token, orgId: user.org_id, role: user.role, leadIds, city: busiest?.city ?? null, leadCount: Number(leadCount) };
}

async function startServer(port) {
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const logFile = fs.openSync(path.join(work, 'server.log'), 'a');
  const started = performance.now();
  server = spawn(process.execPath, [...nodeArgs, cli, 'serve'], {
    cwd: root, env: { ...serverEnv, PORT: String(port) }, stdio: ['ignore', logFile, logFile],
  });
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}; log:\n${serverLog()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && (await res.json()).status === 'ok') return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`the server was not healthy within 60 s; log:\n${serverLog()}`);
}

const serverLog = () => fs.readFileSync(path.join(work, 'server.log'), 'utf8').split('\n').slice(-30).join('\n');

function load(title, base, options) {
  log(`${title}: ${duration} s × ${connections} connections`);
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: base, connections, duration, timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    // Bounded even if the server stops answering.
    const guard = setTimeout(() => instance.stop(), (duration + 30) * 1000);
    instance.on('done', () => clearTimeout(guard));
  });
}

async function scenarios(base, caller) {
  const headers = { authorization: `Bearer ${caller.token}`, 'content-type': 'application/json' };
  const pick = () => caller.leadIds[Math.floor(Math.random() * caller.leadIds.length)];
  const city = caller.city ? `city=${encodeURIComponent(caller.city)}&` : '';
  // Phones of created leads are unique per request: a prefix the seed does not use, then a counter.
  let created = 0;
  return [
    {
      key: 'get',
      label: 'GET /api/v1/leads/:id',
      options: { headers, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/leads/${pick()}` }) }] },
    },
    {
      key: 'list',
      label: `GET /api/v1/leads?${caller.city ? `city=${caller.city}&` : ''}sort=lastActivityAt:desc&limit=50`,
      options: { headers, requests: [{ method: 'GET', path: `/api/v1/leads?${city}sort=lastActivityAt:desc&limit=50` }] },
    },
    {
      key: 'create',
      label: 'POST /api/v1/leads',
      options: {
        headers,
        requests: [{
          method: 'POST',
          setupRequest: (req) => {
            created += 1;
            const phone = `199${String(created).padStart(8, '0')}`;
            return {
              ...req,
              path: '/api/v1/leads',
              body: JSON.stringify({
                name: `压测线索 ${created}`, company: `压测公司 ${created}`, phone, source: 'api',
                industry: 'manufacturing', city: caller.city ?? '杭州', intentTags: ['压测'],
              }),
            };
          },
        }],
      },
    },
  ];
}

const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mark = (ok) => (ok ? '✓' : '✗');

/** The flags this run was given, without --out (where the report goes is not part of what was measured). */
function commandFlags() {
  const given = process.argv.slice(2);
  return given.filter((arg, i) => !arg.startsWith('--out') && given[i - 1] !== '--out').join(' ');
}

function gitCommit() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout?.trim();
  return result.status === 0 ? `${result.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}` : 'unknown';
}

async function main() {
  const totalGuard = setTimeout(() => {
    log('giving up: the whole run took more than 40 minutes');
    process.exit(2);
  }, 40 * 60_000);
  totalGuard.unref();

  if (!args['no-build']) {
    log('building');
    run('npm', ['run', '--silent', 'build'], { timeoutMs: 5 * 60_000 });
  }
  let seedMs = 0;
  if (args['from-sqlite']) {
    if (dialect !== 'sqlite') throw new Error('--from-sqlite is for --db sqlite');
    log(`copying ${args['from-sqlite']} instead of seeding`);
    fs.copyFileSync(args['from-sqlite'], databaseUrl.slice('sqlite:'.length));
  } else {
    if (dialect === 'postgres') await postgresAdmin(args['pg-url'], [`drop database if exists ${benchDb} with (force)`, `create database ${benchDb}`]);
    log(`seeding ${scale.toLocaleString('en-US')} into ${dialect === 'sqlite' ? 'a temporary SQLite file' : benchDb}`);
    seedMs = run(process.execPath, [cli, 'seed', '--scale', String(scale)], { env: serverEnv, timeoutMs: 30 * 60_000 });
  }

  const db = await openSql(databaseUrl);
  const caller = await prepareCaller(db);
  await db.close();
  log(`${caller.leadCount.toLocaleString('en-US')} leads; caller: ${caller.role}; list city ${caller.city ?? '(none)'}`);

  // Other work on the machine skews every figure; the report says how busy it was.
  const loadBefore = os.loadavg()[0];
  const port = await freePort();
  const coldStartMs = await startServer(port);
  await sleep(2000);
  const idleRss = rssMiB(server.pid);
  log(`healthy after ${Math.round(coldStartMs)} ms, idle RSS ${idleRss} MiB`);

  const base = `http://127.0.0.1:${port}`;
  const rows = [];
  for (const scenario of (await scenarios(base, caller)).filter((s) => only.has(s.key))) {
    const result = await load(scenario.label, base, scenario.options);
    const rps = result.requests.average;
    const row = {
      ...scenario, rps, p50: result.latency.p50, p99: result.latency.p99,
      errors: result.errors + result.timeouts, non2xx: result.non2xx, total: result.requests.total, rss: rssMiB(server.pid),
    };
    row.ok = rps >= targets[scenario.key] && row.p99 <= targets.p99Ms && row.errors === 0 && row.non2xx === 0;
    rows.push(row);
    log(`${scenario.key}: ${fmt(rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}, non-2xx ${row.non2xx}`);
  }
  await stopServerGracefully();

  const date = new Date().toISOString().slice(0, 10);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    `# HTTP benchmark — ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${date}`,
    '',
    `Command: \`node bench/http.mjs ${commandFlags() || '(defaults)'}\``,
    `(database ${dialect}, scale ${scale}, ${duration} s per scenario, ${connections} connections)`,
    '',
    `Commit ${gitCommit()}; Node ${process.version}; ${os.cpus().length} × ${cpu}; ${Math.round(os.totalmem() / 2 ** 30)} GiB;`,
    `load average ${loadBefore.toFixed(2)} before the server started (other processes share these cores).`,
    args['from-sqlite']
      ? `Copied from the prepared file ${args['from-sqlite']} (${caller.leadCount.toLocaleString('en-US')} leads).`
      : `Seeded with \`closeloop seed --scale ${scale}\` (${caller.leadCount.toLocaleString('en-US')} leads, ${(seedMs / 1000).toFixed(1)} s).`,
    `Server log level \`${args['log-level']}\` (to a file); autocannon on the same machine, ${connections} connections, ${duration} s per row,`,
    `against 127.0.0.1; caller: an API token of the ${caller.role} (data scope "all").`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | errors / non-2xx | RSS after (MiB) | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) =>
      `| \`${r.label}\` | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.non2xx} | ${r.rss} | ${mark(r.ok)} ≥ ${targets[r.key]} req/s, p99 ≤ ${targets.p99Ms} ms |`),
    '',
    '| start-up | measured | target |',
    '| --- | ---: | --- |',
    `| cold start to healthy | ${Math.round(coldStartMs)} ms | ${mark(coldStartMs <= targets.coldStartMs)} ≤ ${targets.coldStartMs} ms |`,
    `| idle RSS (2 s after healthy) | ${idleRss} MiB | ${mark(idleRss <= targets.idleRssMiB)} ≤ ${targets.idleRssMiB} MiB |`,
    '',
  ];
  const report = lines.join('\n');
  const outDir = path.join(root, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = args.out ? path.resolve(args.out) : path.join(outDir, `http-${dialect}-${date}.md`);
  fs.writeFileSync(outFile, report);
  console.log(report);
  log(`written to ${path.relative(root, outFile)}`);
  if (args['cpu-prof']) log(`CPU profile of the server in ${profileDir}`);
  if (dialect === 'postgres') await postgresAdmin(args['pg-url'], [`drop database if exists ${benchDb} with (force)`]);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
