#!/usr/bin/env node
/**
 * The silence sweep at scale (A5): a company of 1,000 reps with 1,000,000 leads, on 127.0.0.1 only. Run after
 * `npm run build` (or `npx tsc -b packages/server`):
 *
 *   node bench/silence-sweep.mjs [--db sqlite|postgres|both] [--reps 1000] [--leads 1000000] [--runs 2] [--reuse]
 *                                [--file data/silence-bench.db] [--pg-url postgres://postgres@127.0.0.1:5432]
 *
 * Loads the company with bench/steward-data.mjs (dated Thursday 5 November 2026, 09:00 in Shanghai; `--reuse` keeps a
 * database already loaded with the same sizes). Each run starts from no alerts and no sweep marks and runs in a fresh
 * child process, calling the built server's sweep firing by firing, each in its own transaction, as the job runner's
 * timers do (the minute schedule, then its continuation while work is left):
 * - first sweep: the company switches the steward on — every open lead already past its stage's limit (72 h) gets its
 *   alert, then the reps and their managers are told, each once (on PostgreSQL the table is then vacuumed, as
 *   autovacuum would in the minutes after, untimed);
 * - a minute later: the sweep of the next minute (the steady state, every minute of the day: each new alert ranks the
 *   starter library's scripts for its lead);
 * - an hour later: the sweep after an hour without a runner;
 * - marks lost: the sweep's marks deleted, so it reads the whole pool again (every silent lead, each already alerted:
 *   nothing is raised twice) — the worst a regular sweep can meet.
 * It times each phase, counts alerts, messages and firings, and reads the child's peak resident memory (Node, the
 * server's modules and, on SQLite, the database's page cache; PostgreSQL's own memory is not in it).
 * Targets: a sweep ≤ 5 s, peak memory ≤ 500 MiB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stewardDatabase } from './steward-data.mjs';
import { median, openSql, root, runChildScript } from './support.mjs';
import { resultFile } from './result-file.mjs';

const dataNow = '2026-11-05T01:00:00.000Z'; // Thursday 09:00 in Shanghai
const mib = (bytes) => bytes / 1024 / 1024;
const orgId = 'org_bench';

/** The child: one run of the three phases, measured. Prints one JSON line. */
async function child(databaseUrl) {
  const dist = path.join(root, 'packages/server/dist');
  const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
  const { openDatabase } = await load('platform/db/database.js');
  const { composeServices } = await load('composition-root.js');
  const { ManualClock } = await load('platform/clock.js');
  const { loadConfig } = await load('platform/config.js');
  const { SilenceStore, sweepSilence } = await load('modules/silence/index.js');
  const { addStarterLibrary } = await load('modules/talk-tracks/index.js');
  const database = openDatabase(databaseUrl);
  const clock = new ManualClock(dataNow);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const services = composeServices({ database, clock, config });
  const deps = {
    store: new SilenceStore(database.dialect), clock, notifier: services.notifier,
    suggest: (tx, org, leadId, locale, limit) => services.talkTracks.suggestFor(tx, org, leadId, locale, limit),
  };
  // The scripts a new company starts with (the generator writes the company directly): alerts rank them per lead.
  await database.db.transaction().execute((tx) => addStarterLibrary(tx, orgId, clock.now().toISOString()));
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

  /** Firings until no work is left, as the timers would run them. */
  const sweep = async () => {
    const started = performance.now();
    const total = { raised: 0, told: 0, firings: 0, longestFiringMs: 0 };
    for (;;) {
      const firingStarted = performance.now();
      const report = await database.db.transaction().execute(async (tx) => sweepSilence(tx, orgId, await services.stewardSettings.forOrg(tx, orgId), deps));
      total.longestFiringMs = Math.max(total.longestFiringMs, performance.now() - firingStarted);
      total.raised += report.raised;
      total.told += report.told;
      total.firings += 1;
      if (!report.more) break;
    }
    return { ms: performance.now() - started, ...total };
  };
  const count = async (table, where) => {
    let query = database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
    if (where) query = query.where(...where);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  const first = await sweep();
  const firstNotifications = await count('notifications', ['template', '=', 'lead.silent']);
  // Telling the backlog marked half a million alerts told: PostgreSQL's autovacuum clears the old row versions within a
  // minute or two, before the next phases' time; done here at once (and not timed) so they meet the table it leaves.
  if (database.dialect === 'postgres') {
    const maintenance = await openSql(databaseUrl);
    await maintenance.run('vacuum analyze silence_alerts');
    await maintenance.close();
  }
  clock.advance(60_000);
  const minute = await sweep();
  clock.advance(3_600_000);
  const hour = await sweep();
  await database.db.deleteFrom('silence_sweep_marks').execute();
  const rescan = await sweep();
  clearInterval(sampler);
  const open = await count('silence_alerts', ['status', '=', 'open']);
  const notifications = await count('notifications', ['template', '=', 'lead.silent']);
  const peakRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  await services.notifier.close();
  await database.close();
  console.log(JSON.stringify({ first, firstNotifications, minute, hour, rescan, open, notifications, rssBeforeMiB: mib(rssBefore), peakRssMiB: mib(peakRss) }));
}

/** Back to before the steward was switched on: no alerts, no marks, none of their messages or events. */
async function reset(databaseUrl) {
  const sql = await openSql(databaseUrl);
  try {
    await sql.run("delete from notification_deliveries where notification_id in (select id from notifications where template = 'lead.silent')");
    await sql.run("delete from notifications where template = 'lead.silent'");
    await sql.run('delete from silence_alerts');
    await sql.run('delete from silence_sweep_marks');
    await sql.run("delete from events where type like 'silence.%'");
    // As autovacuum keeps a live database (a bulk-loaded table has no visibility map yet).
    await sql.run(databaseUrl.startsWith('sqlite:') ? 'vacuum' : 'vacuum analyze leads, activities, silence_alerts, notifications, events');
  } finally {
    await sql.close();
  }
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      reps: { type: 'string', default: '1000' },
      leads: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '2' },
      reuse: { type: 'boolean', default: false },
      file: { type: 'string', default: path.join(root, 'data', 'silence-bench.db') },
      'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    },
  });
  const dialects = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db];
  if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error('--db is sqlite, postgres or both');
  const [reps, leads, runs] = [Number(args.reps), Number(args.leads), Number(args.runs)];
  const log = (message) => console.error(`[silence-sweep] ${message}`);
  const guard = setTimeout(() => {
    log('giving up: the benchmark took more than 40 minutes');
    process.exit(2);
  }, 40 * 60_000);
  guard.unref();

  const results = [];
  for (const dialect of dialects) {
    const { databaseUrl, load } = await stewardDatabase({
      dialect, file: args.file, pgUrl: args['pg-url'], pgDatabase: 'closeloop_silence', reps, leads, reuse: args.reuse, now: new Date(dataNow), log,
    });
    if (load) results.push({ dialect, kind: 'load', ...load });
    for (let run = 1; run <= runs; run += 1) {
      await reset(databaseUrl);
      const loadAverage = os.loadavg()[0];
      const result = await runChildScript(fileURLToPath(import.meta.url), databaseUrl, 'the sweep run');
      const s = (ms) => (ms / 1000).toFixed(2);
      log(`${dialect} run ${run}: first sweep ${s(result.first.ms)} s (${result.first.raised.toLocaleString('en-US')} alerts, ${result.firstNotifications} messages, ` +
        `${result.first.firings} firings, longest ${s(result.first.longestFiringMs)} s); next minute ${s(result.minute.ms)} s (${result.minute.raised} alerts); ` +
        `an hour later ${s(result.hour.ms)} s (${result.hour.raised} alerts); marks lost ${s(result.rescan.ms)} s (${result.rescan.raised} alerts, ` +
        `${result.rescan.firings} firings); peak RSS ${result.peakRssMiB.toFixed(0)} MiB; load average ${loadAverage.toFixed(2)}`);
      results.push({ dialect, kind: 'run', run, loadAverage, ...result });
    }
  }

  const name = (d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const s = (ms) => (ms / 1000).toFixed(2);
  const row = (label, r) =>
    `| ${label} | ${s(r.first.ms)} | ${r.first.raised.toLocaleString('en-US')} | ${r.firstNotifications.toLocaleString('en-US')} | ${r.first.firings} | ${s(r.first.longestFiringMs)} | ` +
    `${s(r.minute.ms)} | ${r.minute.raised} | ${s(r.hour.ms)} | ${r.hour.raised} | ${s(r.rescan.ms)} | ${r.rescan.raised} | ${r.peakRssMiB.toFixed(0)} | ${r.loadAverage === undefined ? '' : r.loadAverage.toFixed(2)} |`;
  const lines = [
    `# Silence sweep — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${reps.toLocaleString('en-US')} reps, ${leads.toLocaleString('en-US')} leads; Node ${process.version}, ${os.cpus().length} cores.`,
    '',
    '| database / run | first sweep s | alerts | messages | firings | longest firing s | next minute s | alerts | an hour later s | alerts | marks lost s | alerts | peak RSS MiB | load average |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.filter((r) => r.kind === 'run').map((r) => row(`${name(r.dialect)} ${r.run}`, r)),
    ...dialects.map((d) => {
      const mine = results.filter((r) => r.kind === 'run' && r.dialect === d);
      if (mine.length === 0) return '';
      const m = (pick) => median(mine.map(pick));
      const medianRun = {
        first: { ms: m((r) => r.first.ms), raised: m((r) => r.first.raised), firings: m((r) => r.first.firings), longestFiringMs: m((r) => r.first.longestFiringMs) },
        firstNotifications: m((r) => r.firstNotifications), minute: { ms: m((r) => r.minute.ms), raised: m((r) => r.minute.raised) },
        hour: { ms: m((r) => r.hour.ms), raised: m((r) => r.hour.raised) }, rescan: { ms: m((r) => r.rescan.ms), raised: m((r) => r.rescan.raised) }, peakRssMiB: m((r) => r.peakRssMiB),
      };
      return row(`**${name(d)} median**`, medianRun);
    }),
    ...results.filter((r) => r.kind === 'load').map((r) => `\nLoad (${name(r.dialect)}): ${r.seconds.toFixed(0)} s for ${leads.toLocaleString('en-US')} leads and ${r.activities.toLocaleString('en-US')} activities.`),
  ];
  console.log(lines.join('\n'));
  const file = resultFile('silence-sweep');
  fs.writeFileSync(file, JSON.stringify({ reps, leads, results }, null, 2));
  log(`wrote ${path.relative(root, file)}`);
}

const { values: childArgs, positionals } = parseArgs({ options: { child: { type: 'boolean', default: false } }, allowPositionals: true, strict: false });
(childArgs.child ? child(positionals[0]) : main()).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
