import { describe, expect, it } from 'vitest';
import type { CommissionSimulation } from '../api/commissions';
import { componentTotals, listedAndOmitted, planProblems, simulationTotals, sumOf } from './lines';

const line = (componentId: string, amountMinor: number) => ({ componentId, kind: 'commission', amountMinor });

describe('the arithmetic of a statement page', () => {
  it('totals each rule in the order the rules first appear, and the rules add up to the lines', () => {
    const lines = [line('base', 2_400), line('spif', 50_000), line('base', 3_000), line('base', -1_200)];
    const totals = componentTotals(lines);
    expect(totals.map((t) => [t.componentId, t.amountMinor, t.lines])).toEqual([['base', 4_200, 3], ['spif', 50_000, 1]]);
    expect(sumOf(totals)).toBe(sumOf(lines));
  });

  it('sums a simulation per person across its periods, with the grand total', () => {
    const statement = (personId: string, totalMinor: number) => ({
      personId, period: '2027-Q1', planId: 'east-ae', planVersion: 1, currency: 'CNY', totalMinor, total: '', byComponent: {}, lineCount: 1,
      creditedMinor: 0, quotaMinor: null, attainment: null, drawBalanceMinor: 0,
    });
    const result: CommissionSimulation = {
      plan: { id: 'east-ae', version: 1, name: 'East', currency: 'CNY' },
      periods: [
        { period: '2027-Q1', lines: [], statements: [statement('ben', 1_000), statement('ana', 16_400)], issues: [] },
        { period: '2027-Q2', lines: [], statements: [statement('ana', -2_000)], issues: [] },
      ],
      totals: { ana: 14_400, ben: 1_000 },
    };
    const totals = simulationTotals(result);
    expect(totals.periods).toEqual(['2027-Q1', '2027-Q2']);
    expect(totals.people).toEqual([
      { personId: 'ana', byPeriod: { '2027-Q1': 16_400, '2027-Q2': -2_000 }, totalMinor: 14_400 },
      { personId: 'ben', byPeriod: { '2027-Q1': 1_000 }, totalMinor: 1_000 },
    ]);
    expect(totals.totalMinor).toBe(15_400);
  });

  it('lists a refused plan\'s problems with the whole-document ones first', () => {
    expect(planProblems({ 'plan.components.0.bands.1.upTo': 'must rise', plan: 'not a plan' })).toEqual([
      { path: '', message: 'not a plan' },
      { path: 'components.0.bands.1.upTo', message: 'must rise' },
    ]);
    expect(planProblems({ 'body.source': 'not YAML: bad indentation' })).toEqual([{ path: '', message: 'not YAML: bad indentation' }]);
  });
});

describe('a proposal too large to list every changed line', () => {
  it('counts the lines listed and those only counted (linesOmitted), over all people', () => {
    const people = [{ lines: [1, 2, 3] }, { lines: [1], linesOmitted: 19_997 }, { lines: [], linesOmitted: 5 }];
    expect(listedAndOmitted(people)).toEqual({ listed: 4, omitted: 20_002 });
    expect(listedAndOmitted([{ lines: [1] }])).toEqual({ listed: 1, omitted: 0 });
  });
});
