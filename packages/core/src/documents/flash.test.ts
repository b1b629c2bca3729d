import { describe, expect, it } from 'vitest';
import { flashReport, type FlashContract, type FlashDayFacts, type FlashReceipt } from './flash.js';
import { paidAsOf } from './anomalies.js';

const scope = (ownerId: string, teamId = 't1') => ({ ownerId, teamId, regionId: null, industry: null });
const contract = (id: string, ownerId: string, totalMinor: number, extra: Partial<FlashContract> = {}): FlashContract => ({
  id, traceCode: `HT-2026-${id}`, customerId: `c-${id}`, customerName: `客户${id}`, title: `合同${id}`, status: 'signed', totalMinor, signedOn: '2026-11-26',
  dueOn: '2026-12-26', shipmentBeforePayment: true, ...scope(ownerId), ...extra,
});
const receipt = (id: string, customerId: string, allocations: Array<[FlashContract, number]>, extra: Partial<FlashReceipt> = {}): FlashReceipt => ({
  id, traceCode: `HK-2026-${id}`, customerId, customerName: '客户', status: 'confirmed', amountMinor: allocations.reduce((s, [, a]) => s + a, 0), receivedOn: '2026-11-26',
  bankReference: null, payerName: null, confirmedOn: '2026-11-26', reversedOn: null, ...scope('rep1'),
  allocations: allocations.map(([c, amountMinor]) => ({ contractId: c.id, contractTraceCode: c.traceCode, contractCustomerId: c.customerId, amountMinor, ...scope(c.ownerId, c.teamId ?? 't1') })),
  ...extra,
});
const facts = (over: Partial<FlashDayFacts>): FlashDayFacts => ({
  day: '2026-11-26', currency: 'CNY', signed: [], voided: [], confirmed: [], reversed: [], receiptPeers: [], shipped: [], pastTerms: [], overdue: [], payments: [],
  people: { rep1: '张伟', rep2: '王芳', rep3: '李娜', rep4: '刘洋' }, ...over,
});

