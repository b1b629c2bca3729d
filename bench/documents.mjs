#!/usr/bin/env node
/**
 * The document flow at scale (issue 6): 1,000 reps and ~1,000,000 documents (bench/documents-data.mjs), the built
 * server (`closeloop serve`, job runner on) on 127.0.0.1 only. Run after `npm run build`:
 *
 *   node bench/documents.mjs [--db sqlite|postgres|both] [--reuse] [--file data/documents-bench.db] [--contracts 300000]
 *                            [--samples 2000] [--concurrency 8] [--rate 200] [--seconds 15] [--pg-url postgres://postgres@127.0.0.1:5432]
 *                            [--only drill,flash,figures] [--cpu-prof] [--server-script <file>] [--keep]
 *
 * Per database the loaded company (`--reuse` keeps one already loaded with the same size) is copied for the run
 * (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE), so every run starts from the same data. API tokens are
 * written for the admin (scope all) and a regional manager (team scope over 10 teams, 100 reps). Then:
 *   (a) drill-down: GET /api/v1/contracts/{id}/life for `--samples` random contracts as the admin, one at a time and
 *       over `--concurrency` clients; and 500 of the region's contracts as the regional manager, one at a time.
 *       Target p95 ≤ 50 ms.
 *   (b) flash report: GET /api/v1/flash-reports/{day} as the admin for the 5 busiest company days: the first request
 *       of a freshly started server process (cold, one restart per day), then 2 more (warm). Target ≤ 2 s.
 *   (c) event-to-figure: receipts are registered through the API beforehand (one per contract, each a part of what is
 *       still owed), the admin's and the regional manager's live streams (GET /api/v1/notifications/stream, bearer
 *       token) are open, then `--rate` confirmations a second for `--seconds` s (POST /api/v1/receipts/{id}/confirm,
 *       open loop: a slow answer does not delay the next). A write's latency runs from just before its request is sent
 *       until the `event: change {type: figures}` hint its payment.confirmed causes reaches the stream. Hints carry
 *       only the day, so they are matched to writes by order: the sales-figures reaction delivers events in their
 *       order (events.position) and hints each once, so the k-th hint on a stream belongs to the k-th of the writes
 *       that stream may see, in event order (the script checks the counts agree). Meanwhile the manager's board reads
 *       GET /api/v1/figures/sales for today every 250 ms (its answer time), and at the end its collected total must have
 *       grown by exactly the confirmed amounts of the region. Target p95 ≤ 1 s.
 * Prints a table, writes bench/results/documents-<time>.json. Every phase has a time limit; the server is killed on
 * exit; the run's copy of the database is removed.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { documentsDatabase, documentsDataNow } from './documents-data.mjs';
import { randomFrom } from './steward-data.mjs';
import { freePort, median, openSql, postgresAdmin, root } from './support.mjs';
import { resultFile } from './result-file.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    reuse: { type: 'boolean', default: false },
    file: { type: 'string', default: path.join(root, 'data', 'documents-bench.db') },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    contracts: { type: 'string', default: '300000' },
    samples: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '15' },
    only: { type: 'string', default: 'drill,flash,figures' },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'server-script': { type: 'string' },
  },
});
const dialects = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db];
if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error('--db is sqlite, postgres or both');
const [contracts, samples, concurrency, rate, seconds] = ['contracts', 'samples', 'concurrency', 'rate', 'seconds'].map((k) => Number(args[k]));
if (![contracts, samples, concurrency, rate, seconds].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--contracts, --samples, --concurrency, --rate and --seconds are positive integers');
const only = new Set(args.only.split(','));
if (!fs.existsSync(path.join(root, 'packages/server/dist/server.js'))) throw new Error('build first: npm run build');

const targets = { drillP95Ms: 50, flashMs: 2000, eventToFigureP95Ms: 1000 };
const cli = path.join(root, 'packages/server/bin/closeloop.js');
const pgBase = args['pg-url'].replace(/\/$/, '');
const runDb = 'closeloop_documents_run';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-documents-'));
const log = (message) => console.error(`[documents] ${message}`);
const flashDays = 5;
const flashWarmRequests = 2;
const flashTimeoutMs = 180_000;
const managerSamples = 500;
const warmUpWrites = 100;
const arrivalTimeoutMs = 30_000;

let server = null;
const isAlive = () => server !== null && server.exitCode === null && server.signalCode === null;
process.on('exit', () => {
  if (isAlive()) server.kill('SIGKILL');
  if (args.keep) console.error(`[documents] kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** CPU time (user + system, ms) the process `pid` has used so far. */
