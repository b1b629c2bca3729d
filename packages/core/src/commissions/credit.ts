/**
 * Who is credited with what. A payment's revenue credits (people and teams) split its money by largest
 * remainder, so they add up to the payment to the fen; overlay credits come on top. Managers up the hierarchy
 * receive override credit for their people's revenue credit. Refunds and voids follow the credits of the payment
 * they reverse, negated. The result is indexed by person, so one person's period is computed from their own list.
 */
import { canonicalJson } from '../platform/canonical-json.js';
import { Dec, ZERO } from './decimal.js';
import type { CalculationIssue, CommissionPerson, CommissionTransaction, CreditShare } from './model.js';

export type CreditRole = 'revenue' | 'team' | 'overlay' | 'override';

export interface CreditedItem {
  /** the payment, or the refund/void that reverses `reverses` */
  tx: CommissionTransaction;
  personId: string;
  role: CreditRole;
  /** override level (1 = direct manager); 0 for a person's own credit */
  level: number;
  /** fraction of the transaction's money credited to this person */
  share: Dec;
  /** signed: a reversal is negative */
  creditedMinor: number;
  /** whose credit an override rides on; the person themself otherwise */
  repId: string;
  /** for a reversal: the payment whose money goes back */
  reverses: CommissionTransaction | null;
}

export interface CreditContext {
  people: ReadonlyMap<string, CommissionPerson>;
  /** team id → members, sorted by id */
  teams: ReadonlyMap<string, readonly CommissionPerson[]>;
}

export function creditContext(people: readonly CommissionPerson[]): CreditContext {
  const byId = new Map(people.map((person) => [person.id, person]));
  const teams = new Map<string, CommissionPerson[]>();
  for (const person of [...people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!person.teamId) continue;
    const members = teams.get(person.teamId) ?? [];
    members.push(person);
    teams.set(person.teamId, members);
  }
  return { people: byId, teams };
}

/**
 * Splits `totalMinor` by `weights` into whole minor units that add up to round(total × Σweights): each gets the
 * floor of its exact part, and the fen left over go to the largest remainders (ties to the earlier entry).
 */
export function allocate(totalMinor: number, weights: readonly Dec[]): number[] {
  const sign = totalMinor < 0 ? -1 : 1;
  const total = new Dec(Math.abs(totalMinor));
  const exact = weights.map((weight) => total.mul(weight));
  const floors = exact.map((part) => part.floor());
  const target = exact.reduce((sum, part) => sum.add(part), ZERO).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  let left = target.sub(floors.reduce((sum, part) => sum.add(part), ZERO)).toNumber();
  const order = exact.map((part, i) => ({ i, remainder: part.sub(floors[i]!) })).sort((a, b) => b.remainder.cmp(a.remainder) || a.i - b.i);
  const result = floors.map((part) => part.toNumber());
  for (const { i } of order) {
    if (left <= 0) break;
    result[i]! += 1;
    left -= 1;
  }
  return result.map((n) => (n === 0 ? 0 : n * sign));
}

/** Active on `date`: joined on or before it and not yet left. */
export function activeOn(person: CommissionPerson, date: string): boolean {
  return (!person.joinedOn || person.joinedOn <= date) && (!person.leftOn || person.leftOn >= date);
}

/**
 * One credit per person for `amountMinor` of a payment made on `date` under `credits`: revenue and team credits
 * share the money exactly; each overlay credit is its own share of it.
 */
export function creditsOf(
  credits: readonly CreditShare[], amountMinor: number, date: string, context: CreditContext,
): Array<{ personId: string; role: 'revenue' | 'team' | 'overlay'; share: Dec; minor: number }> {
  const out: Array<{ personId: string; role: 'revenue' | 'team' | 'overlay'; share: Dec; minor: number }> = [];
  const revenue = credits.filter((credit) => !credit.overlay);
  const revenueMinor = allocate(amountMinor, revenue.map((credit) => new Dec(credit.share)));
  revenue.forEach((credit, i) => {
    const share = new Dec(credit.share);
    if (credit.personId) {
      out.push({ personId: credit.personId, role: 'revenue', share, minor: revenueMinor[i]! });
      return;
    }
    const members = (context.teams.get(credit.teamId ?? '') ?? []).filter((member) => activeOn(member, date));
    if (members.length === 0) return;
    const each = members.map(() => new Dec(1).div(members.length));
    const parts = allocate(revenueMinor[i]!, each);
    members.forEach((member, j) => out.push({ personId: member.id, role: 'team', share: share.div(members.length), minor: parts[j]! }));
  });
  for (const credit of credits) {
    if (!credit.overlay || !credit.personId) continue;
    const share = new Dec(credit.share);
    out.push({ personId: credit.personId, role: 'overlay', share, minor: allocate(amountMinor, [share])[0]! });
  }
  return out;
}

