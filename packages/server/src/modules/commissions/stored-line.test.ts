import fs from 'node:fs';
import path from 'node:path';
import type { PayoutLine } from '@closeloop/core';
import { describe, expect, it } from 'vitest';
import { planFromText, simulate, transactionsFromCsv } from './simulation.js';
import { lineDigest, lineFromRow, stepsFromJson, storedLineJson, type StoredLineRow } from './stored-line.js';

const examples = path.resolve(import.meta.dirname, '../../../../../docs/examples/commission');

const line: PayoutLine = {
  key: 'p1|base|tx1', period: '2026-11', personId: 'p1', planId: 'sales', planVersion: 3, componentId: 'base', kind: 'commission',
  transactionId: 'tx1', dealId: 'd1', date: '2026-11-05', amountMinor: 12_345, currency: 'CNY',
  inputs: { credited: '1,234.50', rate: '10%' }, formula: 'credited × rate', steps: [{ code: 'band.flat', params: { rate: '10%' } }],
};

function rowOf(l: PayoutLine, json: string): StoredLineRow {
  return {
    line_key: l.key, period: l.period, person_id: l.personId, plan_key: l.planId, plan_version: l.planVersion, component_id: l.componentId, kind: l.kind,
    transaction_id: l.transactionId, deal_id: l.dealId, amount_minor: String(l.amountMinor), currency: l.currency, line: json,
  };
}

describe('stored commission lines', () => {
  it('keep in the JSON only what no column holds, and read back the whole line', () => {
    const json = storedLineJson(line);
    // A step whose parameters are not its code's stored list (here one of six) is kept as it is.
    expect(JSON.parse(json)).toEqual({ date: line.date, inputs: line.inputs, formula: line.formula, steps: line.steps });
    expect(lineFromRow(rowOf(line, json))).toStrictEqual(line);
    const capped: PayoutLine = { ...line, kind: 'cap', capKept: '0.8' };
    expect(lineFromRow(rowOf(capped, storedLineJson(capped)))).toStrictEqual(capped);
  });

  it('keep the steps the engine makes as their values only, and read every line of the example plan back whole', () => {
    const plan = planFromText(fs.readFileSync(path.join(examples, 'plan.yaml'), 'utf8'), 'plan.yaml');
    const lines = simulate(plan, transactionsFromCsv(fs.readFileSync(path.join(examples, 'transactions.csv'), 'utf8'), plan), fs.readFileSync(path.join(examples, 'people.csv'), 'utf8'))
      .flatMap((result) => result.lines);
    expect(lines.length).toBeGreaterThan(10);
    let steps = 0;
    let positional = 0;
    for (const each of lines) {
      const json = storedLineJson(each);
      expect(lineFromRow(rowOf(each, json))).toStrictEqual(each);
      expect(stepsFromJson(json)).toStrictEqual(each.steps);
      for (const stored of (JSON.parse(json) as { steps: unknown[] }).steps) {
        steps += 1;
        if (Array.isArray(stored)) positional += 1;
      }
    }
    // Every step the engine makes matches its stored list: a parameter renamed or reordered in core shows here.
    expect(positional).toBe(steps);
    const slice = { code: 'band.slice', params: { from: '0.00', to: '200,000.00', rate: '2%', base: '1,000.00', result: '20.00' } } as const;
    expect(JSON.parse(storedLineJson({ ...line, steps: [slice] })).steps).toEqual([['band.slice', '0.00', '200,000.00', '2%', '1,000.00', '20.00']]);
    // Reordered, one more or one fewer: not the stored list, so kept whole, and read back as made.
    const { result, ...fewer } = slice.params;
    const odd = [
      { code: 'band.slice', params: { to: '200,000.00', from: '0.00', rate: '2%', base: '1,000.00', result } },
      { code: 'band.slice', params: { ...slice.params, note: 'x' } },
      { code: 'band.slice', params: fewer },
    ] as PayoutLine['steps'];
    // Parameters inherited rather than its own are not the list either (what JSON.stringify writes decides).
    const { from, to, rate, base } = slice.params;
    odd.push({ code: 'band.slice', params: Object.assign(Object.create({ result }) as Record<string, string>, { from, to, rate, base }) });
    const oddJson = storedLineJson({ ...line, steps: odd });
    expect(JSON.parse(oddJson).steps).toEqual(odd.map((step) => ({ code: step.code, params: { ...step.params } })));
    expect(stepsFromJson(oddJson).slice(0, 3)).toStrictEqual(odd.slice(0, 3));
    expect(stepsFromJson(oddJson)[3]).toStrictEqual({ code: 'band.slice', params: { from, to, rate, base } });
  });

  it('read rows stored before with the whole line as JSON, the columns winning', () => {
    expect(lineFromRow(rowOf(line, JSON.stringify(line)))).toStrictEqual(line);
    const row = { ...rowOf(line, JSON.stringify({ ...line, amountMinor: 1 })), amount_minor: 12_345 };
    expect(lineFromRow(row).amountMinor).toBe(12_345);
  });

  it('digest every part of the line, columns included', () => {
    const digest = lineDigest(line, storedLineJson(line));
    expect(lineDigest({ ...line }, storedLineJson({ ...line }))).toBe(digest);
    for (const changed of [{ amountMinor: 12_346 }, { planVersion: 4 }, { key: 'p1|base|tx2' }, { dealId: null }, { currency: 'USD' }, { formula: 'x' }] as Array<Partial<PayoutLine>>) {
      const other = { ...line, ...changed };
      expect(lineDigest(other, storedLineJson(other))).not.toBe(digest);
    }
  });
});