function cpuMsOf(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in clock ticks of 10 ms
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
const companyToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // Shanghai, the data's zone

/** A copy of the loaded company for this run, so every run starts from the same documents. */
async function copyForRun(dialect, templateUrl) {
  if (dialect === 'sqlite') {
    const source = templateUrl.slice('sqlite:'.length);
    const sql = await openSql(templateUrl);
    await sql.all('pragma wal_checkpoint(TRUNCATE)');
    await sql.close();
    const copy = path.join(work, 'documents-run.db');
    fs.copyFileSync(source, copy);
    return `sqlite:${copy}`;
  }
  const template = templateUrl.slice(templateUrl.lastIndexOf('/') + 1);
  await postgresAdmin(pgBase, [`drop database if exists ${runDb} with (force)`, `create database ${runDb} template ${template}`]);
  return `${pgBase}/${runDb}`;
}

async function dropRunCopy(dialect, runUrl) {
  if (dialect === 'sqlite') for (const suffix of ['', '-wal', '-shm']) fs.rmSync(runUrl.slice('sqlite:'.length) + suffix, { force: true });
  else await postgresAdmin(pgBase, [`drop database if exists ${runDb} with (force)`]);
}

/** API tokens (as the token route writes them: hashed, with the role's permissions) and what the phases read. */
async function prepare(runUrl) {
  const { permissions } = await import(pathToFileURL(path.join(root, 'packages/core/dist/index.js')).href);
  const sql = await openSql(runUrl);
  try {
    const token = async (userId) => {
      const secret = `clk_${randomBytes(6).toString('base64url')}_${randomBytes(24).toString('base64url')}`;
      await sql.run(
        'insert into api_tokens (id, org_id, user_id, name, prefix, token_hash, permissions, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        [randomUUID(), 'org_bench', userId, 'documents benchmark', secret.slice(4, 12), createHash('sha256').update(secret).digest('hex'), JSON.stringify(permissions), new Date().toISOString()],
      );
      return secret;
    };
    const admin = await token('u_admin');
    const manager = await token('u_rm_0');
    const random = randomFrom(7);
    const sample = (rows, n) => {
      const chosen = new Set();
      while (chosen.size < Math.min(n, rows.length)) chosen.add(rows[Math.floor(random() * rows.length)]);
      return [...chosen];
    };
    const allIds = (await sql.all('select id, region_id from contracts order by id')).map((r) => ({ id: r.id, region: r.region_id }));
    const drill = sample(allIds, samples).map((r) => r.id);
    const managerDrill = sample(allIds.filter((r) => r.region === 'r_0'), managerSamples).map((r) => r.id);
    // The busiest company days: most signings and confirmations.
    const days = (await sql.all(
      `select day, sum(n) as n from (select signed_on as day, 1 as n from contracts where signed_on is not null
         union all select confirmed_on, 1 from receipts where confirmed_on is not null) x group by day order by n desc, day limit ${flashDays}`,
    )).map((r) => ({ day: r.day, documents: Number(r.n) }));
    // One receipt per contract still owed money, so no two confirmations race for the same contract.
    const owed = await sql.all(
      `select id, customer_id, region_id, total_minor - paid_minor as owed from contracts where status in ('signed', 'partially_paid') and total_minor - paid_minor >= 2 order by id`,
    );
    const payees = sample(owed, warmUpWrites + rate * seconds).map((c) => ({
      contractId: c.id, customerId: c.customer_id, region: c.region_id, amountMinor: Math.max(1, Math.min(Number(c.owed) - 1, Math.round(Number(c.owed) * 0.3))),
    }));
    if (payees.length < warmUpWrites + rate * seconds) throw new Error(`only ${payees.length} contracts still owed money`);
    return { admin, manager, drill, managerDrill, days, payees };
  } finally {
    await sql.close();
  }
}

async function startServer(databaseUrl) {
  const port = await freePort();
  const logPath = path.join(work, 'server.log');
  const logFile = fs.openSync(logPath, 'a');
  const started = performance.now();
  // --cpu-prof: the server's CPU profile, written when it stops, outside the repository.
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.join(os.tmpdir(), 'closeloop-profiles')}`] : [];
  // --server-script: a stand-in for `closeloop serve` (a diagnostic build of the server, e.g. one that times statements).
  const command = args['server-script'] ? [path.resolve(args['server-script'])] : [cli, 'serve'];
  server = spawn(process.execPath, [...nodeArgs, ...command], {
    cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', logFile, logFile],
  });
  fs.closeSync(logFile);
  const base = `http://127.0.0.1:${port}`;
  const deadline = started + 120_000;
  for (;;) {
    if (!isAlive()) throw new Error(`the server exited at start; log:\n${fs.readFileSync(logPath, 'utf8').slice(-3000)}`);
    if (performance.now() > deadline) throw new Error('the server was not healthy within 120 s');
    try {
      if ((await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) })).ok) return { base, startMs: performance.now() - started };
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

