/** A formula component: each credited payment pays what the plan's formula says, evaluated exactly (formula.ts). */
import { ZERO, showAmount, showNumber } from './decimal.js';
import { compileFormula, formulaCondition, formulaNumber, FormulaError } from './formula.js';
import { formulaNames, type FormulaComponent } from './plan-schema.js';
import { addLine, creditStep, creditedMajor, formulaInputs, type PersonRun } from './run.js';

const ownRoles = new Set(['revenue', 'team', 'overlay']);

export function formulaLines(run: PersonRun, component: FormulaComponent): void {
  const formula = compileFormula(component.formula, formulaNames);
  const when = component.when ? compileFormula(component.when, formulaNames) : null;
  let periodAmount = ZERO;
  for (const item of run.periodItems) {
    if (!ownRoles.has(item.role)) continue;
    periodAmount = periodAmount.add(creditedMajor(run, item));
    if (item.creditedMinor <= 0) continue;
    const attainment = run.quotaMajor ? periodAmount.div(run.quotaMajor).mul(100) : ZERO;
    const inputs = formulaInputs(run, item, { attainment, periodAmount });
    let amount = ZERO;
    try {
      if (when && !formulaCondition(when.evaluate(inputs))) continue;
      amount = formulaNumber(formula.evaluate(inputs));
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      run.issues.push({ code: 'formula-failed', personId: run.personId, componentId: component.id, transactionId: item.tx.id, detail: error.message });
    }
    const used = Object.fromEntries(
      Object.entries(inputs.values).filter(([name]) => new RegExp(`\\b${name}\\b`).test(component.formula)).map(([name, value]) => [name, showNumber(value.toDecimalPlaces(4))]),
    );
    addLine(run, {
      componentId: component.id, kind: 'commission', item, keyExtra: item.role, amount, inputs: used, formula: component.formula,
      steps: [creditStep(run, item), {
        code: 'formula',
        params: { formula: component.formula, inputs: Object.entries(used).map(([k, v]) => `${k} = ${v}`).join(', '), result: showAmount(amount, run.currency) },
      }],
    });
  }
}
