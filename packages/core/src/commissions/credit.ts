/**
 * Who is credited with what. A payment's revenue credits (people and teams) split its money by largest
 * remainder, so they add up to the payment to the fen; overlay credits come on top. Managers up the hierarchy
 * receive override credit for their people's revenue credit. Refunds and voids follow the credits of the payment
 * they reverse, negated. The result is indexed by person, so one person's period is computed from their own list;
 * a manager's override reads only the period totals of the people below them (cached per person), never every
 * payment of their organisation.
 */
import { canonicalJson } from '../platform/canonical-json.js';
import { Dec, ZERO } from './decimal.js';
import { commonDenominator, divRound, fractionOf, safe, type Fraction } from './exact-int.js';
import type { CalculationIssue, CommissionPerson, CommissionTransaction, CreditShare, PayoutLine } from './model.js';

export type CreditRole = 'revenue' | 'team' | 'overlay';

export interface CreditedItem {
  /** the payment, or the refund/void that reverses `reverses` */
  tx: CommissionTransaction;
  personId: string;
  role: CreditRole;
  /** fraction of the transaction's money credited to this person */
  share: Dec;
  /** signed: a reversal is negative */
  creditedMinor: number;
  /** for a reversal: the payment whose money goes back */
  reverses: CommissionTransaction | null;
}

export interface CreditContext {
  people: ReadonlyMap<string, CommissionPerson>;
  /** team id → members, sorted by id */
  teams: ReadonlyMap<string, readonly CommissionPerson[]>;
  /** manager id → direct reports, sorted by id */
  reports: ReadonlyMap<string, readonly string[]>;
}

// A frozen list of people cannot change, so its context is built once (the server hands every payment event the
// same frozen company; rebuilding the maps of 1,000 people per event was a fifth of the commission reaction).
const frozenContexts = new WeakMap<readonly CommissionPerson[], CreditContext>();

export function creditContext(people: readonly CommissionPerson[]): CreditContext {
  if (!Object.isFrozen(people)) return buildCreditContext(people);
  let context = frozenContexts.get(people);
  if (!context) frozenContexts.set(people, (context = buildCreditContext(people)));
  return context;
}

