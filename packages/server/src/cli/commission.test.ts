import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from '../cli.js';

const examples = fileURLToPath(new URL('../../../../docs/examples/commission/', import.meta.url));
const example = (name: string) => path.join(examples, name);

function capture(): CliIo & { lines: string[]; errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), text: () => [...lines, ...errors].join('\n') };
}

const run = async (...args: string[]) => {
  const io = capture();
  const code = await main(['commission', 'simulate', ...args], io, { LOG_LEVEL: 'silent' });
  return { code, io, text: io.text() };
};

describe('closeloop commission simulate', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-commission-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the example's payout lines per transaction and the totals, paying the duplicated P6 once", async () => {
    const { code, io } = await run('--plan', example('plan.yaml'), '--transactions', example('transactions.csv'), '--people', example('people.csv'));
    expect(code).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toContain('slice 2,000.00–6,000.00 × 3% on 1,500.00 of this deal = 45.00');
    expect(io.lines.filter((line) => /^ {4}ana +q1-sprint +500\.00/.test(line))).toHaveLength(1);
    expect(text).toMatch(/ana +6080\.00 +— +664\.00/);
    expect(text).toContain('refund P3 (2027-Q1): takes back 33.33% of the 45.00 it paid = -15.00; pro-rata over 180 days: 62 days after payment');
    expect(text).toMatch(/ {2}all +1187\.87$/m);
  });

  it('answers in JSON with the explanations in Chinese', async () => {
    const { code, io } = await run('--plan', example('plan.yaml'), '--transactions', example('transactions.csv'), '--json', '--lang', 'zh-CN');
    expect(code).toBe(0);
    const out = JSON.parse(io.lines.join('\n')) as { periods: Array<{ period: string; lines: Array<{ transactionId: string; personId: string; amount: string; explanation: string }> }>; totals: Record<string, number> };
    expect(out.periods.map((p) => p.period)).toEqual(['2027-Q1', '2027-Q2']);
    const p3 = out.periods[0]!.lines.find((line) => line.transactionId === 'P3' && line.personId === 'ana')!;
    expect(p3).toMatchObject({ amount: '45.00', explanation: '业绩分配：回款 P3 1,500.00 的 100% = 1,500.00；区间 2,000.00–6,000.00 × 3%，本单落在该区间 1,500.00 = 45.00' });
    expect(out.totals.ana).toBe(65_417);
  });

  it('names the place of each problem in a bad plan and a bad CSV line, with exit code 1', async () => {
    const plan = path.join(dir, 'bad.yaml');
    fs.writeFileSync(plan, 'id: x\nversion: 1\nname: x\ncurrency: CNY\nperiod: quarter\neffective: { from: 2027-01-01 }\ncomponents:\n  - { id: t, type: table, bands: [ { rate: lots } ] }\n');
    const badPlan = await run('--plan', plan, '--transactions', example('transactions.csv'));
    expect(badPlan.code).toBe(1);
    expect(badPlan.text).toContain('components.0.bands.0.rate: "lots" is not a rate; write it as 3% or 0.03');
    const csv = path.join(dir, 'tx.csv');
    fs.writeFileSync(csv, 'id,kind,deal,date,amount,credits\nP1,payment,D1,2027-01-10,12.345,ana=100%\n');
    const badCsv = await run('--plan', example('plan.yaml'), '--transactions', csv);
    expect(badCsv.code).toBe(1);
    expect(badCsv.text).toContain('closeloop: transactions line 2: amount "12.345" is not an amount');
  });
});
