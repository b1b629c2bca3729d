#!/usr/bin/env node
/**
 * Live-push latency: from a rep's HTTP write to the notification it causes reaching a manager's open browser
 * stream, on 127.0.0.1 only. Run after `npm run build`:
 *
 *   node bench/sse-latency.mjs [--db sqlite|postgres|both] [--writes 300] [--interval 50] [--concurrency 16]
 *                              [--poll-ms <JOBS_POLL_MS>] [--pg-url postgres://postgres@127.0.0.1:5432] [--out <file>] [--keep]
 *
 * Per database: a fresh database (SQLite: a temporary file; PostgreSQL: the database closeloop_sse, dropped and
 * created) seeded with the demo company (`closeloop seed --demo`), and bench/sse-server.mjs — the built server
 * plus a reaction that tells the rep's team leader about each activity logged (`notifier.notify` in `ctx.once`).
 * Nine reps (three teams) and five managers sign in with their passwords, as browsers do; every one of them opens
 * the notification stream (`GET /api/v1/notifications/stream`, session cookie), one manager in two tabs: 15
 * streams. Then, after 20 warm-up writes:
 *   - paced: `--writes` activities, one every `--interval` ms (open loop: a slow answer does not delay the next);
 *   - burst: `--writes` activities over `--concurrency` connections, each sending its next as soon as the last is
 *     answered (not waiting for its notification): as fast as the server takes writes.
 * Each write is `POST /api/v1/activities` by a rep (session cookie + CSRF token) on one of their own leads. Its
 * latency runs from just before the request is sent until its notification has reached every open stream of the
 * rep's team leader. The server's own share is read from the database afterwards: event written → inbox row
 * written (the background runner's delay). Prints a table and writes the figures as JSON to
 * bench/results/sse-latency-<date>-<time>.json (or --out). Every phase has a time limit; the server is killed on exit.
 * --keep leaves the work folder (the server's log, the SQLite file) in place.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort, openSql, postgresAdmin, root } from './support.mjs';
import { resultFile } from './result-file.mjs';

const cli = path.join(root, 'packages/server/bin/closeloop.js');
const serverScript = path.join(root, 'bench/sse-server.mjs');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    writes: { type: 'string', default: '300' },
    interval: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    'poll-ms': { type: 'string' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const dialects = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db];
if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error('--db is sqlite, postgres or both');
const writeCount = Number(args.writes);
const intervalMs = Number(args.interval);
const concurrency = Number(args.concurrency);
if (![writeCount, intervalMs, concurrency].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--writes, --interval and --concurrency are positive integers');
if (!fs.existsSync(path.join(root, 'packages/server/dist/server.js'))) throw new Error('build first: npm run build');

const targetP95Ms = 200;
const warmUpWrites = 20;
const arrivalTimeoutMs = 15_000;
const sseDb = 'closeloop_sse';
const pgBase = args['pg-url'].replace(/\/$/, '');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-sse-'));
const log = (message) => console.error(`[sse-latency] ${message}`);

const demoDomain = 'demo.closeloop.cn';
const demoPassword = 'closeloop-demo';
// Reps of three teams write; their team leaders receive. Two managers who receive nothing listen as well.
const writers = ['rep1', 'rep2', 'rep3', 'rep4', 'rep5', 'rep6', 'rep7', 'rep8', 'rep9'];
const listeners = ['manager.sh1', 'manager.sh2', 'manager.hz', 'manager.east', 'manager.north'];

let server = null;
const isAlive = () => server !== null && server.exitCode === null && server.signalCode === null;
process.on('exit', () => {
  if (isAlive()) server.kill('SIGKILL');
  if (args.keep) console.error(`[sse-latency] kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** One open notification stream, parsed as EventSource does; reports each notification's subject id as it lands. */