function buildCreditContext(people: readonly CommissionPerson[]): CreditContext {
  const byId = new Map(people.map((person) => [person.id, person]));
  const teams = new Map<string, CommissionPerson[]>();
  const reports = new Map<string, string[]>();
  for (const person of [...people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (person.managerId && person.managerId !== person.id) {
      const list = reports.get(person.managerId);
      if (list) list.push(person.id);
      else reports.set(person.managerId, [person.id]);
    }
    if (!person.teamId) continue;
    const members = teams.get(person.teamId) ?? [];
    members.push(person);
    teams.set(person.teamId, members);
  }
  return { people: byId, teams, reports };
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

const shares = new Map<string, Dec>();

/** One Dec per distinct share text ("0.6" repeats on thousands of payments). */
export function shareDec(text: string): Dec {
  let found = shares.get(text);
  if (!found) shares.set(text, (found = new Dec(text)));
  return found;
}

/** allocate() for shares given as decimal texts, in integers when they fit (the common case), else in decimals. */
export function allocateShares(totalMinor: number, shareTexts: readonly string[]): number[] {
  const fractions = shareTexts.map(fractionOf);
  if (fractions.every((f): f is Fraction => f !== null)) {
    const { den, nums } = commonDenominator(fractions);
    const abs = Math.abs(totalMinor);
    const exact = nums.map((num) => abs * num);
    const sum = exact.reduce((a, b) => a + b, 0);
    if (safe(...exact, sum) && nums.every((num) => num >= 0)) {
      const result = exact.map((part) => Math.floor(part / den));
      let left = divRound(sum, den, 'half-up') - result.reduce((a, b) => a + b, 0);
      const order = exact.map((part, i) => ({ i, remainder: part - result[i]! * den })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
      for (const { i } of order) {
        if (left <= 0) break;
        result[i]! += 1;
        left -= 1;
      }
      return result.map((n) => (n === 0 ? 0 : totalMinor < 0 ? -n : n));
    }
  }
  return allocate(totalMinor, shareTexts.map(shareDec));
}

/** Σ shares, in integers when they fit. */
function sumOfShares(shareTexts: readonly string[]): Dec {
  const fractions = shareTexts.map(fractionOf);
  if (fractions.every((f): f is Fraction => f !== null)) {
    const { den, nums } = commonDenominator(fractions);
    const sum = nums.reduce((a, b) => a + b, 0);
    if (sum === den) return new Dec(1);
  }
  return shareTexts.reduce((sum, share) => sum.add(shareDec(share)), ZERO);
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
  const only = credits.length === 1 ? credits[0]! : null;
  if (only && only.personId && !only.overlay && only.share === '1') return [{ personId: only.personId, role: 'revenue', share: shareDec('1'), minor: amountMinor }];
  const out: Array<{ personId: string; role: 'revenue' | 'team' | 'overlay'; share: Dec; minor: number }> = [];
  const revenue = credits.filter((credit) => !credit.overlay);
  const revenueMinor = allocateShares(amountMinor, revenue.map((credit) => credit.share));
  revenue.forEach((credit, i) => {
    const share = shareDec(credit.share);
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
    out.push({ personId: credit.personId, role: 'overlay', share: shareDec(credit.share), minor: allocateShares(amountMinor, [credit.share])[0]! });
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
  return uniqueById(transactions, issues).list;
}

function uniqueById(transactions: readonly CommissionTransaction[], issues: CalculationIssue[]): { list: CommissionTransaction[]; byId: Map<string, CommissionTransaction> } {
  const byId = new Map<string, CommissionTransaction>();
  let unique: CommissionTransaction[] | null = null; // the input itself while no id repeats (no copy of a million rows)
  for (const tx of transactions) {
    const known = byId.get(tx.id);
    if (!known) {
      byId.set(tx.id, tx);
      continue;
    }
    unique ??= [];
    if (known === tx) continue;
    const knownCanonical = canonicalJson(known);
    const canonical = canonicalJson(tx);
    if (canonical === knownCanonical) continue;
    issues.push({ code: 'duplicate-conflict', transactionId: tx.id, detail: 'the same transaction id arrived with different contents' });
    if (canonical < knownCanonical) byId.set(tx.id, tx);
  }
  // No global sort: each person's items are put in date order when their period is calculated.
  return { list: unique ? [...byId.values()] : [...transactions], byId };
}

export function byDateThenId(a: CommissionTransaction, b: CommissionTransaction): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class CreditIndex {
  readonly byPerson = new Map<string, CreditedItem[]>();
  /** payments by id and by deal: what refunds and voids reverse */
  /** transactions by id (refunds and voids too: a lookup checks the kind) — what refunds reverse */
  payments = new Map<string, CommissionTransaction>();
  /** built on the first void only: most runs have none, and a million-entry map is not free */
  private dealPayments: Map<string, CommissionTransaction[]> | null = null;

  constructor(readonly context: CreditContext, readonly issues: CalculationIssue[]) {}

  /** Adds one transaction's credits and returns who is touched by it (its people and their managers). */
  add(tx: CommissionTransaction): Set<string> {
    return this.addOne(tx, new Set<string>());
  }

  /** `touched` null: building the whole index, where nobody needs telling and no cache exists yet. */
  addOne(tx: CommissionTransaction, touched: Set<string> | null): Set<string> {
    if (tx.kind === 'payment') {
      if (touched) this.payments.set(tx.id, tx);
      if (this.dealPayments) this.dealPayments.set(tx.dealId, [...(this.dealPayments.get(tx.dealId) ?? []), tx]);
      if (!tx.credits || tx.credits.length === 0) {
        this.issues.push({ code: 'no-credits', transactionId: tx.id, detail: 'a payment with nobody credited pays no commission' });
        return touched ?? new Set();
      }
      const whole = tx.credits.length === 1 && tx.credits[0]!.share === '1' && !tx.credits[0]!.overlay ? null : sumOfShares(tx.credits.filter((c) => !c.overlay).map((c) => c.share));
      if (whole && !whole.eq(1)) this.issues.push({ code: 'shares-not-whole', transactionId: tx.id, detail: `revenue credits add up to ${whole.mul(100).toFixed()}%, not 100%` });
      this.credit(tx, tx, tx.amountMinor, null, touched);
      return touched ?? new Set();
    }
    const reversed = tx.kind === 'refund'
      ? [this.payments.get(tx.refersTo ?? '')].filter((p): p is CommissionTransaction => p?.kind === 'payment')
      : (this.paymentsOfDeal(tx.dealId)).filter((payment) => payment.date <= tx.date).sort(byDateThenId);
    if (reversed.length === 0) {
      this.issues.push({ code: 'refund-without-payment', transactionId: tx.id, detail: `${tx.kind} of ${tx.refersTo ?? tx.dealId}: the payment it reverses is not in the input` });
      return touched ?? new Set();
    }
    for (const payment of reversed) {
      const amount = tx.kind === 'refund' ? Math.min(tx.amountMinor, payment.amountMinor) : payment.amountMinor;
      this.credit(tx, payment, -amount, payment, touched);
    }
    return touched ?? new Set();
  }

  private paymentsOfDeal(dealId: string): CommissionTransaction[] {
    if (!this.dealPayments) {
      this.dealPayments = new Map();
      for (const payment of this.payments.values()) if (payment.kind === 'payment') this.dealPayments.set(payment.dealId, [...(this.dealPayments.get(payment.dealId) ?? []), payment]);
    }
    return this.dealPayments.get(dealId) ?? [];
  }

  /**
   * A person's revenue and team credit (overlay excluded) dated inside [start, end], in minor units: what the
   * managers above them earn an override on. Cached until the person's credits change.
   */
  periodRevenue(personId: string, start: string, end: string): number {
    const range = `${start}|${end}`;
    const known = this.revenueCache.get(personId)?.get(range);
    if (known !== undefined) return known;
    let sum = 0;
    for (const item of this.byPerson.get(personId) ?? []) {
      if (item.role !== 'overlay' && item.tx.date >= start && item.tx.date <= end) sum += item.creditedMinor;
    }
    const cached = this.revenueCache.get(personId) ?? new Map<string, number>();
    cached.set(range, sum);
    this.revenueCache.set(personId, cached);
    return sum;
  }

  private readonly revenueCache = new Map<string, Map<string, number>>();

  /** payout lines that depend only on their cache key (override.ts), reused across recalculations */
  readonly lineCache = new Map<string, PayoutLine>();

  private credit(tx: CommissionTransaction, payment: CommissionTransaction, amountMinor: number, reverses: CommissionTransaction | null, touched: Set<string> | null): void {
    for (const credit of creditsOf(payment.credits ?? [], amountMinor, payment.date, this.context)) {
      const item: CreditedItem = { tx, personId: credit.personId, role: credit.role, share: credit.share, creditedMinor: credit.minor, reverses };
      const list = this.byPerson.get(item.personId);
      if (list) list.push(item);
      else this.byPerson.set(item.personId, [item]);
      if (!touched) continue;
      touched.add(item.personId);
      this.revenueCache.delete(item.personId);
      if (credit.role !== 'overlay') for (const managerId of managersOf(credit.personId, this.context)) touched.add(managerId);
    }
  }

  /** Everyone whose period may need calculating: people with credit and the managers above them. */
  people(): string[] {
    const ids = new Set(this.byPerson.keys());
    for (const id of [...ids]) for (const managerId of managersOf(id, this.context)) ids.add(managerId);
    return [...ids].sort();
  }
}

/** Builds the index: payments first, then refunds and voids (so they find their payments whatever order they came in). */
export function buildCreditIndex(transactions: readonly CommissionTransaction[], people: readonly CommissionPerson[], issues: CalculationIssue[]): CreditIndex {
  const index = new CreditIndex(creditContext(people), issues);
  const { list: unique, byId } = uniqueById(transactions, issues);
  index.payments = byId; // one id map for deduplication and for refunds, not two
  for (const tx of unique) if (tx.kind === 'payment') index.addOne(tx, null);
  for (const tx of unique.filter((t) => t.kind !== 'payment').sort(byDateThenId)) index.addOne(tx, null);
  return index;
}
