/**
 * Draws: a guaranteed minimum for a period. When the period earns less, a draw line tops it up. A recoverable
 * draw is an advance: what was topped up is owed, and is recovered from later periods' earnings above the draw.
 * A non-recoverable draw is simply a floor.
 */
import { Dec, fromMinor, showAmount, toMinor } from './decimal.js';
import { addLine, type PersonRun } from './run.js';

/** Adds the draw or recovery line; returns the recoverable balance owed after the period (minor units). */
export function drawLines(run: PersonRun, balanceMinor: number): number {
  const draw = run.plan.draw;
  if (!draw) return balanceMinor;
  const drawMinor = toMinor(new Dec(draw.amount), run.currency);
  const earnedMinor = run.lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const money = (minor: number) => showAmount(fromMinor(minor, run.currency), run.currency);
  if (earnedMinor < drawMinor) {
    const topUp = drawMinor - earnedMinor;
    addLine(run, {
      componentId: 'draw', kind: 'draw', amount: fromMinor(topUp, run.currency),
      inputs: { draw: money(drawMinor), earned: money(earnedMinor), recoverable: String(draw.recoverable) },
      formula: 'draw − earned, when earned is below the draw',
      steps: [{ code: 'draw.topUp', params: { draw: money(drawMinor), earned: money(earnedMinor), result: money(topUp) } }],
    });
    return draw.recoverable ? balanceMinor + topUp : balanceMinor;
  }
  if (!draw.recoverable || balanceMinor <= 0) return balanceMinor;
  const recovered = Math.min(balanceMinor, earnedMinor - drawMinor);
  if (recovered <= 0) return balanceMinor;
  addLine(run, {
    componentId: 'draw', kind: 'draw-recovery', amount: fromMinor(-recovered, run.currency),
    inputs: { owed: money(balanceMinor), earned: money(earnedMinor), draw: money(drawMinor) },
    formula: '−min(owed, earned − draw)',
    steps: [{ code: 'draw.recovery', params: { balance: money(balanceMinor), earned: money(earnedMinor), draw: money(drawMinor), result: money(-recovered) } }],
  });
  return balanceMinor - recovered;
}