/** One timed GET; throws unless it answers 200. */
async function timedGet(base, token, url, timeoutMs = 30_000) {
  const started = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms, bytes: body.length, body };
}

async function drillDown(base, prep) {
  const life = (token, id) => timedGet(base, token, `/api/v1/contracts/${id}/life`);
  for (const id of prep.drill.slice(0, 50)) await life(prep.admin, id); // warm-up: the first reads compile statements
  const sequential = [];
  let bytes = 0;
  for (const id of prep.drill) {
    const r = await life(prep.admin, id);
    sequential.push(r.ms);
    bytes += r.bytes;
  }
  const concurrent = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < prep.drill.length) concurrent.push((await life(prep.admin, prep.drill[next++])).ms);
  }));
  const concurrentSeconds = (performance.now() - started) / 1000;
  const manager = [];
  for (const id of prep.managerDrill) manager.push((await life(prep.manager, id)).ms);
  return {
    sequential: summary(sequential), concurrent: { ...summary(concurrent), requestsPerSecond: Math.round(concurrent.length / concurrentSeconds) },
    manager: summary(manager), meanBytes: Math.round(bytes / sequential.length),
  };
}

async function flashReports(databaseUrl, prep) {
  const days = [];
  for (const { day, documents } of prep.days) {
    await stopServer();
    const { base } = await startServer(databaseUrl);
    const flash = (token) => timedGet(base, token, `/api/v1/flash-reports/${day}`, flashTimeoutMs);
    const cold = await flash(prep.admin);
    const warm = [];
    for (let i = 0; i < flashWarmRequests; i++) warm.push((await flash(prep.admin)).ms);
    const report = JSON.parse(cold.body);
    days.push({
      day, documents, coldMs: Math.round(cold.ms), warmMs: Math.round(median(warm)), bytes: cold.bytes,
      anomalies: Array.isArray(report.anomalies) ? report.anomalies.length : null,
    });
    log(`flash ${day} (${documents} documents): cold ${Math.round(cold.ms)} ms, warm ${Math.round(median(warm))} ms`);
  }
  return { days, coldMedianMs: median(days.map((d) => d.coldMs)), warmMedianMs: median(days.map((d) => d.warmMs)), coldMaxMs: Math.max(...days.map((d) => d.coldMs)) };
}

