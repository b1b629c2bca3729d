/**
 * The hot path of a rate table: money tiers over money (measure amount; marginal, flat or retroactive; no
 * multipliers) in exact integers — fen times a rate's numerator — instead of decimal objects. It makes the same
 * lines, with the same explanation text, as table.ts (a property test holds the two together); whatever it
 * cannot do exactly in integers it leaves to table.ts by returning false.
 */
import type { Explanation } from './explain.js';
import { Dec, HUNDRED, minorScale, showMinor, showNumber, showRate } from './decimal.js';
import { commonDenominator, divRound, fractionOf, safe } from './exact-int.js';
import type { TableComponent } from './plan-schema.js';
import { addLine, creditStep, type PersonRun } from './run.js';
import type { CreditedItem } from './credit.js';
import { minorUnitDigits } from '../platform/money.js';

interface IntBand {
  from: number;
  to: number | null;
  num: number;
  labels: { from: string; to: string; rate: string };
}

export function fastTableLines(run: PersonRun, component: TableComponent, items: readonly CreditedItem[]): boolean {
  if (component.measure !== 'amount' || component.method === 'interpolated' || component.multipliers || !component.bands) return false;
  const digits = minorUnitDigits(run.currency);
  const fractions = component.bands.map((band) => fractionOf(band.rate));
  if (fractions.some((f) => f === null)) return false;
  const { den, nums } = commonDenominator(fractions as Array<{ num: number; den: number }>);
  const bands: IntBand[] = [];
  let from = 0;
  for (const [i, band] of component.bands.entries()) {
    const to = band.upTo === undefined ? null : new Dec(band.upTo).mul(minorScale(digits));
    if (to && (!to.isInteger() || !to.abs().lte(Number.MAX_SAFE_INTEGER))) return false;
    const toMinor = to ? to.toNumber() : null;
    bands.push({ from, to: toMinor, num: nums[i]!, labels: { from: showMinor(from, run.currency), to: toMinor === null ? '∞' : showMinor(toMinor, run.currency), rate: showRate(new Dec(band.rate)) } });
    if (toMinor !== null) from = toMinor;
  }
  const { mode } = run.plan.rounding;
  const step = 10 ** (digits - (run.plan.rounding.digits ?? digits));
  const lineDen = den * step;
  if (!safe(lineDen)) return false;

  const reduce = run.plan.clawback.attainment === 'reduce';
  const totals: Array<{ before: number; after: number }> = [];
  let total = 0;
  for (const item of items) {
    const before = total;
    if (item.creditedMinor > 0 || reduce) total += item.creditedMinor;
    totals.push({ before, after: total });
  }
  if (!safe(total)) return false;

  let gateFailed: Explanation | null = null;
  if (component.gate) {
    const gate = new Dec(component.gate.attainmentAtLeast);
    const attainment = run.quotaMajor ? new Dec(total).div(minorScale(digits)).div(run.quotaMajor).mul(HUNDRED) : null;
    if (!attainment) run.issues.push({ code: 'quota-missing', personId: run.personId, componentId: component.id, detail: 'a gate on attainment needs a quota; nothing is paid' });
    if (!attainment || attainment.lt(gate)) gateFailed = { code: 'gate.notMet', params: { attainment: attainment ? `${attainment.toFixed(2)}%` : '—', gate: `${showNumber(gate)}%` } };
  }
  const bandAt = (value: number) => bands.find((band) => band.to === null || value < band.to) ?? bands[bands.length - 1]!;
  const shown = (scaled: number) => showMinor(divRound(scaled, den, 'half-up'), run.currency);
  const formula = formulaOf(component);

  // Work out every line first: if any product leaves the exact range, table.ts does the whole component.
  const drafts: Array<{ item: CreditedItem; scaled: number; steps: Explanation[]; runningTotal: number }> = [];
  for (const [i, item] of items.entries()) {
    if (item.creditedMinor <= 0) continue;
    const { before, after } = totals[i]!;
    const start = component.basis === 'period' ? before : 0;
    const end = component.basis === 'period' ? after : item.creditedMinor;
    const steps: Explanation[] = [creditStep(run, item)];
    let scaled = 0;
    if (component.method === 'marginal') {
      for (const [b, band] of bands.entries()) {
        const lo = b === 0 ? start : Math.max(start, band.from); // below zero (after a refund) counts in the first band
        const hi = band.to === null ? end : Math.min(end, band.to);
        if (hi <= lo) continue;
        const paid = (hi - lo) * band.num;
        scaled += paid;
        steps.push({ code: 'band.slice', params: { ...band.labels, base: showMinor(hi - lo, run.currency), result: shown(paid) } });
      }
    } else {
      const band = bandAt(component.method === 'flat' ? end : total);
      scaled = item.creditedMinor * band.num;
      const base = showMinor(item.creditedMinor, run.currency);
      steps.push(component.method === 'flat'
        ? { code: 'band.flat', params: { base, rate: band.labels.rate, from: band.labels.from, to: band.labels.to, reached: showMinor(end, run.currency), result: shown(scaled) } }
        : { code: 'band.retro', params: { total: showMinor(total, run.currency), from: band.labels.from, to: band.labels.to, rate: band.labels.rate, base, result: shown(scaled) } });
    }
    if (!safe(scaled)) return false;
    drafts.push({ item, scaled, steps, runningTotal: after });
  }
  for (const draft of drafts) {
    const { item } = draft;
    const credited = showMinor(item.creditedMinor, run.currency);
    const inputs = { credited, amount: credited, runningTotal: showMinor(draft.runningTotal, run.currency) };
    const rounded = gateFailed ? { minor: 0, exact: true } : { minor: divRound(draft.scaled, lineDen, mode) * step, exact: draft.scaled % lineDen === 0 };
    addLine(run, {
      componentId: component.id, kind: 'commission', item, keyExtra: item.role, amount: null, rounded, inputs, formula,
      steps: gateFailed ? [...draft.steps, gateFailed] : draft.steps,
    });
  }
  return true;
}

export function formulaOf(component: TableComponent): string {
  const basis = component.basis === 'period' ? 'the period running total' : 'this deal alone';
  switch (component.method) {
    case 'marginal': return `Σ (slice of ${basis} in each band × band rate)`;
    case 'flat': return `whole amount × rate of the band reached by ${basis}`;
    case 'retroactive': return 'amount × rate of the band reached by the period total';
    case 'interpolated': return `curve(${component.basis === 'period' ? 'total after' : 'deal'}) − curve(${component.basis === 'period' ? 'total before' : '0'})`;
  }
}
