/**
 * The contract editor's arithmetic and request body, pure so it is tested without a browser. Prices are typed as
 * decimal text and turned into integer minor units exactly (records/money.ts); a line's amount is quantity × unit
 * price in minor units, so the live total is the sum the server will compute, to the fen.
 */
import { toMinor } from '../../records/money';
import type { ContractView } from '@closeloop/core';
import type { ContractInput } from '../api/contracts';

export interface LineValues {
  productId?: string | undefined;
  quantity?: number | null | undefined;
  /** the unit price as typed, in major units ("1234.50") */
  unitPrice?: string | undefined;
  /** the chosen product's prices, remembered for the hints */
  listPriceMinor?: number | null | undefined;
  floorPriceMinor?: number | null | undefined;
}

export interface ContractValues {
  customerId?: string | undefined;
  title?: string | undefined;
  lines?: LineValues[] | undefined;
  paymentTermsDays?: number | null | undefined;
  /** the rebate as a percentage typed by a person, e.g. 2.5 (%) = 250 basis points */
  rebatePercent?: number | null | undefined;
  shipmentBeforePayment?: boolean | undefined;
  note?: string | undefined;
  /** names of the products already on the contract, for the pickers before they search */
  productNames?: Record<string, string> | undefined;
}

/** A line's amount in minor units, or null while its quantity or price is missing or not an amount. */
export function lineAmountMinor(line: LineValues | undefined, currency: string): number | null {
  if (!line || !line.quantity || line.quantity <= 0 || !Number.isInteger(line.quantity)) return null;
  const unit = toMinor(line.unitPrice ?? '', currency);
  if (unit === null) return null;
  const amount = BigInt(unit) * BigInt(line.quantity);
  return amount <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(amount) : null;
}

/** The contract's total: the sum of the lines that have an amount. */
export function totalMinor(lines: readonly LineValues[] | undefined, currency: string): number {
  return (lines ?? []).reduce((sum, line) => sum + (lineAmountMinor(line, currency) ?? 0), 0);
}

/** Basis points from a typed percentage: 2.5 % → 250 bp; rounds to whole bp (the server keeps no finer). */
export function percentToBp(percent: number | null | undefined): number {
  if (percent === null || percent === undefined || Number.isNaN(percent)) return 0;
  return Math.round(percent * 100);
}

export type PriceHint = 'belowFloor' | 'belowList' | null;

/** What the editor says beside a unit price before submitting: under the floor (a check will fail) or discounted. */
export function priceHint(line: LineValues | undefined, currency: string): PriceHint {
  const unit = toMinor(line?.unitPrice ?? '', currency);
  if (unit === null || !line) return null;
  if (line.floorPriceMinor !== null && line.floorPriceMinor !== undefined && unit < line.floorPriceMinor) return 'belowFloor';
  if (line.listPriceMinor !== null && line.listPriceMinor !== undefined && unit < line.listPriceMinor) return 'belowList';
  return null;
}

/** The request body, or null when a line is incomplete (the form's own rules say which). */
export function contractBody(values: ContractValues, currency: string): ContractInput | null {
  const lines = (values.lines ?? []).map((line) => {
    const unitPriceMinor = toMinor(line.unitPrice ?? '', currency);
    return line.productId && line.quantity && unitPriceMinor !== null ? { productId: line.productId, quantity: line.quantity, unitPriceMinor } : null;
  });
  if (!values.customerId || !values.title?.trim() || lines.length === 0 || lines.some((line) => line === null)) return null;
  return {
    customerId: values.customerId,
    title: values.title.trim(),
    lines: lines as ContractInput['lines'],
    ...(values.paymentTermsDays !== null && values.paymentTermsDays !== undefined ? { paymentTermsDays: values.paymentTermsDays } : {}),
    rebateBp: percentToBp(values.rebatePercent),
    shipmentBeforePayment: values.shipmentBeforePayment ?? false,
    note: values.note?.trim() || null,
  };
}

/** The form's starting values for an existing contract (editing a draft or a rejected one). */
export function valuesOf(contract: ContractView, fromMinor: (minor: number) => string): ContractValues {
  return {
    customerId: contract.customerId,
    title: contract.title,
    lines: (contract.lines ?? []).map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: fromMinor(line.unitPriceMinor),
      listPriceMinor: line.listPriceMinor,
      floorPriceMinor: line.floorPriceMinor,
    })),
    paymentTermsDays: contract.paymentTermsDays,
    rebatePercent: contract.rebateBp / 100,
    shipmentBeforePayment: contract.shipmentBeforePayment,
    note: contract.note ?? '',
    productNames: Object.fromEntries(contract.lines.map((line) => [line.productId, line.productName])),
  };
}