class Stream {
  constructor(person, base, cookie, onNotification) {
    this.person = person;
    this.ready = new Promise((resolve, reject) => {
      let buffer = '';
      this.request = http.get(`${base}/api/v1/notifications/stream`, { headers: { accept: 'text/event-stream', cookie } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`the stream of ${person} answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          const at = performance.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'unread') resolve(); // sent once the stream is attached
            if (event === 'notification' && data) {
              const subject = JSON.parse(data).subject;
              if (subject?.type === 'activity') onNotification(this, subject.id, at);
            }
          }
        });
      });
      this.request.on('error', reject);
    });
  }

  close() {
    this.request.destroy();
  }
}

/** Who receives what: a write is done when its activity's notification reached every stream of the rep's leader. */
class Arrivals {
  constructor() {
    this.seen = new Map(); // activity id -> Map(stream -> time)
    this.waiters = new Map(); // activity id -> () => void
  }

  record = (stream, activityId, at) => {
    let streams = this.seen.get(activityId);
    if (!streams) this.seen.set(activityId, (streams = new Map()));
    if (!streams.has(stream)) streams.set(stream, at);
    this.waiters.get(activityId)?.();
  };

  /** Resolves with the last arrival time among `streams`, or null after the time limit. */
  async allOf(activityId, streams) {
    const done = () => streams.every((s) => this.seen.get(activityId)?.has(s));
    if (!done()) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, arrivalTimeoutMs);
        this.waiters.set(activityId, () => {
          if (!done()) return;
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(activityId);
      if (!done()) return null;
    }
    return Math.max(...streams.map((s) => this.seen.get(activityId).get(s)));
  }
}

async function prepareDatabase(dialect) {
  if (dialect === 'sqlite') return `sqlite:${path.join(work, `sse-${Date.now()}.db`)}`;
  await postgresAdmin(pgBase, [`drop database if exists ${sseDb} with (force)`, `create database ${sseDb}`]);
  return `${pgBase}/${sseDb}`;
}

async function startServer(databaseUrl) {
  const port = await freePort();
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port),
    ...(args['poll-ms'] ? { JOBS_POLL_MS: args['poll-ms'] } : {}),
  };
  const seeded = spawnSync(process.execPath, [cli, 'seed', '--demo'], { cwd: root, env, encoding: 'utf8', timeout: 180_000 });
  if (seeded.status !== 0) throw new Error(`closeloop seed --demo failed:\n${seeded.stdout}${seeded.stderr}`);
  const logPath = path.join(work, 'server.log');
  const logFile = fs.openSync(logPath, 'a');
  server = spawn(process.execPath, [serverScript], { cwd: root, env, stdio: ['ignore', logFile, logFile] });
  fs.closeSync(logFile);
  const base = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (!isAlive()) throw new Error(`the server exited at start; log:\n${fs.readFileSync(logPath, 'utf8')}`);
    if (performance.now() > deadline) throw new Error('the server was not healthy within 60 s');
    try {
      if ((await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) })).ok) return base;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
}

async function stopServer() {
  if (!isAlive()) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (isAlive()) server.kill('SIGKILL');
}

/** Signs a demo person in with their password, as the web app does: the session cookie and its CSRF token. */
async function signIn(base, login) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: `${login}@${demoDomain}`, password: demoPassword }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${login} answered ${res.status}: ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('cl_session='));
  const body = await res.json();
  return { login, userId: body.user.id, teamId: body.user.teamId, cookie: session.split(';')[0], csrf: body.csrfToken };
}

async function ownLeads(base, person) {
  const res = await fetch(`${base}/api/v1/leads?limit=20`, { headers: { cookie: person.cookie } });
  if (res.status !== 200) throw new Error(`listing ${person.login}'s leads answered ${res.status}`);
  const ids = (await res.json()).items.filter((l) => l.ownerId === person.userId).map((l) => l.id);
  if (ids.length === 0) throw new Error(`${person.login} owns no leads in the demo company`);
  return ids;
}

/** One activity on one of the rep's leads; resolves with the activity id, the send time and the answer time. */
async function logActivity(base, rep, leadId, n) {
  const sentAt = performance.now();
  const res = await fetch(`${base}/api/v1/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: rep.cookie, 'x-csrf-token': rep.csrf, 'idempotency-key': randomUUID() },
    // A call on a lead plans its next action (A4), as a rep's would.
    body: JSON.stringify({
      kind: 'call', leadId, durationMinutes: 5, text: `基准测试电话 #${n}：客户询问交付周期。`,
      nextAction: { kind: 'call_back', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    }),
  });
  const body = await res.json();
  const answeredAt = performance.now();
  if (res.status !== 201) throw new Error(`POST /activities as ${rep.login} answered ${res.status}: ${JSON.stringify(body)}`);
  return { activityId: body.id, sentAt, answerMs: answeredAt - sentAt };
}

/** Starts measuring a process's CPU time; the function returned gives it as a percentage of one core since then. */
function cpuMeter(pid) {
  const ticks = () => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 a second)
  };
  const start = { ticks: ticks(), at: performance.now() };
  return () => Math.round(((ticks() - start.ticks) * 10 * 100) / (performance.now() - start.at));
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n) => Math.round(n * 10) / 10;
  return {
    count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

async function measure(dialect) {
  const databaseUrl = await prepareDatabase(dialect);
  try {
    const base = await startServer(databaseUrl);
    const people = new Map();
    for (const login of [...writers, ...listeners]) people.set(login, await signIn(base, login));
    const leaderOf = new Map(); // team id -> the manager who leads it
    for (const login of listeners) leaderOf.set(people.get(login).teamId, people.get(login));
    const reps = writers.map((login) => people.get(login));
    for (const rep of reps) {
      rep.leads = await ownLeads(base, rep);
      rep.leader = leaderOf.get(rep.teamId);
      if (!rep.leader) throw new Error(`no listening manager leads ${rep.login}'s team ${rep.teamId}`);
    }

    const arrivals = new Arrivals();
    const streams = [...people.values()].map((p) => new Stream(p.login, base, p.cookie, arrivals.record));
    streams.push(new Stream('manager.sh1 (second tab)', base, people.get('manager.sh1').cookie, arrivals.record));
    await Promise.all(streams.map((s) => s.ready));
    const streamsOf = (person) => streams.filter((s) => s.person.startsWith(person.login));

    let n = 0;
    /** Sends one write; resolves once it is answered, with `delivered`, which resolves once its notification arrived. */
    const send = async () => {
      const i = n++;
      const rep = reps[i % reps.length];
      const write = await logActivity(base, rep, rep.leads[i % rep.leads.length], i);
      const delivered = arrivals.allOf(write.activityId, streamsOf(rep.leader)).then((arrived) => ({
        ...write, latencyMs: arrived === null ? null : arrived - write.sentAt,
      }));
      return { delivered };
    };
    const oneWrite = async () => (await send()).delivered;

    for (let i = 0; i < warmUpWrites; i += 1) await oneWrite();

    const loadBefore = os.loadavg()[0];
    const pacedCpu = cpuMeter(server.pid);
    const pacedStarted = performance.now();
    const paced = [];
    for (let i = 0; i < writeCount; i += 1) {
      const wait = pacedStarted + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      paced.push(oneWrite());
    }
    const pacedResults = await Promise.all(paced);
    const pacedServerCpu = pacedCpu();
    await sleep(1_000);

    // Each connection sends its next write as soon as the last one is answered, not waiting for its notification.
    let next = 0;
    const burstCpu = cpuMeter(server.pid);
    const burstDeliveries = [];
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < writeCount) {
        next += 1;
        burstDeliveries.push((await send()).delivered);
      }
    }));
    const burstResults = await Promise.all(burstDeliveries);
    const burstServerCpu = burstCpu();
    const burstMs = Math.max(...burstResults.map((r) => r.sentAt + (r.latencyMs ?? 0))) - Math.min(...burstResults.map((r) => r.sentAt));

    for (const stream of streams) stream.close();
    const serverShare = await runnerDelays(databaseUrl, [...pacedResults, ...burstResults].map((r) => r.activityId));
    await stopServer();

    const phase = (results) => {
      const lost = results.filter((r) => r.latencyMs === null).length;
      if (lost > 0) throw new Error(`${lost} notifications did not arrive within ${arrivalTimeoutMs} ms`);
      return {
        latencyMs: summary(results.map((r) => r.latencyMs)),
        answerMs: summary(results.map((r) => r.answerMs)),
        runnerDelayMs: summary(results.map((r) => serverShare.get(r.activityId))),
        // Where the tail's time went: the answer, the runner, and the rest (push and the client reading it).
        slowest: [...results].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, 5).map((r) => ({
          latencyMs: Math.round(r.latencyMs), answerMs: Math.round(r.answerMs), runnerDelayMs: serverShare.get(r.activityId),
          sentAfterMs: Math.round(r.sentAt - results[0].sentAt),
        })),
      };
    };
    return {
      dialect, loadBefore: Math.round(loadBefore * 100) / 100, streams: streams.length,
      paced: { intervalMs, serverCpuPercent: pacedServerCpu, ...phase(pacedResults) },
      burst: { concurrency, durationMs: Math.round(burstMs), serverCpuPercent: burstServerCpu, ...phase(burstResults) },
    };
  } finally {
    await stopServer();
    if (dialect === 'postgres') await postgresAdmin(pgBase, [`drop database if exists ${sseDb} with (force)`]);
  }
}