/** An open live stream (bearer token); records the arrival time of every `change {type: figures}` hint. */
class Stream {
  constructor(name, base, token) {
    this.name = name;
    this.hints = [];
    this.ready = new Promise((resolve, reject) => {
      let buffer = '';
      this.request = http.get(`${base}/api/v1/notifications/stream`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`the stream of ${name} answered ${res.statusCode}`));
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
            if (event === 'unread') resolve();
            if (event === 'change' && data && JSON.parse(data).type === 'figures') this.hints.push(at);
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

async function postJson(base, token, url, body) {
  const started = performance.now();
  const res = await fetch(`${base}${url}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const answer = await res.json();
  return { status: res.status, body: answer, ms: performance.now() - started };
}

async function eventToFigure(base, runUrl, prep) {
  const today = companyToday();
  // Registered beforehand over 8 connections: the measured writes are the confirmations only.
  const registered = [];
  let next = 0;
  const registerStarted = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < prep.payees.length) {
      const i = next++;
      const p = prep.payees[i];
      const r = await postJson(base, prep.admin, '/api/v1/receipts', {
        customerId: p.customerId, amountMinor: p.amountMinor, receivedOn: today, bankReference: `BENCH-${Date.now()}-${i}`, payerName: '基准测试付款人',
        allocations: [{ contractId: p.contractId, amountMinor: p.amountMinor }],
      });
      if (r.status !== 201) throw new Error(`POST /receipts answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      registered[i] = { ...p, receiptId: r.body.id, version: r.body.version };
    }
  }));
  const registerSeconds = (performance.now() - registerStarted) / 1000;
  log(`registered ${registered.length} receipts in ${registerSeconds.toFixed(1)} s`);
  await sleep(3_000); // let the runner finish with the registrations' events

  const streams = { admin: new Stream('admin', base, prep.admin), manager: new Stream('regional manager', base, prep.manager) };
  await Promise.all(Object.values(streams).map((s) => s.ready));
  const sees = { admin: () => true, manager: (w) => w.region === 'r_0' };
  const figures = async () => JSON.parse((await timedGet(base, prep.manager, `/api/v1/figures/sales?from=${today}&to=${today}`)).body);

  const confirm = async (w) => {
    w.sentAt = performance.now();
    try {
      const r = await postJson(base, prep.admin, `/api/v1/receipts/${w.receiptId}/confirm`, { version: w.version });
      w.answerMs = r.ms;
      w.status = r.status;
      if (r.status !== 200) w.error = JSON.stringify(r.body).slice(0, 200);
    } catch (error) {
      // A write that got no answer counts as failed; its event may still have happened (then the counts disagree).
      w.answerMs = performance.now() - w.sentAt;
      w.status = 0;
      w.error = String(error.cause ?? error).slice(0, 200);
    }
  };
  const waitForHints = async (writes) => {
    const deadline = performance.now() + arrivalTimeoutMs;
    const want = Object.fromEntries(Object.entries(sees).map(([k, f]) => [k, writes.filter((w) => w.status === 200 && f(w)).length]));
    while (performance.now() < deadline && Object.entries(streams).some(([k, s]) => s.hints.length < want[k])) await sleep(50);
    return want;
  };

  // Warm-up: 100 confirmations at 50 a second, then the streams' hints are forgotten.
  const warm = registered.slice(0, warmUpWrites);
  for (const w of warm) {
    void confirm(w);
    await sleep(20);
  }
  while (warm.some((w) => w.status === undefined)) await sleep(20);
  await waitForHints(warm);
  await sleep(500);
  for (const s of Object.values(streams)) s.hints.length = 0;

