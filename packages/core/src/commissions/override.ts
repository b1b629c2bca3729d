/** Manager overrides: each level up the hierarchy earns its rate on the revenue credit of the people below it. */
import { showAmount, showRate } from './decimal.js';
import { compileFormula, formulaCondition } from './formula.js';
import { formulaNames, type OverrideComponent } from './plan-schema.js';
import { addLine, creditStep, creditedMajor, formulaInputs, type PersonRun } from './run.js';
import { Dec } from './decimal.js';

export function overrideLines(run: PersonRun, component: OverrideComponent): void {
  const when = component.when ? compileFormula(component.when, formulaNames) : null;
  for (const item of run.periodItems) {
    if (item.role !== 'override' || item.creditedMinor <= 0) continue;
    const level = component.levels[item.level - 1];
    if (!level) continue;
    if (when && !formulaCondition(when.evaluate(formulaInputs(run, item)))) continue;
    const base = creditedMajor(run, item);
    const rate = new Dec(level.rate);
    const amount = base.mul(rate);
    addLine(run, {
      componentId: component.id, kind: 'override', item, keyExtra: `L${item.level}:${item.repId}`, amount,
      inputs: { rep: item.repId, level: String(item.level), credited: showAmount(base, run.currency) },
      formula: 'rep credit × level rate',
      steps: [creditStep(run, item), { code: 'override', params: { level: String(item.level), rep: item.repId, base: showAmount(base, run.currency), rate: showRate(rate), result: showAmount(amount, run.currency) } }],
    });
  }
}
