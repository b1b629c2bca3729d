import { describe, expect, it } from 'vitest';
import { refundBody, refundPreview, stillHeld } from './refund';

const receipt = {
  allocations: [
    { contractId: 'c1', contractTraceCode: 'HT-1', contractTitle: 'a', amountMinor: 60_000, refundedMinor: 10_000 },
    { contractId: 'c2', contractTraceCode: 'HT-2', contractTitle: 'b', amountMinor: 40_000, refundedMinor: 0 },
  ],
};

describe('the refund form', () => {
  it('shows what each contract still holds of the receipt', () => {
    expect(receipt.allocations.map(stillHeld)).toEqual([50_000, 40_000]);
  });

  it('previews an amount split pro rata the way the server will split it', () => {
    const plan = refundPreview(receipt, { mode: 'amount', amountMinor: 9_000, split: {} });
    expect(plan).toMatchObject({ ok: true, lines: [{ contractId: 'c1', amountMinor: 5_000 }, { contractId: 'c2', amountMinor: 4_000 }], unrefundedAfterMinor: 81_000 });
    expect(refundBody({ mode: 'amount', amountMinor: 9_000, split: {} })).toEqual({ amountMinor: 9_000 });
  });

  it('sends only the contracts given an amount, and refuses more than a contract still holds', () => {
    expect(refundBody({ mode: 'split', amountMinor: null, split: { c1: 0, c2: 1_000, c3: null } })).toEqual({ allocations: [{ contractId: 'c2', amountMinor: 1_000 }] });
    const over = refundPreview(receipt, { mode: 'split', amountMinor: null, split: { c1: 50_001 } });
    expect(over).toMatchObject({ ok: false, problems: [{ code: 'above_contract_unrefunded', index: 0, unrefundedMinor: 50_000 }] });
  });

  it('refunds everything left when nothing is chosen', () => {
    expect(refundBody({ mode: 'all', amountMinor: null, split: {} })).toEqual({});
    expect(refundPreview(receipt, { mode: 'all', amountMinor: null, split: {} })).toMatchObject({ ok: true, amountMinor: 90_000, unrefundedAfterMinor: 0 });
  });
});
