import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationProblemText, checkAllocations, type AllocatableContract, type AllocationCheck } from './allocation.js';

const contract = (id: string, over: Partial<AllocatableContract> = {}): AllocatableContract => ({
  id, customerId: 'cus1', currency: 'CNY', status: 'signed', totalMinor: 100_000, paidMinor: 0, ...over,
});
const contracts = (...list: AllocatableContract[]) => new Map(list.map((c) => [c.id, c]));
const check = (over: Partial<AllocationCheck>): ReturnType<typeof checkAllocations> =>
  checkAllocations({ receipt: { customerId: 'cus1', currency: 'CNY', amountMinor: 100_000 }, allocations: [], contracts: contracts(contract('c1')), stage: 'register', ...over });

describe('allocating a receipt to contracts', () => {
  it('accepts a receipt split across two contracts of its customer and reports what is left unallocated', () => {
    const result = check({ allocations: [{ contractId: 'c1', amountMinor: 40_000 }, { contractId: 'c2', amountMinor: 30_000 }], contracts: contracts(contract('c1'), contract('c2', { status: 'partially_paid', paidMinor: 50_000 })) });
    expect(result).toEqual({ ok: true, allocatedMinor: 70_000, unallocatedMinor: 30_000 });
  });

  it('lets a registered receipt stay partly allocated but confirms only a fully allocated one', () => {
    const allocations = [{ contractId: 'c1', amountMinor: 60_000 }];
    expect(check({ allocations }).ok).toBe(true);
    const confirm = check({ allocations, stage: 'confirm' });
    expect(confirm).toEqual({ ok: false, problems: [{ code: 'not_fully_allocated', allocatedMinor: 60_000, amountMinor: 100_000 }] });
    expect(check({ allocations: [{ contractId: 'c1', amountMinor: 100_000 }], stage: 'confirm' }).ok).toBe(true);
  });

  it('refuses more than the contract still owes, naming the amounts', () => {
    const result = check({ allocations: [{ contractId: 'c1', amountMinor: 80_000 }], contracts: contracts(contract('c1', { status: 'partially_paid', paidMinor: 30_000 })) });
    expect(result.ok).toBe(false);
    const problem = (result as { problems: Parameters<typeof allocationProblemText>[0][] }).problems[0]!;
    expect(problem).toEqual({ code: 'above_outstanding', index: 0, amountMinor: 80_000, outstandingMinor: 70_000, totalMinor: 100_000, paidMinor: 30_000 });
    const text = allocationProblemText(problem, 'CNY');
    expect(text.field).toBe('body.allocations.0.amountMinor');
    expect(text.message.en).toBe('800.00 CNY is more than the 700.00 CNY outstanding (total 1000.00 CNY, paid 300.00 CNY)');
  });

  it('refuses allocations that add up to more than the receipt', () => {
    const result = check({ receipt: { customerId: 'cus1', currency: 'CNY', amountMinor: 50_000 }, allocations: [{ contractId: 'c1', amountMinor: 60_000 }] });
    expect(result).toEqual({ ok: false, problems: [{ code: 'above_amount', allocatedMinor: 60_000, amountMinor: 50_000 }] });
  });

  it('refuses a contract named twice, zero amounts, unknown contracts and other customers\' contracts', () => {
    const result = check({
      allocations: [
        { contractId: 'c1', amountMinor: 10 }, { contractId: 'c1', amountMinor: 20 }, { contractId: 'c2', amountMinor: 0 },
        { contractId: 'nope', amountMinor: 5 }, { contractId: 'c3', amountMinor: 5 },
      ],
      contracts: contracts(contract('c1'), contract('c2'), contract('c3', { customerId: 'cus2' })),
    });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['duplicate', 'not_positive', 'unknown_contract', 'other_customer']);
  });

  it.each(['draft', 'in_approval', 'rejected', 'paid', 'completed', 'voided'] as const)('refuses a contract that is %s', (status) => {
    const result = check({ allocations: [{ contractId: 'c1', amountMinor: 1 }], contracts: contracts(contract('c1', { status })) });
    expect(result).toEqual({ ok: false, problems: [{ code: 'not_payable', index: 0, status }] });
  });

  it('never accepts allocations that overpay a contract or exceed the receipt, whatever they are', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ total: fc.integer({ min: 1, max: 500_000 }), paidShare: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ which: fc.nat(5), amount: fc.integer({ min: -10, max: 600_000 }) }), { maxLength: 6 }),
        (amountMinor, shapes, lines) => {
          const list = shapes.map((s, i) => {
            const paidMinor = Math.floor(s.total * s.paidShare);
            return contract(`c${i}`, { totalMinor: s.total, paidMinor, status: paidMinor === 0 ? 'signed' : paidMinor >= s.total ? 'paid' : 'partially_paid' });
          });
          const allocations = lines.map((l) => ({ contractId: `c${l.which}`, amountMinor: l.amount }));
          const result = check({ receipt: { customerId: 'cus1', currency: 'CNY', amountMinor }, allocations, contracts: contracts(...list) });
          if (!result.ok) return;
          expect(result.allocatedMinor).toBeLessThanOrEqual(amountMinor);
          for (const c of list) {
            const onIt = allocations.filter((a) => a.contractId === c.id).reduce((s, a) => s + a.amountMinor, 0);
            expect(c.paidMinor + onIt).toBeLessThanOrEqual(c.totalMinor);
          }
        },
      ),
    );
  });
});
