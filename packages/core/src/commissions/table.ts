/**
 * A rate table component: each credited payment of the period pays by the table over its measure, with the tier
 * semantics the plan names (marginal/step, flat/whole, retroactive, interpolated), then the gate, the
 * accelerators/decelerators on attainment. The period cap is applied after clawbacks (engine.ts), over the net.
 */
import type { Explanation } from './explain.js';
import { Dec, HUNDRED, ZERO, showAmount, showMinor, showNumber, showRate } from './decimal.js';
import type { CreditedItem } from './credit.js';
import { compileFormula, formulaCondition } from './formula.js';
import { formulaNames, type TableComponent } from './plan-schema.js';
import { addLine, creditStep, creditedMajor, formulaInputs, measureOf, measureText, type PersonRun } from './run.js';
import { fastTableLines, formulaOf } from './table-fast.js';
import { bandAt, bandsFrom, curveAt, multiplierSlices, slicesOf, type Band } from './tiers.js';

const ownRoles = new Set(['revenue', 'team', 'overlay']);

/** `exactIntegers: false` forces the decimal path (tests compare the two). */
export function tableLines(run: PersonRun, component: TableComponent, options: { exactIntegers?: boolean } = {}): void {
  const when = component.when ? compileFormula(component.when, formulaNames) : null;
  const items = run.periodItems.filter((item) => ownRoles.has(item.role) && (!when || formulaCondition(when.evaluate(formulaInputs(run, item)))));
  if (items.length === 0) return;
  if (component.measure === 'attainment' && !run.quotaMajor) {
    run.issues.push({ code: 'quota-missing', personId: run.personId, componentId: component.id, detail: 'a table over attainment needs a quota for the period' });
    return;
  }
  if (options.exactIntegers !== false && fastTableLines(run, component, items)) return;
  const counts = (item: CreditedItem) => item.creditedMinor > 0 || run.plan.clawback.attainment === 'reduce';

  // Running totals before and after each item: of the table's measure, and of money (for attainment).
  const bands = component.bands ? bandsFrom(component.bands) : [];
  const points = (component.points ?? []).map((p) => ({ at: new Dec(p.at), pay: new Dec(p.pay) }));
  let measureTotal = ZERO;
  let moneyTotal = ZERO;
  const steps = items.map((item) => {
    const measure = measureOf(run, item, component.measure);
    const money = creditedMajor(run, item);
    const before = { measure: measureTotal, money: moneyTotal };
    if (counts(item)) {
      measureTotal = measureTotal.add(measure);
      moneyTotal = moneyTotal.add(money);
    }
    return { item, measure, money, before, after: { measure: measureTotal, money: moneyTotal } };
  });
  const attainment = (money: Dec) => (run.quotaMajor ? money.div(run.quotaMajor).mul(HUNDRED) : null);
  const finalAttainment = attainment(moneyTotal);

  let gateFailed: Explanation | null = null;
  if (component.gate) {
    const gate = new Dec(component.gate.attainmentAtLeast);
    if (finalAttainment === null) run.issues.push({ code: 'quota-missing', personId: run.personId, componentId: component.id, detail: 'a gate on attainment needs a quota; nothing is paid' });
    if (finalAttainment === null || finalAttainment.lt(gate)) {
      gateFailed = { code: 'gate.notMet', params: { attainment: finalAttainment === null ? '—' : `${finalAttainment.toFixed(2)}%`, gate: `${showNumber(gate)}%` } };
    }
  }

  // For attainment tables the rate applies to money: one attainment point is quota/100 of it.
  const basePerUnit = component.measure === 'attainment' ? run.quotaMajor!.div(HUNDRED) : new Dec(1);
  const show = (value: Dec) => measureText(value, component.measure, run.currency);
  // Band edges and rates are shown on every slice; they are formatted once per run.
  const labels = new Map(bands.map((band) => [band, { from: show(band.from), to: bandEnd(band, show), rate: rateText(band.rate, component.measure) }]));
  const money = (value: Dec) => showAmount(value, run.currency);

  for (const step of steps) {
    const { item } = step;
    if (item.creditedMinor <= 0) continue; // reversals are clawbacks (clawback.ts), not negative commission
    const explanation: Explanation[] = [creditStep(run, item)];
    let result = ZERO;
    const start = component.basis === 'period' ? step.before.measure : ZERO;
    const end = component.basis === 'period' ? step.after.measure : step.measure;
    switch (component.method) {
      case 'marginal':
        for (const slice of slicesOf(bands, start, end)) {
          const base = slice.size.mul(basePerUnit);
          const paid = base.mul(slice.band.rate);
          result = result.add(paid);
          explanation.push({ code: 'band.slice', params: { ...labels.get(slice.band)!, base: component.measure === 'quantity' ? show(base) : money(base), result: money(paid) } });
        }
        break;
      case 'flat': {
        const band = bandAt(bands, end);
        const base = step.measure.mul(basePerUnit);
        result = base.mul(band.rate);
        explanation.push({ code: 'band.flat', params: { base: component.measure === 'quantity' ? show(base) : money(base), rate: rateText(band.rate, component.measure), from: show(band.from), to: bandEnd(band, show), reached: show(end), result: money(result) } });
        break;
      }
      case 'retroactive': {
        const band = bandAt(bands, measureTotal);
        const base = step.measure.mul(basePerUnit);
        result = base.mul(band.rate);
        explanation.push({ code: 'band.retro', params: { total: show(measureTotal), from: show(band.from), to: bandEnd(band, show), rate: rateText(band.rate, component.measure), base: component.measure === 'quantity' ? show(base) : money(base), result: money(result) } });
        break;
      }
      case 'interpolated': {
        const payFrom = component.basis === 'period' ? curveAt(points, start) : ZERO;
        const payTo = curveAt(points, end);
        result = payTo.sub(payFrom);
        explanation.push({ code: 'curve', params: { from: show(start), to: show(end), payFrom: money(payFrom), payTo: money(payTo), result: money(result) } });
        break;
      }
    }
    const inputs = { credited: showMinor(item.creditedMinor, run.currency), [component.measure]: show(step.measure), runningTotal: show(step.after.measure) };
    if (gateFailed) {
      addLine(run, { componentId: component.id, kind: 'commission', item, keyExtra: `${item.role}`, amount: ZERO, inputs, formula: formulaOf(component), steps: [...explanation, gateFailed] });
      continue;
    }
    addLine(run, { componentId: component.id, kind: 'commission', item, keyExtra: `${item.role}`, amount: result, inputs, formula: formulaOf(component), steps: explanation });

    if (component.multipliers && run.quotaMajor && !result.isZero()) {
      const bandsM = component.multipliers.bands.map((b) => ({ from: new Dec(b.from), multiplier: new Dec(b.multiplier) }));
      const a0 = attainment(step.before.money)!;
      const a1 = attainment(step.after.money)!;
      const pieces = component.multipliers.method === 'retroactive'
        ? [{ from: a0, to: a1, multiplier: multiplierAtFinal(bandsM, finalAttainment!), portion: new Dec(1) }]
        : multiplierSlices(bandsM, a0, a1);
      let extra = ZERO;
      const multiplierSteps: Explanation[] = [];
      for (const piece of pieces) {
        if (piece.multiplier.eq(1)) continue;
        const base = result.mul(piece.portion);
        const added = base.mul(piece.multiplier.sub(1));
        extra = extra.add(added);
        multiplierSteps.push({ code: 'multiplier', params: { what: piece.multiplier.gt(1) ? 'accelerator' : 'decelerator', multiplier: piece.multiplier.toFixed(), from: `${piece.from.toFixed(2)}%`, to: `${piece.to.toFixed(2)}%`, base: money(base), result: money(added) } });
      }
      if (multiplierSteps.length > 0) {
        addLine(run, { componentId: component.id, kind: 'multiplier', item, keyExtra: `${item.role}`, amount: extra, inputs: { commission: money(result), attainmentBefore: `${a0.toFixed(2)}%`, attainmentAfter: `${a1.toFixed(2)}%` }, formula: 'commission × (multiplier − 1) for the part of the deal in each attainment band', steps: multiplierSteps });
      }
    }
  }
}

function multiplierAtFinal(bands: Array<{ from: Dec; multiplier: Dec }>, attainment: Dec): Dec {
  let found = new Dec(1);
  for (const band of bands) if (attainment.gte(band.from)) found = band.multiplier;
  return found;
}

function bandEnd(band: Band, show: (value: Dec) => string): string {
  return band.to === null ? '∞' : show(band.to);
}

/** Money rates read as %, per-unit rates (quantity) as an amount per unit. */
function rateText(rate: Dec, measure: TableComponent['measure']): string {
  return measure === 'quantity' ? `${rate.toFixed()}/unit` : showRate(rate);
}
