#!/usr/bin/env node
/**
 * Crash test of writes and event delivery, on 127.0.0.1 only. Run after `npm run build`:
 *
 *   node bench/crash.mjs [--db sqlite|postgres] [--rounds 3] [--burst 300] [--concurrency 16] [--seed <n>]
 *                        [--processes 1] [--pg-url postgres://postgres@127.0.0.1:5432] [--keep]
 *
 * Prepares a fresh database (SQLite: a temporary file; PostgreSQL: the database closeloop_crash, dropped and
 * created), adds an organisation with one admin and an API token, then runs `--rounds` kill rounds against
 * bench/crash-server.mjs (the built server plus a reaction that writes one `crash_effects` row per
 * `lead.created`, guarded by `ctx.once`). Each round starts the server, retries the requests that were never
 * acknowledged, fires a burst of POST /api/v1/leads (each with its own Idempotency-Key) and kills the server
 * with SIGKILL at a random moment: in odd rounds after a random number of acknowledgements (mid-burst), in even
 * rounds just after the burst while the backlog is being delivered (mid-dispatch). On PostgreSQL, --processes N
 * runs N servers on the one database (writes spread over them, each running the job runner) and kills them all.
 *
 * Then a last start: the reaction's checkpoint is first reset to 0 (an operator's replay: every event is
 * delivered again and `ctx.once` must turn each repeat away), the unacknowledged requests are retried with the
 * same keys until each is acknowledged, and delivery is awaited. The checks:
 *   - every request is one lead, exactly once; an acknowledged request's lead is the one it was told about;
 *   - one `lead.created` event and one `create` audit entry per lead;
 *   - one effect per event, none twice, none missing, none for an event that does not exist; no dead letters;
 *   - `closeloop audit verify` passes; on SQLite `PRAGMA integrity_check` is ok.
 * Prints a summary; exits 1 on any violation. Every phase has a time limit and the server is killed on exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { freePort, openSql, postgresAdmin, root } from './support.mjs';

const cli = path.join(root, 'packages/server/bin/closeloop.js');
const serverScript = path.join(root, 'bench/crash-server.mjs');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string', default: '3' },
    burst: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '16' },
    processes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    keep: { type: 'boolean', default: false },
  },
});
const dialect = args.db;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--db is sqlite or postgres');
const rounds = Number(args.rounds);
const burst = Number(args.burst);
const concurrency = Number(args.concurrency);
const processes = Number(args.processes);
if (dialect === 'sqlite' && processes !== 1) throw new Error('--processes is for PostgreSQL; on SQLite the runner lives in the one server process');
if (![rounds, burst, concurrency, processes].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--rounds, --burst, --concurrency and --processes are positive integers');
if (!fs.existsSync(path.join(root, 'packages/server/dist/server.js'))) throw new Error('build first: npm run build');

// A seeded generator, so a failing run can be repeated with --seed.
const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

const reactionName = 'crash-test.effect';
const crashDb = 'closeloop_crash';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-crash-'));
const databaseUrl = dialect === 'sqlite' ? `sqlite:${path.join(work, 'crash.db')}` : `${args['pg-url'].replace(/\/$/, '')}/${crashDb}`;
const deliveryLog = path.join(work, 'deliveries.log');
const serverEnv = {
  ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'warn', HOST: '127.0.0.1',
  JOBS_POLL_MS: '50', CRASH_DELIVERY_LOG: deliveryLog,
};

const log = (message) => console.error(`[crash] ${message}`);
/** The server processes of the current round (several on PostgreSQL with --processes). */
let servers = [];
// Set the moment a kill is decided, so no request is sent to a server that is going away.
let killing = false;
const isAlive = (child) => child.exitCode === null && child.signalCode === null;
const alive = () => servers.length > 0 && servers.every(isAlive);
process.on('exit', () => {
  for (const child of servers) if (isAlive(child)) child.kill('SIGKILL');
  if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function run(command, commandArgs, timeoutMs) {
  const result = spawnSync(command, commandArgs, { cwd: root, env: serverEnv, encoding: 'utf8', timeout: timeoutMs });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

async function withSql(work) {
  const db = await openSql(databaseUrl);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * A fresh organisation with one admin, an API token for them written as the token route would write it, and the
 * table the test reaction writes its effects to: no unique key on the event, so a repeated effect would show.
 */
async function prepare() {
  if (dialect === 'postgres') await postgresAdmin(args['pg-url'], [`drop database if exists ${crashDb} with (force)`, `create database ${crashDb}`]);
  const added = run(process.execPath, [cli, 'user', 'add', '--create-org', '崩溃测试有限公司', '--email', 'admin@crash.test',
    '--name', '测试管理员', '--role', 'admin', '--password', randomBytes(12).toString('base64url')], 120_000);
  if (added.code !== 0) throw new Error(`closeloop user add failed:\n${added.output}`);
  return withSql(async (db) => {
    await db.run('create table crash_effects (id text primary key, event_id text not null, lead_id text not null, ' +
      'position bigint not null, pid integer not null, created_at text not null)');
    const [user] = await db.all("select id, org_id from users where email = 'admin@crash.test'");
    const token = `clk_${randomBytes(6).toString('base64url')}_${randomBytes(24).toString('base64url')}`;
    await db.run(
      'insert into api_tokens (id, org_id, user_id, name, prefix, token_hash, permissions, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      [randomUUID(), user.org_id, user.id, 'crash test', token.slice(4, 12), createHash('sha256').update(token).digest('hex'),
        JSON.stringify(['crm.read', 'crm.write']), new Date().toISOString()],
    );
    return { token, orgId: user.org_id };
  });
}

/** Starts `processes` servers on one database and returns their base URLs once all are healthy. */
async function startServers() {
  killing = false;
  servers = [];
  const bases = [];
  for (let i = 0; i < processes; i += 1) {
    const port = await freePort();
    const logFile = fs.openSync(path.join(work, 'server.log'), 'a');
    servers.push(spawn(process.execPath, [serverScript], { cwd: root, env: { ...serverEnv, PORT: String(port) }, stdio: ['ignore', logFile, logFile] }));
    fs.closeSync(logFile);
    bases.push(`http://127.0.0.1:${port}`);
  }
  const deadline = performance.now() + 60_000;
  for (const base of bases) {
    for (;;) {
      if (!alive()) throw new Error(`a server exited at start; log:\n${serverLog()}`);
      if (performance.now() > deadline) throw new Error(`the servers were not healthy within 60 s; log:\n${serverLog()}`);
      try {
        const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
  }
  return bases;
}

const serverLog = () => fs.readFileSync(path.join(work, 'server.log'), 'utf8').split('\n').slice(-30).join('\n');

const exitOf = (child) => (isAlive(child) ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve());

/** SIGKILL to every server, a few random milliseconds apart when there are several. */
async function kill() {
  killing = true;
  for (const [i, child] of servers.entries()) {
    if (i > 0) await sleep(Math.floor(random() * 20));
    if (isAlive(child)) child.kill('SIGKILL');
  }
  await Promise.all(servers.map(exitOf));
}

async function stopGracefully() {
  for (const child of servers) if (isAlive(child)) child.kill('SIGTERM');
  await Promise.race([Promise.all(servers.map(exitOf)), sleep(15_000)]);
  await kill();
}

/** One lead per request: the name and phone mark it, so its row can be found whatever happened to the answer. */
function newRequest(round, index) {
  const n = round * 100_000 + index;
  return {
    key: randomUUID(),
    name: `崩溃测试 ${round}-${index}`,
    body: { name: `崩溃测试 ${round}-${index}`, company: `崩溃测试公司 ${n}`, phone: `188${String(n).padStart(8, '0')}`, source: 'api', city: '杭州' },
    acknowledged: false,
    leadId: null,
    attempts: 0,
    problems: [],
  };
}

/** Sends one request; true when acknowledged (201). A refused or cut connection leaves it unacknowledged. */
async function send(base, token, request) {
  request.attempts += 1;
  let res;
  try {
    res = await fetch(`${base}/api/v1/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': request.key },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return false;
  }
  let body;
  try {
    body = await res.json();
  } catch {
    return false; // the server died while answering
  }
  if (res.status !== 201) {
    request.problems.push(`answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    return false;
  }
  const leadId = body.lead?.id;
  if (request.leadId !== null && request.leadId !== leadId) request.problems.push(`acknowledged twice with different leads ${request.leadId} and ${leadId}`);
  request.leadId = leadId;
  request.acknowledged = true;
  return true;
}

/** Sends `requests` over `concurrency` connections, spread over the servers, until done or the servers are killed. */
async function fire(bases, token, requests, onAck = () => undefined) {
  let next = 0;
  const worker = async (_, i) => {
    const base = bases[i % bases.length];
    while (!killing && next < requests.length) {
      const request = requests[next++];
      if (await send(base, token, request)) onAck();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** How far delivery is: events, effects, and the reaction's checkpoint against the sequencer's head. */
function progress() {
  return withSql(async (db) => {
    const [events] = await db.all("select count(*) as n from events where type = 'lead.created'");
    const [effects] = await db.all('select count(*) as n from crash_effects');
    const [head] = await db.all('select last_position as p from event_sequencer where id = 1');
    const [unsequenced] = await db.all('select count(*) as n from events where position is null');
    const [checkpoint] = await db.all('select position as p from reaction_checkpoints where reaction = ?', [reactionName]);
    return {
      events: Number(events.n), effects: Number(effects.n), head: Number(head.p), unsequenced: Number(unsequenced.n),
      checkpoint: checkpoint ? Number(checkpoint.p) : 0,
    };
  });
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const deliveries = () => (fs.existsSync(deliveryLog) ? fs.readFileSync(deliveryLog, 'utf8').split('\n').filter(Boolean) : []);

async function killRound(round, token, requests) {
  const bases = await startServers();
  const retried = requests.filter((r) => !r.acknowledged);
  const fresh = Array.from({ length: burst }, (_, i) => newRequest(round, i));
  requests.push(...fresh);
  const batch = [...retried, ...fresh];
  const midBurst = round % 2 === 1;
  // Mid-burst: after 20–90 % of the acknowledgements. Mid-dispatch: 0–150 ms after the last one.
  const killAfterAcks = midBurst ? Math.max(1, Math.floor(batch.length * (0.2 + 0.7 * random()))) : Infinity;
  const attemptsBefore = batch.map((r) => r.attempts);
  const started = performance.now();
  let acks = 0;
  let killed = null;
  await fire(bases, token, batch, () => {
    acks += 1;
    if (acks === killAfterAcks) killed = sleep(Math.floor(random() * 5)).then(kill);
  });
  if (!midBurst) killed = sleep(Math.floor(random() * 150)).then(kill);
  await killed;
  const killedAtMs = Math.round(performance.now() - started);
  const atKill = await progress();
  const summary = {
    round, mode: midBurst ? 'mid-burst' : 'mid-dispatch', sent: batch.filter((r, i) => r.attempts > attemptsBefore[i]).length,
    retried: retried.length,
    acknowledged: batch.filter((r) => r.acknowledged).length, killedAtMs,
    eventsAtKill: atKill.events, effectsAtKill: atKill.effects, backlogAtKill: atKill.events - atKill.effects,
  };
  log(`round ${round} (${summary.mode}): sent ${summary.sent} (${summary.retried} to retry), acknowledged ${summary.acknowledged}, ` +
    `SIGKILL after ${killedAtMs} ms with ${summary.backlogAtKill} of ${atKill.events} events not yet delivered`);
  return summary;
}

async function finalRound(token, requests) {
  // An operator's replay: every event goes to the reaction again, and ctx.once must refuse each repeat.
  await withSql((db) => db.run('update reaction_checkpoints set position = 0 where reaction = ?', [reactionName]));
  const before = { ...(await progress()), deliveries: deliveries().length };
  const bases = await startServers();
  for (let pass = 0; pass < 5 && requests.some((r) => !r.acknowledged); pass += 1) {
    await fire(bases, token, requests.filter((r) => !r.acknowledged));
  }
  const deadline = performance.now() + 180_000;
  let state = await progress();
  while (!(state.unsequenced === 0 && state.checkpoint >= state.head && state.head > 0)) {
    if (performance.now() > deadline) throw new Error(`delivery did not finish within 180 s: ${JSON.stringify(state)}`);
    if (!alive()) throw new Error(`a server died during the final round; log:\n${serverLog()}`);
    await sleep(100);
    state = await progress();
  }
  await stopGracefully();
  return { ...state, before };
}

async function check(orgId, requests) {
  const violations = [];
  const counts = await withSql(async (db) => {
    const leads = await db.all('select id, name from leads where org_id = ?', [orgId]);
    const events = await db.all("select id, subject from events where type = 'lead.created'");
    const effects = await db.all('select event_id, lead_id from crash_effects');
    const [onceKeys] = await db.all('select count(*) as n from reaction_effects where scope = ?', [`reaction:${reactionName}`]);
    const [dead] = await db.all('select count(*) as n from dead_letters');
    const [audits] = await db.all("select count(*) as n from audit_log where org_id = ? and action = 'create' and entity_type = 'lead'", [orgId]);
    const [keys] = await db.all('select count(*) as n from idempotency_keys where org_id = ?', [orgId]);
    const integrity = dialect === 'sqlite' ? (await db.all('pragma integrity_check')).map((r) => r.integrity_check).join('; ') : 'n/a';
    return { leads, events, effects, onceKeys: Number(onceKeys.n), dead: Number(dead.n), audits: Number(audits.n), keys: Number(keys.n), integrity };
  });

  const leadsByName = groupBy(counts.leads, (l) => l.name);
  for (const request of requests) {
    for (const problem of request.problems) violations.push(`${request.name}: ${problem}`);
    const rows = leadsByName.get(request.name) ?? [];
    if (!request.acknowledged) violations.push(`${request.name} was never acknowledged`);
    if (rows.length !== 1) violations.push(`${request.name} is ${rows.length} leads, not 1`);
    else if (request.acknowledged && rows[0].id !== request.leadId) violations.push(`${request.name} was acknowledged as ${request.leadId} but stored as ${rows[0].id}`);
  }
  if (counts.leads.length !== requests.length) violations.push(`${counts.leads.length} leads for ${requests.length} requests`);
  if (counts.keys !== requests.length) violations.push(`${counts.keys} idempotency records for ${requests.length} requests`);
  if (counts.audits !== counts.leads.length) violations.push(`${counts.audits} audit entries for ${counts.leads.length} created leads`);

  const eventsBySubject = groupBy(counts.events, (e) => e.subject);
  for (const lead of counts.leads) {
    const n = eventsBySubject.get(lead.id)?.length ?? 0;
    if (n !== 1) violations.push(`lead ${lead.id} has ${n} lead.created events`);
  }
  const effectsByEvent = groupBy(counts.effects, (e) => e.event_id);
  const eventIds = new Set(counts.events.map((e) => e.id));
  for (const event of counts.events) {
    const n = effectsByEvent.get(event.id)?.length ?? 0;
    if (n !== 1) violations.push(`event ${event.id} produced ${n} effects`);
  }
  for (const eventId of effectsByEvent.keys()) if (!eventIds.has(eventId)) violations.push(`an effect for the unknown event ${eventId}`);
  if (counts.onceKeys !== counts.events.length) violations.push(`${counts.onceKeys} effect keys for ${counts.events.length} events`);
  if (counts.dead !== 0) violations.push(`${counts.dead} dead letters`);
  if (dialect === 'sqlite' && counts.integrity !== 'ok') violations.push(`PRAGMA integrity_check: ${counts.integrity}`);

  const audit = run(process.execPath, [cli, 'audit', 'verify'], 120_000);
  if (audit.code !== 0) violations.push(`closeloop audit verify failed: ${audit.output}`);

  const handled = deliveries();
  return {
    violations,
    leads: counts.leads.length, events: counts.events.length, effects: counts.effects.length, auditVerify: audit.output.split('\n')[0],
    integrity: counts.integrity, deliveries: handled.length, distinctDelivered: new Set(handled).size,
  };
}

async function main() {
  const guard = setTimeout(() => {
    log('giving up: the run took more than 15 minutes');
    process.exit(2);
  }, 15 * 60_000);
  guard.unref();

  log(`${dialect} (${processes} process${processes > 1 ? 'es' : ''}), ${rounds} rounds of ${burst} writes over ${concurrency} connections, ` +
    `seed ${seed}; work folder ${work}`);
  const { token, orgId } = await prepare();
  const requests = [];
  const summaries = [];
  for (let round = 1; round <= rounds; round += 1) summaries.push(await killRound(round, token, requests));
  const final = await finalRound(token, requests);
  const result = await check(orgId, requests);

  const rows = summaries.map((s) =>
    `| ${s.round} | ${s.mode} | ${s.sent} (${s.retried} to retry) | ${s.acknowledged} | ${s.killedAtMs} ms | ${s.eventsAtKill} | ${s.backlogAtKill} |`);
  console.log([
    `# Crash test — ${dialect === 'sqlite' ? 'SQLite' : `PostgreSQL, ${processes} server process${processes > 1 ? 'es' : ''}`}, ` +
      `${new Date().toISOString().slice(0, 10)} (--seed ${seed})`,
    '',
    '| round | kill | requests sent | acknowledged | SIGKILL after | lead.created at kill | undelivered at kill |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Final start: the reaction's checkpoint reset to 0, so all ${final.head} events were delivered again; ` +
      `${requests.filter((r) => r.attempts > 1).length} requests were sent more than once (same Idempotency-Key).`,
    `Requests ${requests.length}, leads ${result.leads}, lead.created events ${result.events}, effects ${result.effects}.`,
    `The handler ran ${result.deliveries} times for ${result.distinctDelivered} events: ` +
      `deliveries cut by a kill (rolled back, delivered again) ${final.before.deliveries - final.before.effects}, ` +
      `repeats in the replay turned away by ctx.once ${final.before.effects}.`,
    `Audit: ${result.auditVerify}.${dialect === 'sqlite' ? ` PRAGMA integrity_check: ${result.integrity}.` : ''}`,
    '',
    result.violations.length === 0 ? 'PASS: every acknowledged write exists once, every event has exactly one effect.' : `FAIL: ${result.violations.length} violations`,
    ...result.violations.slice(0, 50).map((v) => `  - ${v}`),
  ].join('\n'));
  if (dialect === 'postgres' && !args.keep) await postgresAdmin(args['pg-url'], [`drop database if exists ${crashDb} with (force)`]);
  return result.violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
