/**
 * Sprint bonuses (SPIFs) with their own window and condition: a fixed amount per qualifying deal, paid on the
 * deal's first qualifying payment in the window, and/or a bonus when the window's total reaches a target, paid in
 * the period holding the window's last day. Windows may start before the period: the input then carries the
 * window's earlier payments, which count but do not pay again.
 */
import { Dec, ZERO, showAmount, showNumber } from './decimal.js';
import { compileFormula, formulaCondition } from './formula.js';
import { formulaNames, type SpifComponent } from './plan-schema.js';
import { addLine, creditStep, formulaInputs, inPeriod, measureOf, type PersonRun } from './run.js';

const ownRoles = new Set(['revenue', 'team']);

export function spifLines(run: PersonRun, component: SpifComponent): void {
  const { from, to } = component.window;
  const when = component.when ? compileFormula(component.when, formulaNames) : null;
  const windowItems = run.items.filter((item) => ownRoles.has(item.role) && item.tx.date >= from && item.tx.date <= to);
  const qualifies = (item: (typeof windowItems)[number]) => !when || formulaCondition(when.evaluate(formulaInputs(run, item)));
  const windowText = `${from}–${to}`;

  if (component.perDeal !== undefined) {
    const bonus = new Dec(component.perDeal);
    const paidDeals = new Set<string>();
    for (const item of windowItems) {
      if (item.creditedMinor <= 0 || paidDeals.has(item.tx.dealId) || !qualifies(item)) continue;
      paidDeals.add(item.tx.dealId);
      if (!inPeriod(run, item.tx.date)) continue;
      const amount = bonus.mul(item.share);
      addLine(run, {
        componentId: component.id, kind: 'spif', item, keyExtra: item.role, amount,
        inputs: { deal: item.tx.dealId, share: showNumber(item.share) },
        formula: 'bonus per deal × credit share, once per deal in the window',
        steps: [creditStep(run, item), { code: 'spif.perDeal', params: { window: windowText, deal: item.tx.dealId, bonus: showAmount(bonus, run.currency), share: `${item.share.mul(100).toFixed()}%`, result: showAmount(amount, run.currency) } }],
      });
    }
  }

  if (component.target && inPeriod(run, to)) {
    const total = windowItems.filter((item) => item.creditedMinor < 0 || qualifies(item)).reduce((sum, item) => sum.add(measureOf(run, item, component.target!.measure)), ZERO);
    const atLeast = new Dec(component.target.atLeast);
    if (total.gte(atLeast)) {
      const bonus = new Dec(component.target.bonus);
      addLine(run, {
        componentId: component.id, kind: 'bonus', amount: bonus,
        inputs: { windowTotal: showNumber(total), target: showNumber(atLeast) },
        formula: 'bonus when the window total reaches the target',
        steps: [{ code: 'spif.target', params: { window: windowText, total: showNumber(total), atLeast: showNumber(atLeast), result: showAmount(bonus, run.currency) } }],
      });
    }
  }
}