  const before = await figures();
  const measured = registered.slice(warmUpWrites);
  const loadBefore = os.loadavg()[0];
  const board = [];
  const boardErrors = [];
  let running = true;
  const boardLoop = (async () => {
    while (running) {
      try {
        board.push((await timedGet(base, prep.manager, `/api/v1/figures/sales?from=${today}&to=${today}`)).ms);
      } catch (error) {
        boardErrors.push(String(error.cause ?? error).slice(0, 200));
      }
      await sleep(250);
    }
  })();
  const cpuBefore = cpuMsOf(server.pid);
  const started = performance.now();
  const intervalMs = 1000 / rate;
  const sent = [];
  for (let i = 0; i < measured.length; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(confirm(measured[i]));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(sent);
  const want = await waitForHints(measured);
  // The server's CPU for the writes, their reactions and the board's reads, until the last hint arrived.
  const serverCpuMs = cpuMsOf(server.pid) - cpuBefore;
  const untilLastHintSeconds = (performance.now() - started) / 1000;
  running = false;
  await boardLoop;
  for (const s of Object.values(streams)) s.close();
  const after = await figures();

  const failed = measured.filter((w) => w.status !== 200);
  const ok = measured.filter((w) => w.status === 200);
  // Event order of the confirmations (their payment.confirmed events' positions).
  const sql = await openSql(runUrl);
  const position = new Map();
  try {
    for (let i = 0; i < ok.length; i += 500) {
      const ids = ok.slice(i, i + 500).map((w) => w.receiptId);
      const rows = await sql.all(`select subject, position from events where type = 'payment.confirmed' and subject in (${ids.map(() => '?').join(',')})`, ids);
      for (const r of rows) position.set(r.subject, Number(r.position));
    }
  } finally {
    await sql.close();
  }
  if (position.size !== ok.length) throw new Error(`found ${position.size} payment.confirmed events for ${ok.length} confirmations`);
  const perStream = {};
  for (const [key, stream] of Object.entries(streams)) {
    const writes = ok.filter(sees[key]).sort((a, b) => position.get(a.receiptId) - position.get(b.receiptId));
    const matched = Math.min(writes.length, stream.hints.length);
    const latencies = writes.slice(0, matched).map((w, k) => stream.hints[k] - w.sentAt);
    perStream[key] = { writes: writes.length, hints: stream.hints.length, missing: Math.max(0, writes.length - stream.hints.length), latencyMs: summary(latencies) };
  }
  const regionAmount = ok.filter(sees.manager).reduce((a, w) => a + w.amountMinor, 0);
  return {
    today, registered: registered.length, registerPerSecond: Math.round(registered.length / registerSeconds), loadBefore: Math.round(loadBefore * 100) / 100,
    writes: measured.length, failed: failed.length, failures: failed.slice(0, 5).map((w) => `${w.status} ${w.error}`), sendSeconds: Math.round(sendSeconds * 10) / 10,
    achievedRate: Math.round(measured.length / sendSeconds),
    serverCpu: { ms: serverCpuMs, perWriteMs: Math.round((serverCpuMs / Math.max(1, ok.length)) * 10) / 10, percentOfOneCore: Math.round((serverCpuMs / 10) / untilLastHintSeconds) },
    answerMs: summary(ok.map((w) => w.answerMs)), streams: perStream, expectedHints: want,
    board: { reads: board.length, errors: boardErrors.length, firstErrors: boardErrors.slice(0, 3), ...summary(board) },
    managerCollected: { before: before.totals.collectedMinor, after: after.totals.collectedMinor, confirmedInRegion: regionAmount, agrees: after.totals.collectedMinor - before.totals.collectedMinor === regionAmount },
  };
}

async function measure(dialect) {
  const { databaseUrl: templateUrl, load } = await documentsDatabase({
    dialect, file: args.file, pgUrl: args['pg-url'], contracts, reuse: args.reuse, now: new Date(documentsDataNow), log,
  });
  const runUrl = await copyForRun(dialect, templateUrl);
  try {
    const prep = await prepare(runUrl);
    const loadAverage = os.loadavg()[0];
    const { base, startMs } = await startServer(runUrl);
    log(`${dialect}: server healthy in ${Math.round(startMs)} ms; load average ${loadAverage.toFixed(2)}`);
    const result = { dialect, loadAverage: Math.round(loadAverage * 100) / 100, startMs: Math.round(startMs), load: load && { seconds: Math.round(load.seconds), documents: load.documents, counts: load.counts } };
    if (only.has('drill')) {
      result.drillDown = await drillDown(base, prep);
      log(`${dialect}: drill-down p95 ${result.drillDown.sequential.p95} ms sequential, ${result.drillDown.concurrent.p95} ms over ${concurrency} clients, manager ${result.drillDown.manager.p95} ms`);
    }
    let liveBase = base;
    if (only.has('flash')) {
      result.loadAverageFlash = Math.round(os.loadavg()[0] * 100) / 100;
      result.flash = await flashReports(runUrl, prep);
      await stopServer();
      liveBase = (await startServer(runUrl)).base;
    }
    if (only.has('figures')) {
      result.eventToFigure = await eventToFigure(liveBase, runUrl, prep);
      const e = result.eventToFigure;
      log(`${dialect}: event-to-figure p95 ${e.streams.admin.latencyMs.p95} ms (admin), ${e.streams.manager.latencyMs.p95} ms (manager) at ${e.achievedRate} writes/s; ${e.failed} failed`);
    }
    await stopServer();
    return result;
  } finally {
    await stopServer();
    if (!args.keep) await dropRunCopy(dialect, runUrl);
  }
}

const name = (d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const mark = (ok) => (ok ? '✓' : '✗');

async function main() {
  const guard = setTimeout(() => {
    log('giving up: the run took more than 40 minutes');
    process.exit(2);
  }, 40 * 60_000);
  guard.unref();
  const results = [];
  for (const dialect of dialects) results.push(await measure(dialect));

  const at = new Date();
  const report = { benchmark: 'documents', at: at.toISOString(), node: process.version, cores: os.cpus().length, args, targets, results };
  const out = resultFile('documents', at);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const lines = [`# Document flow — ${at.toISOString().slice(0, 16)}`, ''];
  for (const r of results) {
    lines.push(`## ${name(r.dialect)} (load average ${r.loadAverage} before)`);
    if (r.drillDown) {
      const d = r.drillDown;
      lines.push(`- drill-down p50/p95/p99 ms: one at a time ${d.sequential.p50}/${d.sequential.p95}/${d.sequential.p99} ${mark(d.sequential.p95 <= targets.drillP95Ms)}; ` +
        `${concurrency} clients ${d.concurrent.p50}/${d.concurrent.p95}/${d.concurrent.p99} (${d.concurrent.requestsPerSecond}/s) ${mark(d.concurrent.p95 <= targets.drillP95Ms)}; regional manager ${d.manager.p50}/${d.manager.p95}/${d.manager.p99}`);
    }
    if (r.flash) {
      lines.push(`- flash report, median of ${flashDays} busy days: cold ${r.flash.coldMedianMs} ms (max ${r.flash.coldMaxMs}) ${mark(r.flash.coldMaxMs <= targets.flashMs)}, warm ${r.flash.warmMedianMs} ms`);
    }
    if (r.eventToFigure) {
      const e = r.eventToFigure;
      const s = (k) => `${e.streams[k].latencyMs.p50}/${e.streams[k].latencyMs.p95}/${e.streams[k].latencyMs.p99}`;
      lines.push(`- event-to-figure p50/p95/p99 ms at ${e.achievedRate} writes/s: admin ${s('admin')} ${mark(e.streams.admin.latencyMs.p95 <= targets.eventToFigureP95Ms)}, ` +
        `regional manager ${s('manager')}; confirm answered p50/p95 ${e.answerMs.p50}/${e.answerMs.p95} ms; board read p50/p95 ${e.board.p50}/${e.board.p95} ms; ` +
        `${e.failed} failed; figures agree: ${e.managerCollected.agrees}; server CPU ${e.serverCpu.perWriteMs} ms a write (${e.serverCpu.percentOfOneCore}% of a core)`);
    }
    lines.push('');
  }
  lines.push(`Written to ${path.relative(root, out)}.`);
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