/** The managers above `personId`, nearest first, stopping at a loop or after ten levels. */
export function managersOf(personId: string, context: CreditContext): string[] {
  const chain: string[] = [];
  const seen = new Set([personId]);
  let current = context.people.get(personId)?.managerId ?? null;
  while (current && !seen.has(current) && chain.length < 10) {
    chain.push(current);
    seen.add(current);
    current = context.people.get(current)?.managerId ?? null;
  }
  return chain;
}

/**
 * Keeps one transaction per id (an event delivered twice pays once). Two different bodies under one id are a
 * data problem: the one whose canonical form sorts first is kept, whatever the order they came in, and it is reported.
 */
export function uniqueTransactions(transactions: readonly CommissionTransaction[], issues: CalculationIssue[]): CommissionTransaction[] {
  const byId = new Map<string, { tx: CommissionTransaction; canonical: string | null }>();
  for (const tx of transactions) {
    const known = byId.get(tx.id);
    if (!known) {
      byId.set(tx.id, { tx, canonical: null });
      continue;
    }
    known.canonical ??= canonicalJson(known.tx);
    const canonical = canonicalJson(tx);
    if (canonical === known.canonical) continue;
    issues.push({ code: 'duplicate-conflict', transactionId: tx.id, detail: 'the same transaction id arrived with different contents' });
    if (canonical < known.canonical) byId.set(tx.id, { tx, canonical });
  }
  return [...byId.values()].map((entry) => entry.tx).sort(byDateThenId);
}

export function byDateThenId(a: CommissionTransaction, b: CommissionTransaction): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class CreditIndex {
  readonly byPerson = new Map<string, CreditedItem[]>();
  /** payments by id and by deal: what refunds and voids reverse */
  readonly payments = new Map<string, CommissionTransaction>();
  readonly dealPayments = new Map<string, CommissionTransaction[]>();

  constructor(readonly context: CreditContext, readonly issues: CalculationIssue[]) {}

  /** Adds one transaction's credits and returns who is touched by it (its people and their managers). */
  add(tx: CommissionTransaction): Set<string> {
    const touched = new Set<string>();
    if (tx.kind === 'payment') {
      this.payments.set(tx.id, tx);
      const deal = this.dealPayments.get(tx.dealId) ?? [];
      deal.push(tx);
      this.dealPayments.set(tx.dealId, deal);
      if (!tx.credits || tx.credits.length === 0) {
        this.issues.push({ code: 'no-credits', transactionId: tx.id, detail: 'a payment with nobody credited pays no commission' });
        return touched;
      }
      const revenueShare = tx.credits.filter((c) => !c.overlay).reduce((sum, c) => sum.add(c.share), ZERO);
      if (!revenueShare.eq(1)) this.issues.push({ code: 'shares-not-whole', transactionId: tx.id, detail: `revenue credits add up to ${revenueShare.mul(100).toFixed()}%, not 100%` });
      this.credit(tx, tx, tx.amountMinor, null, touched);
      return touched;
    }
    const reversed = tx.kind === 'refund'
      ? [this.payments.get(tx.refersTo ?? '')].filter((p): p is CommissionTransaction => !!p)
      : (this.dealPayments.get(tx.dealId) ?? []).filter((payment) => payment.date <= tx.date);
    if (reversed.length === 0) {
      this.issues.push({ code: 'refund-without-payment', transactionId: tx.id, detail: `${tx.kind} of ${tx.refersTo ?? tx.dealId}: the payment it reverses is not in the input` });
      return touched;
    }
    for (const payment of reversed) {
      const amount = tx.kind === 'refund' ? Math.min(tx.amountMinor, payment.amountMinor) : payment.amountMinor;
      this.credit(tx, payment, -amount, payment, touched);
    }
    return touched;
  }

  private credit(tx: CommissionTransaction, payment: CommissionTransaction, amountMinor: number, reverses: CommissionTransaction | null, touched: Set<string>): void {
    for (const credit of creditsOf(payment.credits ?? [], amountMinor, payment.date, this.context)) {
      this.push({ tx, personId: credit.personId, role: credit.role, level: 0, share: credit.share, creditedMinor: credit.minor, repId: credit.personId, reverses }, touched);
      if (credit.role === 'overlay') continue;
      managersOf(credit.personId, this.context).forEach((managerId, i) => {
        this.push({ tx, personId: managerId, role: 'override', level: i + 1, share: credit.share, creditedMinor: credit.minor, repId: credit.personId, reverses }, touched);
      });
    }
  }

  private push(item: CreditedItem, touched: Set<string>): void {
    const list = this.byPerson.get(item.personId);
    if (list) list.push(item);
    else this.byPerson.set(item.personId, [item]);
    touched.add(item.personId);
  }
}

/** Builds the index from transactions in date order (so refunds find their payments whatever order they came in). */
export function buildCreditIndex(transactions: readonly CommissionTransaction[], people: readonly CommissionPerson[], issues: CalculationIssue[]): CreditIndex {
  const index = new CreditIndex(creditContext(people), issues);
  const sorted = uniqueTransactions(transactions, issues);
  for (const tx of sorted) if (tx.kind === 'payment') index.add(tx);
  for (const tx of sorted) if (tx.kind !== 'payment') index.add(tx);
  return index;
}
