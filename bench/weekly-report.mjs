#!/usr/bin/env node
/**
 * The Friday lead-health report at scale (A6): 1,000 reps with 1,000,000 leads, on 127.0.0.1 only. Run after
 * `npm run build`:
 *
 *   node bench/weekly-report.mjs [--db sqlite|postgres|both] [--reps 1000] [--leads 1000000] [--runs 2] [--reuse]
 *                                [--file data/steward-bench.db] [--pg-url postgres://postgres@127.0.0.1:5432]
 *
 * Loads the company with bench/steward-data.mjs (dated Friday 6 November 2026, 15:00 in Shanghai; `--reuse` keeps a
 * database already loaded with the same sizes), then runs the report in a fresh child process per run, as the
 * schedule would at 16:00: the built server's LeadHealthService.publishWeek in one transaction — the grouped pass over
 * the leads, one report row per rep, the notifications. Before each run the week's reports and notifications are
 * removed, so every run writes them all. It times the run and reads the child's peak resident memory (the whole
 * process: Node, the server's modules and, on SQLite, the database's page cache; PostgreSQL's own memory is not in
 * it). Also timed, for the board: the company's figures (30-day follow-up and activity rates, one pass each) and a
 * regional manager's live view of the week (100 reps). Targets: report ≤ 60 s, peak memory ≤ 500 MiB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stewardDatabase } from './steward-data.mjs';
import { median, openSql, root, runChildScript } from './support.mjs';
import { resultFile } from './result-file.mjs';

const dataNow = '2026-11-06T07:00:00.000Z'; // Friday 15:00 in Shanghai: the data as it stands an hour before the report
const reportAt = '2026-11-06T08:00:00.000Z'; // Friday 16:00
const week = '2026-11-06';
const mib = (bytes) => bytes / 1024 / 1024;

/** The child: one report run, measured. Prints one JSON line. */
async function child(databaseUrl) {
  const dist = path.join(root, 'packages/server/dist');
  const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
  const { openDatabase } = await load('platform/db/database.js');
  const { composeServices } = await load('composition-root.js');
  const { ManualClock } = await load('platform/clock.js');
  const { loadConfig } = await load('platform/config.js');
  const { permissions } = await import(pathToFileURL(path.join(root, 'packages/core/dist/index.js')).href);
  const database = openDatabase(databaseUrl);
  const clock = new ManualClock(reportAt);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const services = composeServices({ database, clock, config });
  const orgId = 'org_bench';
  const rssBefore = process.memoryUsage().rss;
  let peakSampled = rssBefore;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, process.memoryUsage().rss)), 20);

  const started = performance.now();
  const published = await database.db.transaction().execute((tx) => services.leadHealth.publishWeek(tx, orgId, week, clock.now()));
  const reportMs = performance.now() - started;
  const maxRssAfterReport = process.resourceUsage().maxRSS * 1024;

  const auth = (userId, role, dataScope, teamIds = []) => ({
    orgId, userId, role, dataScope, teamIds, whitelistRegionIds: [], whitelistIndustries: [], permissions: new Set(permissions),
    principal: { kind: 'token', id: 'bench' }, locale: 'zh-CN',
  });
  const figuresStarted = performance.now();
  const company = await services.stewardFigures.figures(auth('u_admin', 'admin', 'all'), { level: 'company' });
  const figuresMs = performance.now() - figuresStarted;
  const regionTeams = ['t_region_0', ...Array.from({ length: 10 }, (_, i) => `t_team_${i}`)];
  const liveStarted = performance.now();
  const live = await services.leadHealth.current(auth('u_rm_0', 'manager', 'team', regionTeams), {});
  const liveMs = performance.now() - liveStarted;
  clearInterval(sampler);

  const [{ n: notes }] = await database.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('template', '=', 'lead_health.weekly').execute();
  await services.notifier.close();
  await database.close();
  console.log(JSON.stringify({
    reportMs, written: published.written, reps: published.reps, notifications: Number(notes), rssBeforeMiB: mib(rssBefore),
    peakRssReportMiB: mib(maxRssAfterReport), peakRssMiB: mib(Math.max(peakSampled, process.resourceUsage().maxRSS * 1024)),
    figuresMs, followUpRate: company.rows[0].followUpRate, activityRate: company.rows[0].activityRate, liveMs, liveReps: live.items.length,
  }));
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      reps: { type: 'string', default: '1000' },
      leads: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '2' },
      reuse: { type: 'boolean', default: false },
      file: { type: 'string', default: path.join(root, 'data', 'steward-bench.db') },
      'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    },
  });
  const dialects = args.db === 'both' ? ['sqlite', 'postgres'] : [args.db];
  if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) throw new Error('--db is sqlite, postgres or both');
  const [reps, leads, runs] = [Number(args.reps), Number(args.leads), Number(args.runs)];
  const log = (message) => console.error(`[weekly-report] ${message}`);
  const guard = setTimeout(() => {
    log('giving up: the benchmark took more than 40 minutes');
    process.exit(2);
  }, 40 * 60_000);
  guard.unref();

  const results = [];
  for (const dialect of dialects) {
    const { databaseUrl, load } = await stewardDatabase({
      dialect, file: args.file, pgUrl: args['pg-url'], pgDatabase: 'closeloop_steward', reps, leads, reuse: args.reuse, now: new Date(dataNow), log,
    });
    if (load) results.push({ dialect, kind: 'load', ...load });
    for (let run = 1; run <= runs; run += 1) {
      const sql = await openSql(databaseUrl);
      await sql.run("delete from notification_deliveries where notification_id in (select id from notifications where template = 'lead_health.weekly')");
      await sql.run("delete from notifications where template = 'lead_health.weekly'");
      await sql.run('delete from lead_health_reports');
      await sql.close();
      const loadAverage = os.loadavg()[0];
      const result = await runChildScript(fileURLToPath(import.meta.url), databaseUrl, 'the report run');
      if (result.written !== reps || result.notifications !== reps) throw new Error(`expected ${reps} reports and notifications, got ${JSON.stringify(result)}`);
      log(`${dialect} run ${run}: report ${(result.reportMs / 1000).toFixed(1)} s, peak RSS ${result.peakRssReportMiB.toFixed(0)} MiB ` +
        `(before ${result.rssBeforeMiB.toFixed(0)} MiB); figures ${(result.figuresMs / 1000).toFixed(1)} s, live view ${(result.liveMs / 1000).toFixed(1)} s; load average ${loadAverage.toFixed(2)}`);
      results.push({ dialect, kind: 'run', run, loadAverage, ...result });
    }
  }

  const name = (d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const s = (ms) => (ms / 1000).toFixed(1);
  const lines = [
    `# Weekly lead-health report — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${reps.toLocaleString('en-US')} reps, ${leads.toLocaleString('en-US')} leads; Node ${process.version}, ${os.cpus().length} cores.`,
    '',
    '| database | run | report s | peak RSS MiB | RSS before MiB | company figures s | manager live view s | load average |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.filter((r) => r.kind === 'run').map((r) =>
      `| ${name(r.dialect)} | ${r.run} | ${s(r.reportMs)} | ${r.peakRssReportMiB.toFixed(0)} | ${r.rssBeforeMiB.toFixed(0)} | ${s(r.figuresMs)} | ${s(r.liveMs)} | ${r.loadAverage.toFixed(2)} |`),
    ...dialects.map((d) => {
      const mine = results.filter((r) => r.kind === 'run' && r.dialect === d);
      if (mine.length === 0) return '';
      const m = (key) => median(mine.map((r) => r[key]));
      return `| **${name(d)}** | median | **${s(m('reportMs'))}** | **${m('peakRssReportMiB').toFixed(0)}** | ${m('rssBeforeMiB').toFixed(0)} | ${s(m('figuresMs'))} | ${s(m('liveMs'))} | |`;
    }),
    ...results.filter((r) => r.kind === 'load').map((r) => `\nLoad (${name(r.dialect)}): ${r.seconds.toFixed(0)} s for ${leads.toLocaleString('en-US')} leads and ${r.activities.toLocaleString('en-US')} activities.`),
  ];
  console.log(lines.join('\n'));
  const file = resultFile('weekly-report');
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
