/**
 * The documents' state machines (B1). A document changes state only through `nextStatus`: the store asks it for
 * every transition and writes nothing when it refuses, so no sequence of actions can reach an illegal state.
 *
 * Some moves depend on facts besides the current state (is the contract paid in full, did the last approval step
 * approve); they arrive in `TransitionFacts`, computed by the caller from the rows it holds in its transaction.
 */

export const documentTypes = ['contract', 'purchase_order', 'receipt', 'shipment'] as const;
export type DocumentType = (typeof documentTypes)[number];

export const contractStatuses = ['draft', 'in_approval', 'rejected', 'signed', 'partially_paid', 'paid', 'completed', 'voided'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const contractActions = ['submit', 'approve_step', 'approve_final', 'reject', 'revise', 'record_payment', 'reverse_payment', 'complete', 'void'] as const;
export type ContractAction = (typeof contractActions)[number];

export const purchaseOrderStatuses = ['placed', 'confirmed', 'fulfilled', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];
export const purchaseOrderActions = ['confirm', 'fulfil', 'cancel'] as const;
export type PurchaseOrderAction = (typeof purchaseOrderActions)[number];

export const receiptStatuses = ['registered', 'confirmed', 'refunded', 'voided'] as const;
export type ReceiptStatus = (typeof receiptStatuses)[number];
export const receiptActions = ['confirm', 'refund', 'void'] as const;
export type ReceiptAction = (typeof receiptActions)[number];

export const shipmentStatuses = ['planned', 'shipped', 'delivered', 'cancelled'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];
export const shipmentActions = ['ship', 'deliver', 'cancel'] as const;
export type ShipmentAction = (typeof shipmentActions)[number];

export interface StatusOf {
  contract: ContractStatus;
  purchase_order: PurchaseOrderStatus;
  receipt: ReceiptStatus;
  shipment: ShipmentStatus;
}
export interface ActionOf {
  contract: ContractAction;
  purchase_order: PurchaseOrderAction;
  receipt: ReceiptAction;
  shipment: ShipmentAction;
}

/** Facts a transition may depend on, as they will be once the action is done. */
export interface TransitionFacts {
  /** Contract: its total and what confirmed receipts pay of it after this action (minor units). */
  totalMinor?: number;
  paidMinor?: number;
  /** Contract: every shipment of it is delivered or cancelled and at least one was delivered. */
  allShipmentsDelivered?: boolean;
  /** Receipt: what of its confirmed amount is still not refunded once this refund is made (minor units; 0 when left out). */
  unrefundedMinor?: number;
}

/** Why a transition is refused: a code and the message's parameters; the caller turns it into a user's message. */
export type TransitionRefusal =
  | { code: 'illegal_transition'; from: string; action: string; allowed: string[] }
  | { code: 'not_paid_in_full'; totalMinor: number; paidMinor: number }
  | { code: 'overpaid'; totalMinor: number; paidMinor: number }
  | { code: 'shipments_open' }
  | { code: 'payments_exist'; paidMinor: number };

export type TransitionResult<S> = { ok: true; to: S } | { ok: false; refusal: TransitionRefusal };

type Table<S extends string, A extends string> = Partial<Record<S, Partial<Record<A, S | ((facts: TransitionFacts) => TransitionResult<S>)>>>>;

/** The contract's status once payments come to `paidMinor` of `totalMinor`. */
function byPayment(facts: TransitionFacts): TransitionResult<ContractStatus> {
  const total = facts.totalMinor ?? 0;
  const paid = facts.paidMinor ?? 0;
  if (paid > total) return { ok: false, refusal: { code: 'overpaid', totalMinor: total, paidMinor: paid } };
  if (paid <= 0) return { ok: true, to: 'signed' };
  return { ok: true, to: paid >= total ? 'paid' : 'partially_paid' };
}

/** A contract may be voided while nothing is paid on it: money received is refunded or voided first. */
function voidUnpaid(facts: TransitionFacts): TransitionResult<ContractStatus> {
  const paid = facts.paidMinor ?? 0;
  return paid > 0 ? { ok: false, refusal: { code: 'payments_exist', paidMinor: paid } } : { ok: true, to: 'voided' };
}

const contractTable: Table<ContractStatus, ContractAction> = {
  draft: { submit: 'in_approval', void: 'voided' },
  in_approval: { approve_step: 'in_approval', approve_final: 'signed', reject: 'rejected', void: 'voided' },
  rejected: { revise: 'draft', void: 'voided' },
  signed: { record_payment: byPayment, reverse_payment: byPayment, void: voidUnpaid },
  partially_paid: { record_payment: byPayment, reverse_payment: byPayment, void: voidUnpaid },
  paid: {
    reverse_payment: byPayment,
    complete: (facts) => (facts.allShipmentsDelivered ? { ok: true, to: 'completed' } : { ok: false, refusal: { code: 'shipments_open' } }),
  },
  // A refund after completion reopens the money side; the contract stays completed only while paid in full.
  completed: { reverse_payment: (facts) => (((facts.paidMinor ?? 0) >= (facts.totalMinor ?? 0) ? { ok: true, to: 'completed' } : byPayment(facts))) },
};

const purchaseOrderTable: Table<PurchaseOrderStatus, PurchaseOrderAction> = {
  placed: { confirm: 'confirmed', cancel: 'cancelled' },
  confirmed: { fulfil: 'fulfilled', cancel: 'cancelled' },
};

/** A refund of part of a receipt keeps it confirmed; the one that returns the last of it makes it refunded. */
function refundPart(facts: TransitionFacts): TransitionResult<ReceiptStatus> {
  return { ok: true, to: (facts.unrefundedMinor ?? 0) > 0 ? 'confirmed' : 'refunded' };
}

const receiptTable: Table<ReceiptStatus, ReceiptAction> = {
  registered: { confirm: 'confirmed', void: 'voided' },
  confirmed: { refund: refundPart, void: 'voided' },
};

const shipmentTable: Table<ShipmentStatus, ShipmentAction> = {
  planned: { ship: 'shipped', cancel: 'cancelled' },
  shipped: { deliver: 'delivered' },
};

const tables: { [T in DocumentType]: Table<StatusOf[T], ActionOf[T]> } = {
  contract: contractTable,
  purchase_order: purchaseOrderTable,
  receipt: receiptTable,
  shipment: shipmentTable,
};

export const initialStatus: StatusOf = { contract: 'draft', purchase_order: 'placed', receipt: 'registered', shipment: 'planned' };

/** Every status of a document type, for validation and the UI's filters. */
export const statusesOf: { [T in DocumentType]: readonly StatusOf[T][] } = {
  contract: contractStatuses,
  purchase_order: purchaseOrderStatuses,
  receipt: receiptStatuses,
  shipment: shipmentStatuses,
};

/** The status `action` moves a `type` document from `from` to, or why it may not. */
export function nextStatus<T extends DocumentType>(type: T, from: StatusOf[T], action: ActionOf[T], facts: TransitionFacts = {}): TransitionResult<StatusOf[T]> {
  const row = (tables[type] as Table<StatusOf[T], ActionOf[T]>)[from];
  const rule = row?.[action];
  if (rule === undefined) return { ok: false, refusal: { code: 'illegal_transition', from, action, allowed: allowedActions(type, from) } };
  return typeof rule === 'function' ? rule(facts) : { ok: true, to: rule as StatusOf[T] };
}

/** The actions the state machine knows for a document in `from` (some may still refuse on the facts). */
export function allowedActions<T extends DocumentType>(type: T, from: StatusOf[T]): ActionOf[T][] {
  const row = (tables[type] as Table<StatusOf[T], ActionOf[T]>)[from];
  return row ? (Object.keys(row) as ActionOf[T][]) : [];
}

/** Statuses from which no action leads anywhere. */
export function isFinal<T extends DocumentType>(type: T, status: StatusOf[T]): boolean {
  return allowedActions(type, status).length === 0;
}

/** A contract counts as signed business (for figures, receivables and credit) in these statuses. */
export const signedContractStatuses: readonly ContractStatus[] = ['signed', 'partially_paid', 'paid', 'completed'];
/** A contract holds credit (B2: open receivables) from submission until paid or voided. */
export const creditHoldingStatuses: readonly ContractStatus[] = ['in_approval', 'signed', 'partially_paid'];
