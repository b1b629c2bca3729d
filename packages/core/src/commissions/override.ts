/**
 * Manager overrides: each level up the hierarchy earns its rate on the period's revenue credit of each person
 * that many levels below — one line per person and level, e.g. "override level 1 on ben's credit 61,234.00 ×
 * 1%". A refund lowers the person's credit in the period it happens, so the override of that period shrinks
 * with it (overrides follow the credit, not the clawback window). Only the reports' cached period totals are
 * read, so a manager's period costs one line per report, not one per payment of the team.
 */
import { minorUnitDigits } from '../platform/money.js';
import { Dec, fromMinor, showAmount, showMinor, showRate } from './decimal.js';
import { divRound, fractionOf, safe } from './exact-int.js';
import type { OverrideComponent } from './plan-schema.js';
import { addLine, type PersonRun } from './run.js';

export function overrideLines(run: PersonRun, component: OverrideComponent): void {
  let level = [run.personId];
  const seen = new Set(level);
  component.levels.forEach((levelRate, i) => {
    const below: string[] = [];
    for (const managerId of level) for (const reportId of run.reportsOf(managerId)) if (!seen.has(reportId)) { seen.add(reportId); below.push(reportId); }
    level = below;
    const rate = new Dec(levelRate.rate);
    const rateText = showRate(rate);
    // A VP's period has a line per person below: integers (fen × the rate's numerator) keep it cheap and exact.
    const fraction = fractionOf(levelRate.rate);
    const step = 10 ** (minorUnitDigits(run.currency) - (run.plan.rounding.digits ?? minorUnitDigits(run.currency)));
    for (const repId of below) {
      const creditedMinor = run.revenueOf(repId);
      if (creditedMinor === 0) continue;
      // A line depends only on the person's credit and the rate: after one payment, a VP's other 1,999 lines are
      // the same objects as before, not made again.
      const cacheKey = `${run.period.label}|${run.personId}|${run.plan.id}@${run.plan.version}|${component.id}|${i + 1}|${repId}|${creditedMinor}`;
      const cached = run.lineCache.get(cacheKey);
      if (cached) {
        run.lines.push(cached);
        continue;
      }
      const scaled = fraction ? creditedMinor * fraction.num : NaN;
      const exact = fraction !== null && safe(scaled, fraction.den * step);
      const amount = exact ? null : fromMinor(creditedMinor, run.currency).mul(rate);
      const rounded = exact ? { minor: divRound(scaled, fraction.den * step, run.plan.rounding.mode) * step, exact: scaled % (fraction.den * step) === 0 } : undefined;
      const base = showMinor(creditedMinor, run.currency);
      const result = exact ? showMinor(divRound(scaled, fraction.den, 'half-up'), run.currency) : showAmount(amount!, run.currency);
      const line = addLine(run, {
        componentId: component.id, kind: 'override', keyExtra: `L${i + 1}:${repId}`, amount, ...(rounded ? { rounded } : {}),
        inputs: { rep: repId, level: String(i + 1), credited: base },
        formula: "person's revenue credit in the period × level rate",
        steps: [{ code: 'override', params: { level: String(i + 1), rep: repId, base, rate: rateText, result } }],
      });
      run.lineCache.set(cacheKey, line);
    }
  });
}
