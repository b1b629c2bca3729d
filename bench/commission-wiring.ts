/**
 * Commission wiring benchmark (issue 7) against a real database: a month for 2,000 reps under 50 managers and 5
 * directors (two override levels), `--payments` payments loaded as stored commission transactions with their credits;
 *   full         — a recalculation of the month proposed (computed, diffed against the stored lines, the lines to
 *                  write kept beside the proposal) and accepted (inputs and stored lines checked unchanged, the kept
 *                  lines moved into place inside the database): the "full month" path;
 *   restate      — (--restate) then the plan's rates change (version 2) and the month, its million lines now stored,
 *                  is proposed and accepted again: every line replaced, as when a comp analyst fixes a rate;
 *   incremental  — 25 more payment.confirmed events through the commissions reaction's own code, each in its own
 *                  transaction: the transaction, its credits, the rep, their manager and director recalculated and
 *                  their changed lines written. Median and max.
 * Targets: incremental ≤ 50 ms; full month ≤ 30 s.
 *
 *   NODE_OPTIONS="--max-old-space-size=1024" npx tsx bench/commission-wiring.ts [--payments 1000000] [--reps 2000] [--pg postgres://…] [--in-thread] [--proposals N] [--restate] [--keep]
 * (--keep: the SQLite file stays, with the month accepted, for profiling a step on its own)
 * (the server's own heap limit; a period this big computes in a worker thread, as the server does, unless --in-thread)
 */
import fs from 'node:fs';
import type { KyselyPlugin } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { resultFile } from './result-file.mjs';
import { permissions, planSchema } from '../packages/core/src/index.js';
import { openDatabase, type DatabaseHandle } from '../packages/server/src/platform/db/database.js';
import { migrateToLatest } from '../packages/server/src/platform/db/migrate.js';
import { applyPaymentEvent } from '../packages/server/src/modules/commissions/reaction.js';
import { CommissionService } from '../packages/server/src/modules/commissions/service.js';
import { retireLineBatch } from '../packages/server/src/modules/commissions/retired-lines.js';
import type { AuthContext } from '../packages/server/src/platform/access/auth-context.js';
import type { Write } from '../packages/server/src/platform/http/unit-of-work.js';
import type { Insertable } from 'kysely';
import type { Database } from '../packages/server/src/platform/db/schema.js';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const reps = Number(arg('reps', '2000'));
const payments = Number(arg('payments', '1000000'));
const pgUrl = arg('pg', '');
const orgId = 'org_bench';
const now = '2026-11-30T10:00:00.000Z';

let pgSchema: string | null = null;
let sqliteFile: string | null = null;

