import { describe, expect, it } from 'vitest';
import { allocationList, fillOldestFirst, outstanding, unallocated } from './allocation';

const contract = (id: string, totalMinor: number, paidMinor: number, dueOn: string | null) => ({ id, totalMinor, paidMinor, dueOn, signedOn: null });

describe('allocating a receipt to contracts', () => {
  it('a contract owes its total less what is paid, never less than nothing', () => {
    expect(outstanding({ totalMinor: 10_000, paidMinor: 2_500 })).toBe(7_500);
    expect(outstanding({ totalMinor: 10_000, paidMinor: 12_000 })).toBe(0);
  });

  it('the rest is the amount less the typed allocations, and goes negative when they exceed it', () => {
    expect(unallocated(10_000, { a: 4_000, b: null })).toBe(6_000);
    expect(unallocated(10_000, { a: 7_000, b: 4_000 })).toBe(-1_000);
    expect(unallocated(null, {})).toBe(0);
  });

  it('filling pays the contract due first, then the next, until the money runs out', () => {
    const contracts = [contract('late', 50_000, 0, '2026-12-30'), contract('soon', 30_000, 10_000, '2026-12-01'), contract('nodue', 5_000, 0, null)];
    expect(fillOldestFirst(45_000, contracts)).toEqual({ soon: 20_000, late: 25_000 });
    expect(fillOldestFirst(100_000, contracts)).toEqual({ soon: 20_000, late: 50_000, nodue: 5_000 });
  });

  it('the request lists only contracts given a positive amount', () => {
    expect(allocationList({ a: 100, b: 0, c: null })).toEqual([{ contractId: 'a', amountMinor: 100 }]);
  });
});
