/**
 * What the commission engine reads and writes. Amounts are integer minor units (fen, cents) of `currency`; dates
 * are the company's business dates (YYYY-MM-DD), already turned from instants at the edge. Nothing here holds a
 * clock: the period being calculated is named in the input.
 */
import type { Plan } from './plan-schema.js';
import type { Explanation } from './explain.js';

/** Who is credited with a payment and by how much (share "0.6" = 60%). */
export interface CreditShare {
  /** a person, or... */
  personId?: string;
  /** ...a team, whose members on the payment's date share the credit equally */
  teamId?: string;
  share: string;
  /** overlay credit is on top of the 100% (a specialist's or partner manager's), not carved out of it */
  overlay?: boolean;
}

export interface CommissionTransaction {
  /** unique per event: the same id twice is the same event and pays once */
  id: string;
  kind: 'payment' | 'refund' | 'void';
  dealId: string;
  date: string;
  /** money collected (payment) or returned (refund, as a positive number); minor units */
  amountMinor: number;
  currency: string;
  /** the deal's whole value, for formulas and SPIF conditions */
  dealAmountMinor?: number;
  /** margin on this payment's money, minor units */
  marginMinor?: number;
  quantity?: string | number;
  /** who is credited (payments); a refund or void follows the credits of what it reverses */
  credits?: CreditShare[];
  /** a refund names the payment it returns money from */
  refersTo?: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface CommissionPerson {
  id: string;
  name?: string;
  managerId?: string | null;
  teamId?: string | null;
  /** first and last working day; a quota is prorated over the days between inside the period */
  joinedOn?: string | null;
  leftOn?: string | null;
}

/** A plan given to a person (or every member of a team) for a date range. */
export interface PlanAssignment {
  planId: string;
  personId?: string;
  teamId?: string;
  from: string;
  to?: string | null;
}

export interface QuotaRecord {
  personId: string;
  /** "2027-Q1" or "2027-03" */
  period: string;
  amountMinor: number;
}

export type LineKind =
  | 'commission' | 'multiplier' | 'cap' | 'override' | 'spif' | 'bonus' | 'clawback' | 'draw' | 'draw-recovery' | 'adjustment';

export interface PayoutLine {
  /** stable across recalculations: what diffs and locks compare */
  key: string;
  period: string;
  personId: string;
  planId: string;
  planVersion: number;
  /** the plan component (rule) that made the line */
  componentId: string;
  kind: LineKind;
  transactionId: string | null;
  dealId: string | null;
  date: string | null;
  amountMinor: number;
  currency: string;
  /** the line's inputs as shown to a person, e.g. { credited: "1,500.00", share: "60%" } */
  inputs: Record<string, string>;
  /** the rule in words of arithmetic, e.g. "Σ slice × rate" */
  formula: string;
  /** the arithmetic, one step each, rendered in a person's language by renderExplanation */
  steps: Explanation[];
  /** on cap lines: the part of the period's earnings kept (paid ÷ earned), so a later clawback takes back only what was paid */
  capKept?: string;
}

export interface Statement {
  personId: string;
  period: string;
  planId: string;
  planVersion: number;
  currency: string;
  /** exactly the sum of the person's lines for the period */
  totalMinor: number;
  byComponent: Record<string, number>;
  lineCount: number;
  creditedMinor: number;
  quotaMinor: number | null;
  /** attainment in % (decimal text, 2 places), null without a quota */
  attainment: string | null;
  /** recoverable draw still owed after this period */
  drawBalanceMinor: number;
}

export interface CalculationIssue {
  code: 'duplicate-conflict' | 'currency-mismatch' | 'refund-without-payment' | 'nothing-paid-to-reverse' | 'no-credits' | 'quota-missing' | 'formula-failed' | 'shares-not-whole';
  transactionId?: string;
  personId?: string;
  componentId?: string;
  detail: string;
}

export interface CalculationInput {
  /** "2027-Q1" or "2027-03"; only plans of that cadence are calculated */
  period: string;
  plans: readonly Plan[];
  assignments: readonly PlanAssignment[];
  people: readonly CommissionPerson[];
  quotas: readonly QuotaRecord[];
  /**
   * The period's transactions, plus any earlier ones they need: payments that a refund or void reverses, and
   * payments inside an open SPIF window. Only those dated inside the period pay.
   */
  transactions: readonly CommissionTransaction[];
  /** lines of earlier (locked) periods: what a clawback reverses when the payment was paid before this period */
  paidLines?: readonly PayoutLine[];
  /** recoverable draw owed per person at the start of the period, minor units */
  drawBalances?: Readonly<Record<string, number>>;
  /** false: every table in decimal.js, never the exact-integer fast path (tests hold the two paths together) */
  exactIntegers?: boolean;
}

export interface CalculationResult {
  period: string;
  lines: PayoutLine[];
  statements: Statement[];
  issues: CalculationIssue[];
}

export interface PeriodRange {
  label: string;
  cadence: Plan['period'];
  start: string;
  end: string;
}

/** "2027-Q1" → 2027-01-01..2027-03-31; "2027-02" → 2027-02-01..2027-02-28. */
export function periodRange(label: string): PeriodRange {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return { label, cadence: 'quarter', start: isoDay(year, first, 1), end: isoDay(year, first + 2, daysInMonth(year, first + 2)) };
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    return { label, cadence: 'month', start: isoDay(year, m, 1), end: isoDay(year, m, daysInMonth(year, m)) };
  }
  throw new Error(`"${label}" is not a period; write 2027-Q1 or 2027-03`);
}

/** The period of `cadence` holding `date`. */
export function periodOf(date: string, cadence: Plan['period']): string {
  const [year, month] = date.split('-');
  return cadence === 'month' ? `${year}-${month}` : `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`;
}

export function nextPeriod(label: string): string {
  const range = periodRange(label);
  return periodOf(addDays(range.end, 1), range.cadence);
}

/** Whole days from a to b (b − a), by the calendar, with no time zone involved. */
export function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
