#!/usr/bin/env node
/**
 * Event delivery throughput of the built job runner, on 127.0.0.1 only. Run after `npm run build`:
 *
 *   node bench/dispatch.mjs [--db sqlite|postgres|both] [--events 20000] [--runs 3]
 *                           [--pg-url postgres://postgres@127.0.0.1:5432]
 *
 * Each run takes a fresh database (SQLite: a temporary file with the server's settings; PostgreSQL: the database
 * closeloop_dispatch, dropped and created), commits `--events` lead.created events to the outbox in one
 * transaction, and registers one reaction that does what a real one does: `ctx.once(key)` and one small insert.
 * It then times the runner's two stages as the server runs them: numbering the committed events (the sequencer)
 * and delivering them (up to 20 events per transaction: claim the checkpoint, run the reaction on each in a
 * savepoint, advance the checkpoint), pass after pass until nothing is due. Prints a table per run and the medians.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { postgresAdmin, root } from './support.mjs';

const dist = path.join(root, 'packages/server/dist');
if (!fs.existsSync(path.join(dist, 'server.js'))) throw new Error('build first: npm run build');
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const { openDatabase } = await load('platform/db/database.js');
const { migrateToLatest } = await load('platform/db/migrate.js');
const { createJobs } = await load('platform/jobs/index.js');
const { appendEvents } = await load('platform/events/outbox.js');
const { sequenceEvents } = await load('platform/events/sequencer.js');
const { systemClock } = await load('platform/clock.js');
const { newId } = await load('platform/ids.js');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
  },
});
const dialects = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db];
if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error('--db is sqlite, postgres or both');
const eventCount = Number(args.events);
const runs = Number(args.runs);
if (![eventCount, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--events and --runs are positive integers');

const benchDb = 'closeloop_dispatch';
const pgBase = args['pg-url'].replace(/\/$/, '');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-dispatch-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const log = (message) => console.error(`[dispatch] ${message}`);

async function freshDatabase(dialect, run) {
  if (dialect === 'sqlite') return openDatabase(`sqlite:${path.join(work, `dispatch-${run}.db`)}`);
  await postgresAdmin(pgBase, [`drop database if exists ${benchDb} with (force)`, `create database ${benchDb}`]);
  return openDatabase(`${pgBase}/${benchDb}`);
}

async function measure(dialect, run) {
  const database = await freshDatabase(dialect, run);
  try {
    await migrateToLatest(database.db);
    const orgId = newId();
    await database.db.insertInto('orgs').values({ id: orgId, name: '派发基准测试公司', created_at: new Date().toISOString() }).execute();
    await database.db.schema
      .createTable('dispatch_effects')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('lead_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    const events = Array.from({ length: eventCount }, (_, i) => ({
      orgId, type: 'lead.created', subject: newId(), payload: { ownerId: `u${i % 50}`, source: 'api', stage: 'new' },
    }));
    await database.db.transaction().execute((tx) => appendEvents(tx, systemClock, events));

    const jobs = createJobs(database, systemClock);
    jobs.reactions.on('lead.created', 'bench.effect', async (event, ctx) => {
      await ctx.once(`effect:${event.id}`, async () => {
        await ctx.tx.insertInto('dispatch_effects').values({ event_id: event.id, lead_id: event.subject, created_at: ctx.now }).execute();
      });
    });

    const sequencingStarted = performance.now();
    let sequenced = 0;
    for (let numbered = -1; numbered !== 0; ) sequenced += numbered = await sequenceEvents(database, 1_000);
    const sequencingMs = performance.now() - sequencingStarted;

    const deliveryStarted = performance.now();
    let delivered = 0;
    let passes = 0;
    for (;;) {
      const report = await jobs.runner.runDue();
      if (report.failed > 0 || report.deadLettered > 0) throw new Error(`the reaction failed: ${JSON.stringify(report)}`);
      passes += 1;
      delivered += report.delivered;
      if (report.delivered === 0 && report.sequenced === 0) break;
    }
    const deliveryMs = performance.now() - deliveryStarted;

    const [{ n: effects }] = await database.db.selectFrom('dispatch_effects').select((eb) => eb.fn.countAll().as('n')).execute();
    if (sequenced !== eventCount || delivered !== eventCount || Number(effects) !== eventCount) {
      throw new Error(`expected ${eventCount} everywhere, got sequenced ${sequenced}, delivered ${delivered}, effects ${effects}`);
    }
    return {
      dialect, run, sequencedPerSec: eventCount / (sequencingMs / 1000), deliveredPerSec: eventCount / (deliveryMs / 1000),
      endToEndPerSec: eventCount / ((sequencingMs + deliveryMs) / 1000), deliveryMs, passes,
    };
  } finally {
    await database.close();
    if (dialect === 'postgres') await postgresAdmin(pgBase, [`drop database if exists ${benchDb} with (force)`]);
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  const guard = setTimeout(() => {
    log('giving up: the run took more than 20 minutes');
    process.exit(2);
  }, 20 * 60_000);
  guard.unref();

  const loadBefore = os.loadavg()[0];
  const results = [];
  for (const dialect of dialects) {
    for (let run = 1; run <= runs; run += 1) {
      const result = await measure(dialect, run);
      log(`${dialect} run ${run}: delivered ${fmt(result.deliveredPerSec)} events/s (${(result.deliveryMs / 1000).toFixed(1)} s, ${result.passes} passes), ` +
        `sequenced ${fmt(result.sequencedPerSec)} events/s`);
      results.push(result);
    }
  }
  const name = (d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const lines = [
    `# Event dispatch — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${fmt(eventCount)} lead.created events, one reaction (ctx.once + one insert), up to 20 deliveries per transaction; ` +
      `Node ${process.version}, ${os.cpus().length} cores, load average ${loadBefore.toFixed(2)} before the first run.`,
    '',
    '| database | run | delivered events/s | sequenced events/s | end to end events/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${name(r.dialect)} | ${r.run} | ${fmt(r.deliveredPerSec)} | ${fmt(r.sequencedPerSec)} | ${fmt(r.endToEndPerSec)} |`),
    ...dialects.map((d) => {
      const mine = results.filter((r) => r.dialect === d);
      const m = (key) => fmt(median(mine.map((r) => r[key])));
      return `| **${name(d)}** | median | **${m('deliveredPerSec')}** | ${m('sequencedPerSec')} | ${m('endToEndPerSec')} |`;
    }),
  ];
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