describe('the daily flash report', () => {
  it('adds signings, voids, collections and refunds of the day, and nets them', () => {
    const a = contract('1', 'rep1', 300_000);
    const b = contract('2', 'rep2', 200_000);
    const report = flashReport(facts({
      signed: [{ ...a, lines: [] }, { ...b, lines: [] }], voided: [contract('0', 'rep2', 50_000)],
      confirmed: [receipt('r1', a.customerId, [[a, 120_000]])], reversed: [receipt('r0', b.customerId, [[b, 20_000]], { status: 'refunded' })],
    }), { receiptMismatchToleranceMinor: 0 });
    expect(report).toMatchObject({
      signed: { minor: 500_000, count: 2 }, voided: { minor: 50_000, count: 1 }, netSigned: { minor: 450_000, count: 1 },
      collected: { minor: 120_000, count: 1 }, refunded: { minor: 20_000, count: 1 }, netCollected: { minor: 100_000 },
    });
    expect(report.topReps.map((r) => [r.repName, r.signedMinor, r.collectedMinor])).toEqual([['张伟', 300_000, 120_000], ['王芳', 150_000, -20_000]]);
  });

  it('keeps three reps, ranked by signed then collected then name', () => {
    const cs = ['rep1', 'rep2', 'rep3', 'rep4'].map((rep, i) => contract(String(i), rep, i === 3 ? 100 : 1_000));
    const report = flashReport(facts({ signed: cs.map((c) => ({ ...c, lines: [] })), confirmed: [receipt('r', cs[2]!.customerId, [[cs[2]!, 10]])] }), { receiptMismatchToleranceMinor: 0 });
    expect(report.topReps.map((r) => r.repName)).toEqual(['李娜', '张伟', '王芳']);
  });

  it('counts only what the reader may see', () => {
    const mine = contract('1', 'rep1', 1_000);
    const theirs = contract('2', 'rep2', 2_000, { teamId: 't2' });
    const report = flashReport(facts({ signed: [{ ...mine, lines: [] }, { ...theirs, lines: [] }] }), { visible: (s) => s.teamId === 't1', receiptMismatchToleranceMinor: 0 });
    expect(report.signed).toEqual({ minor: 1_000, count: 1 });
    expect(report.signedContracts.map((c) => c.id)).toEqual(['1']);
  });

  it('says what was paid at the end of a day, and at a moment', () => {
    const payments = [
      { contractId: 'x', amountMinor: 100, confirmedAt: '2026-11-20T02:00:00Z', confirmedOn: '2026-11-20', reversedAt: '2026-11-27T02:00:00Z', reversedOn: '2026-11-27' },
      { contractId: 'x', amountMinor: 50, confirmedAt: '2026-11-27T01:00:00Z', confirmedOn: '2026-11-27', reversedAt: null, reversedOn: null },
    ];
    expect(paidAsOf(payments, 'x', { day: '2026-11-26' })).toBe(100);
    expect(paidAsOf(payments, 'x', { day: '2026-11-27' })).toBe(50);
    expect(paidAsOf(payments, 'x', { instant: '2026-11-27T01:30:00Z' })).toBe(150);
  });

  it('flags a contract that fell due the day before with its shortfall, and a receipt matched to the same payment twice', () => {
    const late = contract('9', 'rep1', 100_000, { signedOn: '2026-10-01', dueOn: '2026-11-25' });
    const r = receipt('r1', 'c-x', [[late, 30_000]]);
    const report = flashReport(facts({
      pastTerms: [late], confirmed: [r],
      payments: [{ contractId: late.id, amountMinor: 30_000, confirmedAt: '2026-11-26T02:00:00Z', confirmedOn: '2026-11-26', reversedAt: null, reversedOn: null }],
      receiptPeers: [{ id: 'r0', traceCode: 'HK-2026-r0', customerId: 'c-x', amountMinor: 30_000, receivedOn: '2026-11-26', bankReference: null }],
    }), { receiptMismatchToleranceMinor: 0 });
    const byCode = Object.fromEntries(report.anomalies.map((a) => [a.code, a]));
    expect(byCode.unpaid_past_terms).toMatchObject({ amountMinor: 70_000, traceCode: late.traceCode });
    expect(byCode.unpaid_past_terms!.message.en).toContain('was due on 2026-11-25, 1 day ago: CNY 700.00 of CNY 1,000.00 still unpaid.');
    expect(byCode.receipt_mismatch!.message['zh-CN']).toContain('分配到了其他客户的合同');
    expect(byCode.duplicate_reference!.message.en).toContain('matches HK-2026-r0: the same payment registered twice?');
  });

  it('lists only contracts that fell due the day before, and counts every overdue one the reader may see in the summary', () => {
    const older = contract('7', 'rep1', 50_000, { signedOn: '2026-09-01', dueOn: '2026-10-01' });
    const fresh = contract('8', 'rep1', 80_000, { signedOn: '2026-10-26', dueOn: '2026-11-25' });
    const report = flashReport(facts({
      pastTerms: [older, fresh],
      overdue: [
        { ...scope('rep1'), count: 2, minor: 130_000 },
        { ...scope('rep2', 't2'), count: 5, minor: 1_000_000 },
      ],
    }), { visible: (s) => s.teamId === 't1', receiptMismatchToleranceMinor: 0 });
    expect(report.anomalies.map((a) => a.documentId)).toEqual(['8']);
    expect(report.overdue).toEqual({ minor: 130_000, count: 2 });
  });

  it('finds what was paid on each of many contracts without rescanning every payment for each', () => {
    const due = Array.from({ length: 20_000 }, (_, i) => contract(`d${i}`, 'rep1', 1_000, { signedOn: '2026-10-26', dueOn: '2026-11-25' }));
    const payments = due.map((c, i) => ({ contractId: c.id, amountMinor: i % 2 === 0 ? 1_000 : 400, confirmedAt: '2026-11-20T02:00:00Z', confirmedOn: '2026-11-20', reversedAt: null, reversedOn: null }));
    const started = performance.now();
    const report = flashReport(facts({ pastTerms: due, payments }), { receiptMismatchToleranceMinor: 0 });
    expect(report.anomalies).toHaveLength(10_000);
    expect(report.anomalies.every((a) => a.amountMinor === 600)).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
