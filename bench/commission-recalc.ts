/**
 * Commission recalculation benchmark (issue 7): a month for 2,000 reps with 1,000,000 payments on tiered + split
 * plans. Each run is a fresh process (its peak RSS is its own):
 *   full recalc  — index every payment's credits, then calculate every person's period one after another, each
 *                  person's lines counted and let go (--serialise also turns them into JSON, a writer's cost);
 *   incremental  — one more payment arrives: add it to the index and recalculate only the people it touches (its
 *                  reps and the managers above them), 25 times, median and max.
 * Targets: full ≤ 30 s and peak RSS ≤ 1 GiB; incremental ≤ 50 ms. The child runs with --max-old-space-size=768
 * (what a deployment sets): without it V8 grows the heap to about twice the live data before collecting.
 *
 *   npx tsx bench/commission-recalc.ts [--reps 2000] [--payments 1000000] [--runs 2] [--serialise]
 *
 * The machine is shared: the report gives wall time and the process's CPU time (user + system, GC threads
 * included), and the load average before each run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCreditIndex } from '../packages/core/src/commissions/credit.js';
import { calculateEachPerson, calculatePerson, periodContext } from '../packages/core/src/commissions/engine.js';
import type { CalculationInput, CommissionPerson, CommissionTransaction, PlanAssignment, QuotaRecord } from '../packages/core/src/commissions/model.js';
import { planSchema } from '../packages/core/src/commissions/plan-schema.js';
import { resultFile } from './result-file.mjs';

const script = fileURLToPath(import.meta.url);
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const reps = arg('reps', 2000);
const paymentCount = arg('payments', 1_000_000);
const runs = arg('runs', 2);
/** also serialise each person's lines as JSON inside the timed run (a writer's cost, not the engine's) */
const serialise = process.argv.includes('--serialise');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Deterministic pseudo-random numbers (a run is the same data every time). */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function makeInput(): CalculationInput {
  const random = lcg(7);
  const people: CommissionPerson[] = [{ id: 'vp', name: 'VP' }];
  const regions = Math.max(1, Math.ceil(reps / 100));
  for (let g = 0; g < regions; g += 1) people.push({ id: `rg${g}`, managerId: 'vp' });
  const teams = Math.ceil(reps / 10);
  for (let t = 0; t < teams; t += 1) people.push({ id: `tl${t}`, managerId: `rg${Math.floor(t / 10)}`, teamId: `team${t}` });
  for (let r = 0; r < reps; r += 1) people.push({ id: `r${r}`, managerId: `tl${Math.floor(r / 10)}`, teamId: `team${Math.floor(r / 10)}`, ...(r % 97 === 0 ? { joinedOn: '2027-03-16' } : {}) });
  const base = {
    currency: 'CNY', period: 'month', effective: { from: '2027-01-01' }, rounding: { mode: 'half-up' }, clawback: { attainment: 'reduce' },
  };
  const ae = planSchema.parse({
    ...base, id: 'ae', version: 3, name: 'AE',
    components: [{ id: 'base', type: 'table', measure: 'amount', basis: 'period', method: 'marginal', gate: { attainmentAtLeast: 10 },
      bands: [{ upTo: 1_000_000, rate: '2%' }, { upTo: 3_000_000, rate: '3%' }, { upTo: 6_000_000, rate: '4.5%' }, { rate: '6%' }] }],
  });
  const leads = planSchema.parse({
    ...base, id: 'leads', version: 1, name: 'Managers',
    components: [{ id: 'override', type: 'override', levels: [{ rate: '1%' }, { rate: '0.5%' }, { rate: '0.25%' }] }],
  });
  const assignments: PlanAssignment[] = people.map((p) => ({ planId: p.id.startsWith('r') && !p.id.startsWith('rg') ? 'ae' : 'leads', personId: p.id, from: '2027-01-01' }));
  const quotas: QuotaRecord[] = people.filter((p) => /^r\d/.test(p.id)).map((p) => ({ personId: p.id, period: '2027-03', amountMinor: 400_000_000 }));
  const transactions: CommissionTransaction[] = [];
  for (let i = 0; i < paymentCount; i += 1) {
    const rep = Math.floor(random() * reps);
    const roll = random();
    // 20% split 60/40 with a team mate, 3% of those with 20% overlay credit for a specialist on top.
    const credits = roll < 0.2
      ? [{ personId: `r${rep}`, share: '0.6' }, { personId: `r${(rep + 1) % reps}`, share: '0.4' }, ...(roll < 0.006 ? [{ personId: `r${(rep + 37) % reps}`, share: '0.2', overlay: true }] : [])]
      : [{ personId: `r${rep}`, share: '1' }];
    transactions.push({
      id: `pay-${i}`, kind: 'payment', dealId: `deal-${Math.floor(i / 3)}`, date: `2027-03-${String(1 + Math.floor(random() * 31)).padStart(2, '0')}`,
      amountMinor: 50_000 + Math.floor(random() * 1_950_000), currency: 'CNY', credits,
    });
  }
  // Half a percent refunded in part within the month.
  for (let i = 0; i < paymentCount / 200; i += 1) {
    const paid = transactions[Math.floor(random() * paymentCount)]!;
    transactions.push({ id: `refund-${i}`, kind: 'refund', dealId: paid.dealId, date: '2027-03-31', amountMinor: Math.floor(paid.amountMinor / 2), currency: 'CNY', refersTo: paid.id });
  }
  return { period: '2027-03', plans: [ae, leads], people, quotas, assignments, transactions };
}

