/**
 * The daily flash report (B5), computed from one company day's document facts: what was signed and collected, what
 * was reversed, the top three reps and the anomalies (anomalies.ts). Pure: the server reads the facts with indexed
 * queries and passes a visibility test, so a manager's report counts only their teams' documents.
 *
 * The day is a ledger page. A contract counts as signed on its signing day even if it is voided later; the void
 * counts on the day it happens (`voided`), so the flash of a past day never changes and the sum of the days' net
 * figures equals the live figures (sales_figures) over the same days. Collected is what confirmed receipts
 * allocated to contracts that day (the part attributed to reps); refunds and voids of confirmed receipts count on the
 * day they happen (`refunded`). Amounts are integer minor units of the company's currency.
 */
import { detectAnomalies, type Anomaly } from './anomalies.js';

/** What decides who may see a document: the owner, team, region and industry copied from its customer. */
export interface ScopeFacts {
  ownerId: string;
  teamId: string | null;
  regionId: string | null;
  industry: string | null;
}

export interface FlashContractLine {
  lineNo: number;
  productName: string;
  quantity: number;
  unitPriceMinor: number;
  /** The floor price in force at the last submit; null when no policy set one. */
  floorPriceMinor: number | null;
}

export interface FlashContract extends ScopeFacts {
  id: string;
  traceCode: string;
  customerId: string;
  customerName: string;
  title: string;
  status: string;
  totalMinor: number;
  signedOn: string | null;
  dueOn: string | null;
  shipmentBeforePayment: boolean;
}

export interface FlashSigning extends FlashContract {
  lines: FlashContractLine[];
}

export interface FlashAllocation extends ScopeFacts {
  contractId: string;
  contractTraceCode: string;
  /** The contract's customer: an allocation to another customer's contract is an anomaly. */
  contractCustomerId: string;
  amountMinor: number;
}

export interface FlashReceipt extends ScopeFacts {
  id: string;
  traceCode: string;
  customerId: string;
  customerName: string;
  status: string;
  amountMinor: number;
  receivedOn: string;
  bankReference: string | null;
  payerName: string | null;
  confirmedOn: string | null;
  reversedOn: string | null;
  allocations: FlashAllocation[];
}

/** A receipt that may duplicate one of the day's: same bank reference, or same customer, amount and day received. */
export interface ReceiptPeer {
  id: string;
  traceCode: string;
  customerId: string;
  amountMinor: number;
  receivedOn: string;
  bankReference: string | null;
}

/** One confirmed payment on a contract, for what was paid at a moment: confirmed at, and reversed at (if ever). */
export interface PaymentEvent {
  contractId: string;
  amountMinor: number;
  confirmedAt: string;
  confirmedOn: string;
  reversedAt: string | null;
  reversedOn: string | null;
}

export interface FlashShipment extends ScopeFacts {
  id: string;
  traceCode: string;
  shippedAt: string;
  contract: FlashContract;
}

export interface FlashDayFacts {
  day: string;
  currency: string;
  /** Contracts signed that day (whatever their status now), with their lines. */
  signed: FlashSigning[];
  /** Contracts voided that day after having been signed. */
  voided: FlashContract[];
  /** Receipts confirmed that day. */
  confirmed: FlashReceipt[];
  /** Receipts refunded or voided that day after having been confirmed. */
  reversed: FlashReceipt[];
  /** Other receipts sharing a bank reference, or customer + amount + day received, with a receipt confirmed that day. */
  receiptPeers: ReceiptPeer[];
  /** Shipments shipped that day. */
  shipped: FlashShipment[];
  /** Contracts signed by that day that fell due the day before (their first day overdue), unless voided by its end. */
  pastTerms: FlashContract[];
  /** Every contract overdue at the day's end (past its terms, not paid in full), counted and summed per scope. */
  overdue: FlashOverdueGroup[];
  /** Confirmed payments on the contracts of `shipped` and `pastTerms`. */
  payments: PaymentEvent[];
  /** Display names of the people the facts name. */
  people: Record<string, string>;
}

/**
 * The contracts overdue at a day's end that share owner, team, region and industry: the server adds them up in the
 * database (one aggregate read) and the report keeps the groups the reader may see.
 */
export interface FlashOverdueGroup extends ScopeFacts {
  count: number;
  /** total − paid at the day's end, summed; integer minor units. */
  minor: number;
}

export interface FlashRep {
  repId: string;
  repName: string;
  signedMinor: number;
  signedCount: number;
  collectedMinor: number;
}

export interface FlashReport {
  day: string;
  currency: string;
  signed: { minor: number; count: number };
  voided: { minor: number; count: number };
  /** signed − voided: the day's change to the signed figure. */
  netSigned: { minor: number; count: number };
  collected: { minor: number; count: number };
  refunded: { minor: number; count: number };
  /** collected − refunded: the day's change to the collected figure. */
  netCollected: { minor: number };
  /** Every contract overdue at the day's end and what is still owed on them; the anomalies list only the new ones. */
  overdue: { minor: number; count: number };
  topReps: FlashRep[];
  anomalies: Anomaly[];
  signedContracts: Array<{ id: string; traceCode: string; customerName: string; title: string; ownerId: string; ownerName: string; totalMinor: number; status: string }>;
  receipts: Array<{
    id: string; traceCode: string; customerName: string; kind: 'confirmed' | 'reversed'; status: string; amountMinor: number; allocatedMinor: number;
    bankReference: string | null; receivedOn: string;
  }>;
}

