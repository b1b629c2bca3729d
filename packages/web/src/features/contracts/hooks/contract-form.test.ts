import { describe, expect, it } from 'vitest';
import { contractBody, lineAmountMinor, percentToBp, priceHint, totalMinor } from './contract-form';
import type { ContractViolationView } from '@closeloop/core';
import { excessOf, sortViolations } from './violations';

describe('contract editor arithmetic', () => {
  it('a line is quantity times the typed unit price in fen, with no float rounding', () => {
    expect(lineAmountMinor({ quantity: 3, unitPrice: '0.10' }, 'CNY')).toBe(30);
    expect(lineAmountMinor({ quantity: 7, unitPrice: '96,000.05' }, 'CNY')).toBe(67_200_035);
    expect(lineAmountMinor({ quantity: 2, unitPrice: '1200' }, 'JPY')).toBe(2400);
  });

  it('a line without a whole positive quantity or a valid price has no amount yet', () => {
    expect(lineAmountMinor({ quantity: 0, unitPrice: '10' }, 'CNY')).toBeNull();
    expect(lineAmountMinor({ quantity: 1.5, unitPrice: '10' }, 'CNY')).toBeNull();
    expect(lineAmountMinor({ quantity: 1, unitPrice: '10.001' }, 'CNY')).toBeNull();
    expect(lineAmountMinor({ quantity: 1, unitPrice: '' }, 'CNY')).toBeNull();
  });

  it('the total adds the complete lines and skips the unfinished one', () => {
    expect(totalMinor([{ quantity: 2, unitPrice: '100' }, { quantity: 1, unitPrice: '0.5' }, { quantity: 1 }], 'CNY')).toBe(20_050);
  });

  it('a rebate typed as 2.5 % is 250 basis points', () => {
    expect(percentToBp(2.5)).toBe(250);
    expect(percentToBp(null)).toBe(0);
  });

  it('a unit price under the floor is flagged before submitting, one under list only as a discount', () => {
    const line = { quantity: 1, listPriceMinor: 12_000_000, floorPriceMinor: 9_600_000 };
    expect(priceHint({ ...line, unitPrice: '90000' }, 'CNY')).toBe('belowFloor');
    expect(priceHint({ ...line, unitPrice: '100000' }, 'CNY')).toBe('belowList');
    expect(priceHint({ ...line, unitPrice: '120000' }, 'CNY')).toBeNull();
  });

  it('the body carries minor units and basis points, and is withheld while a line is incomplete', () => {
    expect(contractBody({ customerId: 'c1', title: ' MES ', lines: [{ productId: 'p1', quantity: 2, unitPrice: '1.20' }], rebatePercent: 1, shipmentBeforePayment: true }, 'CNY')).toEqual({
      customerId: 'c1', title: 'MES', lines: [{ productId: 'p1', quantity: 2, unitPriceMinor: 120 }], rebateBp: 100, shipmentBeforePayment: true, note: null,
    });
    expect(contractBody({ customerId: 'c1', title: 'MES', lines: [{ productId: 'p1', quantity: 2 }] }, 'CNY')).toBeNull();
    expect(contractBody({ customerId: 'c1', title: 'MES', lines: [] }, 'CNY')).toBeNull();
  });
});

describe('failed checks as shown', () => {
  const v = (code: string, lineNo: number | null, details: Record<string, unknown> = {}) => ({ code, lineNo, message: `${code}@${lineNo}`, details }) as ContractViolationView;

  it('whole-contract rules come first (credit before rebate), then the lines in order', () => {
    const sorted = sortViolations([v('below_floor_price', 2), v('discount_above_band', 1), v('rebate_above_tier', null), v('credit_limit_exceeded', null)]);
    expect(sorted.map((x) => x.message)).toEqual(['credit_limit_exceeded@null', 'rebate_above_tier@null', 'discount_above_band@1', 'below_floor_price@2']);
  });

  it('by how much: over the limit, short of the floor, or the whole rebate no tier allows', () => {
    expect(excessOf(v('credit_limit_exceeded', null, { limitMinor: 100, excessMinor: 500 }))).toBe(500);
    expect(excessOf(v('below_floor_price', 1, { shortMinor: 120 }))).toBe(120);
    expect(excessOf(v('rebate_without_tier', null, { rebateMinor: 3000 }))).toBe(3000);
    expect(excessOf(v('rebate_without_tier', null, {}))).toBeNull();
  });
});