async function child(): Promise<void> {
  const input = makeInput();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const issues: never[] = [];
  const index = buildCreditIndex(input.transactions, input.people, issues);
  const context = periodContext(input);
  const indexedMs = performance.now() - started;
  let lines = 0;
  let people = 0;
  let totalMinor = 0;
  let bytes = 0;
  for (const result of calculateEachPerson(context, index)) {
    people += 1;
    lines += result.lines.length;
    totalMinor += result.statement?.totalMinor ?? 0;
    if (serialise) bytes += JSON.stringify(result.lines).length;
  }
  const fullMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const fullCpuMs = (cpu.user + cpu.system) / 1000;

  const incremental: number[] = [];
  const incrementalCpu: number[] = [];
  const random = lcg(99);
  for (let i = 0; i < 25; i += 1) {
    const rep = Math.floor(random() * reps);
    const tx: CommissionTransaction = {
      id: `late-${i}`, kind: 'payment', dealId: `late-deal-${i}`, date: '2027-03-31', amountMinor: 1_234_567, currency: 'CNY',
      credits: [{ personId: `r${rep}`, share: '0.6' }, { personId: `r${(rep + 1) % reps}`, share: '0.4' }],
    };
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const touched = index.add(tx);
    let touchedLines = 0;
    for (const personId of [...touched].sort()) touchedLines += calculatePerson(context, index, personId).lines.length;
    incremental.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    incrementalCpu.push((c1.user + c1.system) / 1000);
    if (touchedLines === 0) throw new Error('the late payment paid nobody');
  }
  const out = {
    indexedMs, fullMs, fullCpuMs, people, lines, totalMinor, jsonMiB: bytes / 2 ** 20,
    incrementalMedianMs: median(incremental), incrementalMaxMs: Math.max(...incremental), incrementalCpuMedianMs: median(incrementalCpu),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    // The old generation is held to 768 MiB, as a deployment would set it, so the heap is collected instead of grown.
    const proc = spawn(process.execPath, ['--max-old-space-size=768', '--import', 'tsx', script, '--child', '--reps', String(reps), '--payments', String(paymentCount), ...(serialise ? ['--serialise'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`run exited with ${code}`))));
  });
}

async function parent(): Promise<void> {
  const results: Array<Record<string, number>> = [];
  for (let run = 1; run <= runs; run += 1) {
    const load = os.loadavg()[0]!.toFixed(2);
    const result = await runChild();
    results.push({ ...result, load: Number(load) });
    console.log(`run ${run} (load ${load}): full ${(result.fullMs! / 1000).toFixed(1)} s (CPU ${(result.fullCpuMs! / 1000).toFixed(1)} s, index ${(result.indexedMs! / 1000).toFixed(1)} s), ${result.people} people, ${result.lines} lines, ` +
      `peak RSS ${result.peakRssMiB!.toFixed(0)} MiB; incremental median ${result.incrementalMedianMs!.toFixed(1)} ms (CPU ${result.incrementalCpuMedianMs!.toFixed(1)} ms), max ${result.incrementalMaxMs!.toFixed(1)} ms`);
  }
  const pick = (key: string) => median(results.map((r) => r[key]!));
  const summary = {
    reps, payments: paymentCount, runs, fullSeconds: pick('fullMs') / 1000, fullCpuSeconds: pick('fullCpuMs') / 1000, peakRssMiB: pick('peakRssMiB'),
    incrementalMedianMs: pick('incrementalMedianMs'), incrementalCpuMedianMs: pick('incrementalCpuMedianMs'), incrementalMaxMs: pick('incrementalMaxMs'), lines: results[0]!.lines, results,
  };
  console.log(`medians of ${runs}: full ${summary.fullSeconds.toFixed(1)} s, CPU ${summary.fullCpuSeconds.toFixed(1)} s (target ≤ 30 s), peak RSS ${summary.peakRssMiB.toFixed(0)} MiB (≤ 1,024), ` +
    `incremental ${summary.incrementalMedianMs.toFixed(1)} ms, CPU ${summary.incrementalCpuMedianMs.toFixed(1)} ms (≤ 50 ms)`);
  const file = resultFile('commission-recalc');
  fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

if (process.argv.includes('--child')) await child();
else await parent();