export interface FlashOptions {
  /** Whether the reader may see a document with these scope facts; everything when left out (the whole company). */
  visible?: (facts: ScopeFacts) => boolean;
  /** settings.receiptMismatchToleranceMinor */
  receiptMismatchToleranceMinor: number;
  /** How many reps the ranking keeps. */
  topRepCount?: number;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Ranks by net signed amount, then net collected, then name: the order the morning meeting reads. */
export function rankReps(reps: readonly FlashRep[]): FlashRep[] {
  return [...reps].sort((a, b) => b.signedMinor - a.signedMinor || b.collectedMinor - a.collectedMinor || a.repName.localeCompare(b.repName) || a.repId.localeCompare(b.repId));
}

export function flashReport(facts: FlashDayFacts, options: FlashOptions): FlashReport {
  const visible = options.visible ?? (() => true);
  const nameOf = (id: string) => facts.people[id] ?? id;
  const signed = facts.signed.filter(visible);
  const voided = facts.voided.filter(visible);
  const collectedAllocations = facts.confirmed.flatMap((r) => r.allocations.filter(visible).map((a) => ({ receipt: r, allocation: a })));
  const refundedAllocations = facts.reversed.flatMap((r) => r.allocations.filter(visible).map((a) => ({ receipt: r, allocation: a })));

  const reps = new Map<string, FlashRep>();
  const rep = (id: string): FlashRep => {
    let entry = reps.get(id);
    if (!entry) reps.set(id, (entry = { repId: id, repName: nameOf(id), signedMinor: 0, signedCount: 0, collectedMinor: 0 }));
    return entry;
  };
  for (const c of signed) {
    rep(c.ownerId).signedMinor += c.totalMinor;
    rep(c.ownerId).signedCount += 1;
  }
  for (const c of voided) {
    rep(c.ownerId).signedMinor -= c.totalMinor;
    rep(c.ownerId).signedCount -= 1;
  }
  for (const { allocation } of collectedAllocations) rep(allocation.ownerId).collectedMinor += allocation.amountMinor;
  for (const { allocation } of refundedAllocations) rep(allocation.ownerId).collectedMinor -= allocation.amountMinor;

  const signedTotal = { minor: sum(signed.map((c) => c.totalMinor)), count: signed.length };
  const voidedTotal = { minor: sum(voided.map((c) => c.totalMinor)), count: voided.length };
  const collected = { minor: sum(collectedAllocations.map((x) => x.allocation.amountMinor)), count: new Set(collectedAllocations.map((x) => x.receipt.id)).size };
  const refunded = { minor: sum(refundedAllocations.map((x) => x.allocation.amountMinor)), count: new Set(refundedAllocations.map((x) => x.receipt.id)).size };

  const receiptRow = (r: FlashReceipt, kind: 'confirmed' | 'reversed') => ({
    id: r.id, traceCode: r.traceCode, customerName: r.customerName, kind, status: r.status, amountMinor: r.amountMinor,
    allocatedMinor: sum(r.allocations.map((a) => a.amountMinor)), bankReference: r.bankReference, receivedOn: r.receivedOn,
  });
  // A receipt shows when the reader may see the receipt or any contract it pays.
  const receiptVisible = (r: FlashReceipt) => visible(r) || r.allocations.some(visible);
  const overdue = facts.overdue.filter(visible);

  return {
    day: facts.day,
    currency: facts.currency,
    signed: signedTotal,
    voided: voidedTotal,
    netSigned: { minor: signedTotal.minor - voidedTotal.minor, count: signedTotal.count - voidedTotal.count },
    collected,
    refunded,
    netCollected: { minor: collected.minor - refunded.minor },
    overdue: { minor: sum(overdue.map((g) => g.minor)), count: sum(overdue.map((g) => g.count)) },
    topReps: rankReps([...reps.values()].filter((r) => r.signedMinor > 0 || r.collectedMinor > 0)).slice(0, options.topRepCount ?? 3),
    anomalies: detectAnomalies(facts, { visible, receiptMismatchToleranceMinor: options.receiptMismatchToleranceMinor }),
    signedContracts: signed.map((c) => ({
      id: c.id, traceCode: c.traceCode, customerName: c.customerName, title: c.title, ownerId: c.ownerId, ownerName: nameOf(c.ownerId), totalMinor: c.totalMinor, status: c.status,
    })),
    receipts: [
      ...facts.confirmed.filter(receiptVisible).map((r) => receiptRow(r, 'confirmed')),
      ...facts.reversed.filter(receiptVisible).map((r) => receiptRow(r, 'reversed')),
    ],
  };
}
