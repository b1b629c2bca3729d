/**
 * The refund form's arithmetic (B3): what each contract still holds of the receipt, and what a refund would take off
 * each — all that is left, an amount pro rata (core's planRefund, the server's own rule), or typed per contract. The
 * request body says only what the person chose, so the server splits exactly as previewed. Integer minor units.
 */
import { planRefund, type Receipt, type ReceiptRefund, type RefundPlan } from '@closeloop/core';

export type RefundMode = 'all' | 'amount' | 'split';

export interface RefundChoice {
  mode: RefundMode;
  /** mode 'amount': the amount to refund (null while not a valid amount). */
  amountMinor: number | null;
  /** mode 'split': per contract, the typed amount (null when not an amount, absent or 0 when left empty). */
  split: Record<string, number | null | undefined>;
}

/** What the receipt still pays a contract: its allocation less what was refunded. */
export function stillHeld(allocation: Pick<Receipt['allocations'][number], 'amountMinor' | 'refundedMinor'>): number {
  return Math.max(0, allocation.amountMinor - allocation.refundedMinor);
}

/** The request body for a choice (without reason and version). */
export function refundBody(choice: RefundChoice): Pick<ReceiptRefund, 'amountMinor' | 'allocations'> {
  if (choice.mode === 'amount') return { amountMinor: choice.amountMinor ?? 0 };
  if (choice.mode === 'split') {
    return {
      allocations: Object.entries(choice.split)
        .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
        .map(([contractId, amountMinor]) => ({ contractId, amountMinor })),
    };
  }
  return {};
}

/** What the refund would take off each contract, or why it cannot be made — the same answer the server will give. */
export function refundPreview(receipt: Pick<Receipt, 'allocations'>, choice: RefundChoice): RefundPlan {
  const body = refundBody(choice);
  return planRefund(receipt.allocations, { amountMinor: body.amountMinor, allocations: body.allocations });
}