/** Per activity, how long after its event was written the reaction wrote the inbox row (server clock, ms). */
async function runnerDelays(databaseUrl, activityIds) {
  const db = await openSql(databaseUrl);
  try {
    const delays = new Map();
    for (let i = 0; i < activityIds.length; i += 500) {
      const ids = activityIds.slice(i, i + 500);
      const rows = await db.all(
        `select e.subject as id, e.created_at as written, n.created_at as notified from events e
         join notifications n on n.subject_type = 'activity' and n.subject_id = e.subject
         where e.type = 'activity.logged' and e.subject in (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const row of rows) delays.set(row.id, Date.parse(row.notified) - Date.parse(row.written));
    }
    return delays;
  } finally {
    await db.close();
  }
}

const name = (d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');

async function main() {
  const guard = setTimeout(() => {
    log('giving up: the run took more than 15 minutes');
    process.exit(2);
  }, 15 * 60_000);
  guard.unref();

  const results = [];
  for (const dialect of dialects) {
    log(`${name(dialect)}: seeding the demo company and starting the server`);
    const result = await measure(dialect);
    log(`${name(dialect)}: paced p95 ${result.paced.latencyMs.p95} ms, burst p95 ${result.burst.latencyMs.p95} ms`);
    results.push(result);
  }
  const at = new Date();
  const report = {
    benchmark: 'sse-latency', at: at.toISOString(), node: process.version, cores: os.cpus().length,
    jobsPollMs: args['poll-ms'] ? Number(args['poll-ms']) : 'server default', writes: writeCount, targetP95Ms, results,
  };
  const out = args.out ?? resultFile('sse-latency', at);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  const row = (r, phaseName) => {
    const p = r[phaseName];
    const l = p.latencyMs;
    return `| ${name(r.dialect)} | ${phaseName} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} | ${p.answerMs.p50} | ${p.runnerDelayMs.p50} / ${p.runnerDelayMs.p95} | ${l.p95 <= targetP95Ms ? '✓' : '✗'} |`;
  };
  console.log([
    `# Live-push latency — ${at.toISOString().slice(0, 10)}`,
    '',
    `${writeCount} activities per phase (paced: one every ${intervalMs} ms; burst: over ${concurrency} connections), ` +
      `${results[0].streams} open streams; Node ${process.version}, ${os.cpus().length} cores; load average before: ` +
      results.map((r) => `${name(r.dialect)} ${r.loadBefore}`).join(', ') + '.',
    '',
    `| database | phase | p50 ms | p95 ms | p99 ms | max ms | answer p50 ms | runner delay p50 / p95 ms | p95 ≤ ${targetP95Ms} ms |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.flatMap((r) => [row(r, 'paced'), row(r, 'burst')]),
    '',
    `Written to ${path.relative(root, out)}.`,
  ].join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