async function open(): Promise<DatabaseHandle> {
  if (pgUrl) {
    const schema = (pgSchema = `bench_${Date.now()}`);
    const admin = openDatabase(pgUrl);
    await admin.db.schema.createSchema(schema).execute();
    await admin.close();
    const handle = openDatabase(pgUrl, { pgSchema: schema });
    await migrateToLatest(handle.db);
    return handle;
  }
  const file = (sqliteFile = path.join(os.tmpdir(), `commission-wiring-${Date.now()}.db`));
  const handle = openDatabase(`sqlite:${file}`);
  await migrateToLatest(handle.db);
  return handle;
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** CPU time of every `postgres` process on this machine, ms (Linux /proc; null elsewhere): the server's share of a step. */
function postgresCpuMs(): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch { /* the process ended meanwhile */ }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
const serverCpuSince = (from: number | null) => { const to = postgresCpuMs(); return pgUrl && from !== null && to !== null ? to - from : null; };

async function main() {
  const database = await open();
  const db = database.db;
  await db.insertInto('orgs').values({ id: orgId, name: 'Bench', created_at: now }).execute();
  const directors = 5;
  const managers = 50;
  const users: Array<{ id: string; team: string }> = [];
  const teams: Array<{ id: string; parent_id: string | null; leader_id: string | null }> = [];
  for (let d = 0; d < directors; d += 1) teams.push({ id: `t_d${d}`, parent_id: null, leader_id: `u_d${d}` });
  for (let m = 0; m < managers; m += 1) teams.push({ id: `t_m${m}`, parent_id: `t_d${m % directors}`, leader_id: `u_m${m}` });
  for (let d = 0; d < directors; d += 1) users.push({ id: `u_d${d}`, team: `t_d${d}` });
  for (let m = 0; m < managers; m += 1) users.push({ id: `u_m${m}`, team: `t_m${m}` });
  for (let r = 0; r < reps; r += 1) users.push({ id: `u_r${r}`, team: `t_m${r % managers}` });
  await db.insertInto('teams').values(teams.map((t) => ({ ...t, org_id: orgId, name: t.id, region_id: null, created_at: now, updated_at: now }))).execute();
  for (let i = 0; i < users.length; i += 500) {
    await db.insertInto('users').values(users.slice(i, i + 500).map((u) => ({
      id: u.id, org_id: orgId, name: u.id, email: `${u.id}@bench.cn`, phone: null, phone_normal: null, role: 'rep', team_id: u.team, data_scope: 'own',
      password_hash: 'x', locked_until: null, created_at: now, updated_at: now,
    }))).execute();
  }
  const plan = planSchema.parse({
    id: 'bench', version: 1, name: 'Bench', currency: 'CNY', period: 'month', effective: { from: '2026-01-01' },
    components: [
      { id: 'base', type: 'table', method: 'marginal', bands: [{ upTo: 200000, rate: '2%' }, { upTo: 500000, rate: '3%' }, { upTo: 1000000, rate: '4%' }, { rate: '5%' }] },
      { id: 'override', type: 'override', levels: [{ rate: '1%' }, { rate: '0.5%' }] },
    ],
  });
  await db.insertInto('commission_plans').values({
    id: 'p1', org_id: orgId, plan_key: 'bench', version: 1, name: 'Bench', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
    document: JSON.stringify(plan), source: '', created_by: null, created_at: now,
  }).execute();
  for (let i = 0; i < users.length; i += 500) {
    await db.insertInto('commission_assignments').values(users.slice(i, i + 500).map((u) => ({
      id: `a_${u.id}`, org_id: orgId, plan_key: 'bench', person_id: u.id, team_id: null, from_on: '2026-01-01', to_on: null, created_by: null, created_at: now,
    }))).execute();
  }

  // The month's payments, stored as the reaction stores them (one owner, 100%), with each rep's monthly credit.
  const load = process.hrtime.bigint();
  const months = new Map<string, number>();
  const batch = pgUrl ? 2000 : 1000;
  for (let start = 0; start < payments; start += batch) {
    const txs: Insertable<Database['commission_transactions']>[] = [];
    const credits: Insertable<Database['commission_transaction_credits']>[] = [];
    for (let i = start; i < Math.min(payments, start + batch); i += 1) {
      const rep = `u_r${i % reps}`;
      const amount = 10_000 + ((i * 7919) % 490_000);
      const date = `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`;
      const id = `bench-${i}:c${i}`;
      txs.push({ id, org_id: orgId, kind: 'payment', deal_id: `c${i}`, receipt_id: `r${i}`, date, amount_minor: amount, currency: 'CNY', deal_amount_minor: amount, credits: JSON.stringify([{ personId: rep, share: '1' }]), refers_to: null, source_event_id: `bench-${i}`, created_at: now });
      credits.push({ org_id: orgId, transaction_id: id, person_id: rep, role: 'revenue', date, credited_minor: amount });
      months.set(rep, (months.get(rep) ?? 0) + amount);
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('commission_transactions').values(txs).execute();
      await tx.insertInto('commission_transaction_credits').values(credits).execute();
    });
  }
  const monthRows = [...months].map(([person, minor]) => ({ org_id: orgId, person_id: person, month: '2026-11', revenue_minor: minor }));
  for (let i = 0; i < monthRows.length; i += 500) await db.insertInto('commission_credit_months').values(monthRows.slice(i, i + 500)).execute();
  const loadMs = ms(load);
  console.log(`loaded ${payments} payments for ${reps} reps in ${(loadMs / 1000).toFixed(1)} s (${database.dialect})`);

  const auth: AuthContext = {
    orgId, userId: 'u_d0', role: 'admin', dataScope: 'all', teamIds: [], whitelistRegionIds: [], whitelistIndustries: [], permissions: new Set(permissions),
    principal: { kind: 'session', id: 'bench' }, locale: 'en',
  };
  // As the server composes it: a big period computes in a worker thread (--in-thread: in this one, to compare).
  const service = new CommissionService(db, process.argv.includes('--in-thread') ? {} : { worker: { connection: { url: database.url, options: database.options } } });
  const writeIn = (tx: typeof db): Write => ({ tx, auth, now, audit: async () => undefined, emit: async () => undefined });

  const cpuMs = (from: NodeJS.CpuUsage) => { const used = process.cpuUsage(from); return (used.user + used.system) / 1000; };
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  // --proposals N: the month proposed N times on the same data (each but the last discarded, which drops what it
  // wrote), so that one load gives N samples taken minutes apart at most; the median is reported.
  const proposals: Array<{ proposeMs: number; proposeCpuMs: number; proposeServerCpuMs: number | null }> = [];
  let proposal!: Awaited<ReturnType<CommissionService['proposeRecalculation']>>;
  for (let n = Number(arg('proposals', '1')); n > 0; n -= 1) {
    const proposeAt = process.hrtime.bigint();
    const proposeCpuAt = process.cpuUsage();
    const proposeServerAt = postgresCpuMs();
    proposal = await db.transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period: '2026-11', reason: 'bench' }));
    proposals.push({ proposeMs: ms(proposeAt), proposeCpuMs: cpuMs(proposeCpuAt), proposeServerCpuMs: serverCpuSince(proposeServerAt) });
    console.log(`propose ${(proposals.at(-1)!.proposeMs / 1000).toFixed(1)} s (load ${os.loadavg()[0]!.toFixed(1)})`);
    if (n > 1) await db.transaction().execute((tx) => service.discardRecalculation(writeIn(tx), proposal.id));
  }
  const { proposeMs, proposeCpuMs, proposeServerCpuMs } = [...proposals].sort((a, b) => a.proposeMs - b.proposeMs)[Math.floor(proposals.length / 2)]!;
  const acceptAt = process.hrtime.bigint();
  const acceptCpuAt = process.cpuUsage();
  await db.transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), proposal.id));
  const acceptMs = ms(acceptAt);
  const acceptCpuMs = cpuMs(acceptCpuAt);
  // Peak resident memory of the process (SQLite's pages included, it runs in-process), MiB.
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  let restate: {
    proposeMs: number; proposeCpuMs: number; acceptMs: number; acceptCpuMs: number; peopleChanged: number; peakRssMiB: number;
    /** the rows the accepted month left behind (its earlier generation), deleted by the background sweep's batches */
    retired: { rows: number; batches: number; totalMs: number; longestBatchMs: number };
  } | null = null;
  if (process.argv.includes('--restate')) {
    // The same plan with its top rates changed: every rep's base line and every override above them change.
    const v2 = planSchema.parse({ ...plan, version: 2, components: plan.components.map((c) => (c.id === 'base' ? { ...c, bands: [{ upTo: 200000, rate: '2%' }, { upTo: 500000, rate: '3.5%' }, { upTo: 1000000, rate: '4.5%' }, { rate: '5.5%' }] } : c)) });
    await db.insertInto('commission_plans').values({
      id: 'p2', org_id: orgId, plan_key: 'bench', version: 2, name: 'Bench', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
      document: JSON.stringify(v2), source: '', created_by: null, created_at: now,
    }).execute();
    const at = process.hrtime.bigint();
    const cpuAt = process.cpuUsage();
    const again = await db.transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period: '2026-11', reason: 'bench: rates' }));
    const proposeMs = ms(at);
    const proposeCpuMs = cpuMs(cpuAt);
    const acceptAt = process.hrtime.bigint();
    const acceptCpuAt = process.cpuUsage();
    await db.transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), again.id));
    const acceptMs = ms(acceptAt);
    const acceptCpuMs = cpuMs(acceptCpuAt);
    // The background sweep, batch by batch as its job runs them (each its own transaction).
    const rowsBefore = await db.selectFrom('commission_line_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const retiredAt = process.hrtime.bigint();
    let batches = 0;
    let longestBatchMs = 0;
    for (let more = true; more;) {
      const batchAt = process.hrtime.bigint();
      more = (await db.transaction().execute((tx) => retireLineBatch(tx, orgId))).more;
      batches += 1;
      longestBatchMs = Math.max(longestBatchMs, ms(batchAt));
    }
    const rowsAfter = await db.selectFrom('commission_line_rows').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const retired = { rows: Number(rowsBefore.n) - Number(rowsAfter.n), batches, totalMs: ms(retiredAt), longestBatchMs };
    restate = { proposeMs, proposeCpuMs, acceptMs, acceptCpuMs, peopleChanged: again.peopleChanged, peakRssMiB: process.resourceUsage().maxRSS / 1024, retired };
    console.log(`restated month (rates changed): propose ${(proposeMs / 1000).toFixed(1)} s wall / ${(proposeCpuMs / 1000).toFixed(1)} s CPU (${again.peopleChanged} people changed), accept ${(acceptMs / 1000).toFixed(1)} s wall / ${(acceptCpuMs / 1000).toFixed(1)} s CPU; peak RSS ${restate.peakRssMiB.toFixed(0)} MiB`);
    console.log(`retired rows swept afterwards: ${retired.rows} in ${batches} batches, ${(retired.totalMs / 1000).toFixed(1)} s in all, longest batch ${retired.longestBatchMs.toFixed(0)} ms`);
  }
  const lines = await db.selectFrom('commission_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`full month: propose ${(proposeMs / 1000).toFixed(1)} s wall / ${(proposeCpuMs / 1000).toFixed(1)} s CPU ${proposeServerCpuMs === null ? '' : ` + ${(proposeServerCpuMs / 1000).toFixed(1)} s PostgreSQL CPU`} (${proposal.peopleChanged} people changed), accept ${(acceptMs / 1000).toFixed(1)} s wall / ${(acceptCpuMs / 1000).toFixed(1)} s CPU, ${Number(lines.n)} lines; peak RSS ${peakRssMiB.toFixed(0)} MiB (${rssBefore.toFixed(0)} after loading)`);

  const incremental: number[] = [];
  // Statements each event sends: on PostgreSQL each is a round trip.
  let statements = 0;
  const perEvent: number[] = [];
  const countStatements: KyselyPlugin = {
    transformQuery: (args) => { statements += 1; return args.node; },
    transformResult: async (args) => args.result,
  };
  const incrementalCpu: number[] = [];
  for (let k = 0; k < 25; k += 1) {
    const rep = `u_r${(k * 37) % reps}`;
    const event = {
      id: `late-${k}`, orgId, type: 'payment.confirmed',
      payload: { receiptId: `late-r${k}`, currency: 'CNY', confirmedOn: '2026-11-29', allocations: [{ contractId: `late-c${k}`, amountMinor: 123_456, ownerId: rep, contractTotalMinor: 123_456 }] },
    };
    const at = process.hrtime.bigint();
    const cpuAt = process.cpuUsage();
    statements = 0;
    const outcome = await db.transaction().execute((tx) => applyPaymentEvent(tx.withPlugin(countStatements), event, now));
    perEvent.push(statements);
    incremental.push(ms(at));
    const cpu = process.cpuUsage(cpuAt);
    incrementalCpu.push((cpu.user + cpu.system) / 1000);
    if (k === 0) console.log(`first incremental recalculated ${outcome.recalculated.map((r) => r.personId).join(', ')}`);
  }
  const sorted = [...incremental].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const cpuMedian = [...incrementalCpu].sort((a, b) => a - b)[Math.floor(incrementalCpu.length / 2)]!;
  const statementsMedian = [...perEvent].sort((a, b) => a - b)[Math.floor(perEvent.length / 2)]!;
  console.log(`incremental after one payment: median ${median.toFixed(1)} ms wall (${cpuMedian.toFixed(1)} ms CPU), max ${sorted[sorted.length - 1]!.toFixed(1)} ms (25 payments), ${statementsMedian} statements each; load ${os.loadavg()[0]!.toFixed(1)}`);
  const result = {
    at: new Date().toISOString(), dialect: database.dialect, engineInWorker: !process.argv.includes('--in-thread'), reps, payments, loadMs, full: { proposeMs, proposeCpuMs, proposeServerCpuMs, proposals, acceptMs, acceptCpuMs, lines: Number(lines.n), peakRssMiB, rssAfterLoadMiB: rssBefore }, restate,
    incremental: { medianMs: median, medianCpuMs: cpuMedian, statements: statementsMedian, maxMs: sorted[sorted.length - 1], all: incremental, cpu: incrementalCpu }, loadavg: os.loadavg(),
  };
  fs.writeFileSync(resultFile(`commission-wiring-${database.dialect}`), JSON.stringify(result, null, 2));
  await database.close();
  // The run's own file, so nothing of it stays behind.
  if (sqliteFile && process.argv.includes('--keep')) console.log(`kept ${sqliteFile}`);
  else if (sqliteFile) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${sqliteFile}${suffix}`, { force: true });
  if (pgSchema) {
    // The run's own schema, so nothing of it stays behind.
    const admin = openDatabase(pgUrl);
    await admin.db.schema.dropSchema(pgSchema).cascade().execute();
    await admin.close();
  }
}

await main();
