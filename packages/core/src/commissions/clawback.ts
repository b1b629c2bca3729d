/**
 * Clawbacks: a refund or void takes back what the reversed payment paid this person — its commission, multiplier
 * and SPIF lines (overrides follow the period's credit, override.ts) — in the period when the refund happens, never by rewriting a paid period. A refund of
 * part of a payment takes back that part. With a window, nothing is taken back after it closes; pro-rata, the
 * share taken back shrinks day by day over the window.
 */
import type { Explanation } from './explain.js';
import { Dec, fromMinor, showAmount } from './decimal.js';
import type { CreditedItem } from './credit.js';
import { daysBetween, type PayoutLine } from './model.js';
import { addLine, inPeriod, type PersonRun } from './run.js';

const reversible = new Set(['commission', 'multiplier', 'spif']);

export function clawbackLines(run: PersonRun): void {
  const done = new Set<string>();
  const { clawback } = run.plan;
  for (const item of run.periodItems) {
    const payment = item.reverses;
    if (!payment) continue;
    const once = `${item.tx.id}|${payment.id}`;
    if (done.has(once)) continue; // one person may hold two credits on a payment; its lines are reversed once
    done.add(once);
    const sources = sourceLines(run, payment.id);
    if (sources.length === 0) {
      if (!inPeriod(run, payment.date)) run.issues.push({ code: 'nothing-paid-to-reverse', personId: run.personId, transactionId: item.tx.id, detail: `no paid line of ${payment.id} was given (paidLines) to reverse` });
      continue;
    }
    const reversedMinor = item.tx.kind === 'refund' ? Math.min(item.tx.amountMinor, payment.amountMinor) : payment.amountMinor;
    const fraction = new Dec(reversedMinor).div(payment.amountMinor);
    const elapsed = daysBetween(payment.date, item.tx.date);
    const windowSteps: Explanation[] = [];
    let kept = new Dec(1);
    if (clawback.window && elapsed > clawback.window.days) {
      kept = new Dec(0);
      windowSteps.push({ code: 'clawback.outside', params: { elapsed: String(elapsed), window: String(clawback.window.days) } });
    } else if (clawback.window && clawback.mode === 'prorata') {
      kept = new Dec(clawback.window.days - elapsed).div(clawback.window.days);
      windowSteps.push({ code: 'clawback.prorata', params: { window: String(clawback.window.days), elapsed: String(elapsed), kept: `${kept.mul(100).toDecimalPlaces(2).toFixed()}%` } });
    }
    for (const source of sources) {
      const capKept = capKeptFor(run, source);
      const paid = fromMinor(source.amountMinor, run.currency);
      const amount = paid.mul(fraction).mul(kept).mul(capKept).neg();
      const steps: Explanation[] = [{
        code: 'clawback',
        params: { reason: item.tx.kind, payment: `${payment.id} (${source.period})`, fraction: `${fraction.mul(100).toDecimalPlaces(2).toFixed()}%`, paid: showAmount(paid, run.currency), result: showAmount(paid.mul(fraction).neg(), run.currency) },
      }, ...windowSteps];
      if (!capKept.eq(1)) steps.push({ code: 'clawback.capKept', params: { kept: `${capKept.mul(100).toDecimalPlaces(2).toFixed()}%` } });
      addLine(run, {
        componentId: source.componentId, kind: 'clawback', item: item as CreditedItem, keyExtra: `${payment.id}:${source.kind}:${source.key}`, amount,
        inputs: { payment: payment.id, paid: showAmount(paid, run.currency), reversed: showAmount(fromMinor(reversedMinor, run.currency), run.currency) },
        formula: '−(paid × reversed ÷ payment × window share)', steps,
      });
    }
  }
}

/** The lines the payment paid this person: made in this run if it was paid this period, else from the locked lines. */
function sourceLines(run: PersonRun, paymentId: string): PayoutLine[] {
  const own = run.lines.filter((line) => line.transactionId === paymentId && reversible.has(line.kind));
  if (own.length > 0) return own;
  return (run.paidLines.get(`${run.personId}|${paymentId}`) ?? []).filter((line) => reversible.has(line.kind));
}

/** A locked period whose component was capped paid only part of each line; that part is what comes back. */
function capKeptFor(run: PersonRun, source: PayoutLine): Dec {
  if (source.period === run.period.label) return new Dec(1);
  const cap = (run.paidLines.get(`${run.personId}|cap:${source.period}:${source.componentId}`) ?? [])[0];
  return cap?.capKept ? new Dec(cap.capKept) : new Dec(1);
}
