/**
 * One person's calculation for one period: their plan version, quota and credited items, and the lines made so
 * far. Every component reads and writes through this, so a line always carries its plan, version and rule, and
 * is rounded exactly once, here.
 */
import type { Explanation } from './explain.js';
import { Dec, HUNDRED, ZERO, fromMinor, roundToMinor, showAmount, showMinor, showNumber } from './decimal.js';
import type { CreditedItem } from './credit.js';
import type { FormulaInputs } from './formula.js';
import type { CalculationIssue, LineKind, PayoutLine, PeriodRange } from './model.js';
import type { Measure, Plan } from './plan-schema.js';
import type { ProratedQuota } from './quota.js';

export interface PersonRun {
  period: PeriodRange;
  plan: Plan;
  personId: string;
  currency: string;
  quota: ProratedQuota | null;
  quotaMajor: Dec | null;
  /** all the person's credited items in the input (earlier ones too: SPIF windows), by date then transaction */
  items: readonly CreditedItem[];
  /** those dated inside the period */
  periodItems: readonly CreditedItem[];
  lines: PayoutLine[];
  issues: CalculationIssue[];
  /** direct reports of a person, and a person's revenue credit in the period (minor units): what overrides read */
  reportsOf(personId: string): readonly string[];
  revenueOf(personId: string): number;
  /** lines that depend only on their key, kept between calculations (overrides) */
  lineCache: Map<string, PayoutLine>;
  /** locked lines of earlier periods, by `${personId}|${transactionId}` */
  paidLines: ReadonlyMap<string, readonly PayoutLine[]>;
}

export interface LineDraft {
  componentId: string;
  kind: LineKind;
  item?: CreditedItem;
  /** a key part telling apart lines of one component and transaction (role, level, reversed payment) */
  keyExtra?: string;
  /** the exact amount in major units, rounded here; or null with `rounded` when the caller rounded it exactly */
  amount: Dec | null;
  rounded?: { minor: number; exact: boolean };
  inputs: Record<string, string>;
  formula: string;
  steps: Explanation[];
  capKept?: string;
}

export function addLine(run: PersonRun, draft: LineDraft): PayoutLine {
  const { plan } = run;
  const { minor: amountMinor, exact } = draft.rounded ?? roundToMinor(draft.amount!, run.currency, plan.rounding.mode, plan.rounding.digits);
  const steps = draft.steps;
  if (!exact) steps.push({ code: 'rounded', params: { mode: plan.rounding.mode, result: showMinor(amountMinor, run.currency) } });
  const tx = draft.item?.tx ?? null;
  const line: PayoutLine = {
    key: [run.period.label, run.personId, draft.componentId, draft.kind, tx?.id ?? '', draft.keyExtra ?? ''].join('|'),
    period: run.period.label,
    personId: run.personId,
    planId: plan.id,
    planVersion: plan.version,
    componentId: draft.componentId,
    kind: draft.kind,
    transactionId: tx?.id ?? null,
    dealId: tx?.dealId ?? null,
    date: tx?.date ?? null,
    amountMinor,
    currency: run.currency,
    inputs: draft.inputs,
    formula: draft.formula,
    steps,
  };
  if (draft.capKept !== undefined) line.capKept = draft.capKept;
  run.lines.push(line);
  return line;
}

export function inPeriod(run: PersonRun, date: string): boolean {
  return date >= run.period.start && date <= run.period.end;
}

/** The item's money in major units (signed). */
export function creditedMajor(run: PersonRun, item: CreditedItem): Dec {
  return fromMinor(item.creditedMinor, run.currency);
}

/** The item's measure: credited money, its share of margin or quantity, or its attainment points. Signed like the credit. */
export function measureOf(run: PersonRun, item: CreditedItem, measure: Measure): Dec {
  const sign = item.creditedMinor < 0 ? -1 : 1;
  const source = item.reverses ?? item.tx;
  switch (measure) {
    case 'amount':
      return creditedMajor(run, item);
    case 'margin': {
      if (source.marginMinor === undefined) return ZERO;
      const fraction = item.reverses ? new Dec(Math.abs(item.creditedMinor)).div(sharedMinor(item)) : new Dec(1);
      return fromMinor(source.marginMinor, run.currency).mul(item.share).mul(fraction).mul(sign);
    }
    case 'quantity': {
      if (source.quantity === undefined) return ZERO;
      const fraction = item.reverses ? new Dec(Math.abs(item.creditedMinor)).div(sharedMinor(item)) : new Dec(1);
      return new Dec(String(source.quantity)).mul(item.share).mul(fraction).mul(sign);
    }
    case 'attainment':
      return run.quotaMajor ? creditedMajor(run, item).div(run.quotaMajor).mul(HUNDRED) : ZERO;
  }
}

/** What the person was credited of the reversed payment as a whole (for scaling margin and quantity on a partial refund). */
function sharedMinor(item: CreditedItem): Dec {
  const payment = item.reverses!;
  const whole = new Dec(payment.amountMinor).mul(item.share);
  return whole.isZero() ? new Dec(1) : whole;
}

/** The named values a formula or condition reads for `item`. */
export function formulaInputs(run: PersonRun, item: CreditedItem, extra: { attainment?: Dec; periodAmount?: Dec } = {}): FormulaInputs {
  const source = item.reverses ?? item.tx;
  const abs = (value: Dec) => value.abs();
  const values: Record<string, Dec> = {
    amount: abs(creditedMajor(run, item)),
    margin: abs(measureOf(run, item, 'margin')),
    quantity: abs(measureOf(run, item, 'quantity')),
    share: item.share,
    dealAmount: source.dealAmountMinor === undefined ? ZERO : fromMinor(source.dealAmountMinor, run.currency),
    attainment: extra.attainment ?? ZERO,
    periodAmount: extra.periodAmount ?? ZERO,
    quota: run.quotaMajor ?? ZERO,
  };
  return { values, attributes: source.attributes ?? {} };
}

// Shares are a handful of shared Dec objects (credit.ts), so their text is worked out once each.
const percentTexts = new WeakMap<Dec, string>();

function percentOf(share: Dec): string {
  let text = percentTexts.get(share);
  if (text === undefined) percentTexts.set(share, (text = `${share.mul(HUNDRED).toDecimalPlaces(4).toFixed()}%`));
  return text;
}

/** The "credited 60% of payment P-1 2,500.00 = 1,500.00" step every transaction line starts with. */
export function creditStep(run: PersonRun, item: CreditedItem): Explanation {
  return {
    code: 'credit',
    params: {
      role: item.role,
      share: percentOf(item.share),
      kind: item.tx.kind,
      payment: `${item.tx.id} ${showMinor((item.reverses ?? item.tx).amountMinor, run.currency)}`,
      credited: showMinor(item.creditedMinor, run.currency),
    },
  };
}

export function measureText(value: Dec, measure: Measure, currency: string): string {
  if (measure === 'amount' || measure === 'margin') return showAmount(value, currency);
  if (measure === 'attainment') return `${showNumber(value.toDecimalPlaces(4))}%`;
  return showNumber(value.toDecimalPlaces(4));
}
