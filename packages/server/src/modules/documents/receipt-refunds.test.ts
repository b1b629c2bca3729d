/**
 * Partial refunds (B3), on both databases: finance gives back part of a confirmed receipt — an amount pro rata over
 * the contracts it paid, or a split per contract — with a reason; the contracts' paid amounts and statuses move back
 * through the state machine, payment.refunded carries the amount per contract, the receipt stays confirmed until the
 * last of it is refunded, a retried request with the same Idempotency-Key refunds once, and the commission engine
 * takes back the refunded share only. Also: a receipt or contract in another currency is refused, naming both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionStatement } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { contractState, eventsOf, signedContract } from '../../test-support/paid-documents.js';

const plan = `
id: refund-ae
version: 1
name: 退款测试提成
currency: CNY
period: month
effective: { from: 2026-01-01 }
components:
  - { id: base, type: table, method: marginal, bands: [ { rate: 10% } ] }
`;

describe.each(dialects)('partial refunds of receipts on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': 'en', ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const paidReceipt = async (customerId: string, allocations: Array<{ contractId: string; amountMinor: number }>) => {
    const amountMinor = allocations.reduce((s, a) => s + a.amountMinor, 0);
    const res = await call('ops', 'POST', '/receipts', { customerId, amountMinor, receivedOn: '2026-11-02', allocations });
    expect(res.statusCode, res.body).toBe(201);
    const confirmed = await call('ops', 'POST', `/receipts/${res.json().id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return confirmed.json() as { id: string; version: number };
  };

  it('refunds an amount pro rata over the contracts a receipt paid: paid → partially paid, the receipt stays confirmed, the event carries each part', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 60_000 });
    const b = await signedContract(world, 'repEast1', { customerId: a.customerId, totalMinor: 40_000 });
    const receipt = await paidReceipt(a.customerId, [{ contractId: a.id, amountMinor: 60_000 }, { contractId: b.id, amountMinor: 40_000 }]);
    expect(await contractState(world, a.id)).toEqual({ status: 'paid', paidMinor: 60_000 });

    const res = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { version: receipt.version, reason: '退回一台设备', amountMinor: 25_000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', refundedMinor: 25_000, reversedOn: null, version: receipt.version + 1 });
    expect(res.json().allocations.map((x: { contractId: string; refundedMinor: number }) => [x.contractId, x.refundedMinor])).toEqual([[a.id, 15_000], [b.id, 10_000]]);
    expect(await contractState(world, a.id)).toEqual({ status: 'partially_paid', paidMinor: 45_000 });
    expect(await contractState(world, b.id)).toEqual({ status: 'partially_paid', paidMinor: 30_000 });
    const [event] = await eventsOf(world, 'payment.refunded', receipt.id);
    expect(event).toMatchObject({
      receiptId: receipt.id, amountMinor: 100_000, reversedMinor: 25_000, unrefundedMinor: 75_000, final: false, reason: '退回一台设备', reversedOn: '2026-11-02',
    });
    expect((event!.allocations as Array<Record<string, unknown>>).map((x) => [x.contractId, x.amountMinor, x.contractPaidMinor, x.contractStatus]).sort()).toEqual(
      [[a.id, 15_000, 45_000, 'partially_paid'], [b.id, 10_000, 30_000, 'partially_paid']].sort(),
    );
    const steps = await world.database.db.selectFrom('document_transitions').select(['action', 'from_status', 'to_status', 'reason']).where('doc_id', '=', receipt.id).where('action', '=', 'refund').execute();
    expect(steps).toEqual([{ action: 'refund', from_status: 'confirmed', to_status: 'confirmed', reason: '退回一台设备' }]);
    const audit = await world.database.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', receipt.id).where('action', '=', 'refund').execute();
    expect(audit).toHaveLength(1);
  });

  it('refunds an explicit split per contract, and the last of the money makes the receipt refunded and the contracts signed again', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 60_000 });
    const b = await signedContract(world, 'repEast1', { customerId: a.customerId, totalMinor: 40_000 });
    const receipt = await paidReceipt(a.customerId, [{ contractId: a.id, amountMinor: 60_000 }, { contractId: b.id, amountMinor: 40_000 }]);
    const first = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退货', allocations: [{ contractId: b.id, amountMinor: 40_000 }] });
    expect(first.statusCode, first.body).toBe(200);
    expect(await contractState(world, a.id)).toEqual({ status: 'paid', paidMinor: 60_000 });
    expect(await contractState(world, b.id)).toEqual({ status: 'signed', paidMinor: 0 });
    // Over what is left on a contract, and a split that does not add up: refused with the amounts, nothing moves.
    const over = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退货', allocations: [{ contractId: b.id, amountMinor: 1 }] });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.fields['body.allocations.0.amountMinor']).toMatch(/0\.01 CNY is more than the 0\.00 CNY this receipt still pays it/);
    const mismatch = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退货', amountMinor: 100, allocations: [{ contractId: a.id, amountMinor: 50 }] }, { 'accept-language': 'zh-CN' });
    expect(mismatch.json().error.fields['body.allocations']).toBe('分摊合计 0.50 CNY，与退款金额 1.00 CNY 不符');
    const tooMuch = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退货', amountMinor: 60_001 });
    expect(tooMuch.json().error.fields['body.amountMinor']).toBe('600.01 CNY is more than the 600.00 CNY not yet refunded');
    expect(await contractState(world, a.id)).toEqual({ status: 'paid', paidMinor: 60_000 });

    const rest = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '全部退回' });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'refunded', refundedMinor: 100_000, reversedOn: '2026-11-02' });
    expect(await contractState(world, a.id)).toEqual({ status: 'signed', paidMinor: 0 });
    const events = await eventsOf(world, 'payment.refunded', receipt.id);
    expect(events.map((e) => [e.reversedMinor, e.final])).toEqual([[40_000, false], [60_000, true]]);
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '再退' })).statusCode).toBe(409);
  });

  it('moves the rep\'s live collected figure and the day\'s flash report by the refunded part only', async () => {
    const figures = async () => (await world.app.inject({ method: 'GET', url: '/api/v1/figures/sales?from=2026-11-02&to=2026-11-02', headers: world.as('repEast2') })).json();
    await world.app.services.jobs.runner.drain();
    const before = (await figures()).totals.collectedMinor as number;
    const contract = await signedContract(world, 'repEast2', { totalMinor: 100_000 });
    const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退货', amountMinor: 12_500 })).statusCode).toBe(200);
    await world.app.services.jobs.runner.drain();
    expect((await figures()).totals.collectedMinor).toBe(before + 87_500);
    const flash = (await call('admin', 'GET', '/flash-reports/2026-11-02')).json();
    expect(flash.receipts).toContainEqual(expect.objectContaining({ id: receipt.id, kind: 'reversed', allocatedMinor: 12_500 }));
  });

  it('refunds once for a retried request with the same Idempotency-Key', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
    const key = { 'idempotency-key': `refund-${receipt.id}` };
    const body = { reason: '部分退款', amountMinor: 30_000 };
    const first = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, body, key);
    const retry = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, body, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 70_000 });
    expect(await eventsOf(world, 'payment.refunded', receipt.id)).toHaveLength(1);
    // Without the key, the same body is a second refund: the API cannot tell a retry from a new one.
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/refund`, body)).statusCode).toBe(200);
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 40_000 });
  });

  it('never refunds more than is left when two partial refunds of one receipt arrive at the same moment', async () => {
    for (let round = 0; round < 3; round += 1) {
      const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
      const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
      const answers = await Promise.all([0, 1].map(() => call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '并发退款', amountMinor: 60_000 })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400]);
      expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 40_000 });
    }
  });

  it('voids a partly refunded receipt by giving back only what is left', async () => {
    const contract = await signedContract(world, 'repEast2', { totalMinor: 100_000 });
    const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 80_000 }]);
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '部分退款', amountMinor: 30_000 })).statusCode).toBe(200);
    const voided = await call('ops', 'POST', `/receipts/${receipt.id}/void`, { reason: '银行退票' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'voided', refundedMinor: 30_000 });
    expect(await contractState(world, contract.id)).toEqual({ status: 'signed', paidMinor: 0 });
    const [event] = await eventsOf(world, 'payment.voided', receipt.id);
    expect(event).toMatchObject({ reversedMinor: 50_000, allocations: [{ contractId: contract.id, amountMinor: 50_000, contractPaidMinor: 0 }] });
  });

  it('refuses a refund to a rep, of a registered receipt, and of a contract the receipt did not pay', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const other = await signedContract(world, 'repEast1', { customerId: contract.customerId, totalMinor: 100_000 });
    const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 50_000 }]);
    expect((await call('repEast1', 'POST', `/receipts/${receipt.id}/refund`, { reason: 'x', amountMinor: 1 })).statusCode).toBe(403);
    const notOn = await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: 'x', allocations: [{ contractId: other.id, amountMinor: 1 }] });
    expect(notOn.json().error.fields['body.allocations.0.contractId']).toBe('this receipt did not pay that contract');
    const registered = await call('ops', 'POST', '/receipts', { customerId: contract.customerId, amountMinor: 10_000, receivedOn: '2026-11-02', allocations: [] });
    const early = await call('ops', 'POST', `/receipts/${registered.json().id}/refund`, { reason: 'x', amountMinor: 1 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('registered');
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 50_000 });
  });

  it('takes back commission on the refunded share only: 30% refunded claws back 30% of what the payment paid', async () => {
    expect((await call('ops', 'POST', '/commission/plans', { source: plan })).statusCode).toBe(201);
    expect((await call('ops', 'POST', '/commission/assignments', { planKey: 'refund-ae', personId: world.ids.repNorth, fromOn: '2026-01-01' })).statusCode).toBe(201);
    const contract = await signedContract(world, 'repNorth', { totalMinor: 1_000_000 });
    const receipt = await paidReceipt(contract.customerId, [{ contractId: contract.id, amountMinor: 1_000_000 }]);
    await world.app.services.jobs.runner.drain();
    const statement = async () => commissionStatement.parse((await call('repNorth', 'GET', `/commission/statements/2026-11/${world.ids.repNorth}`)).json());
    expect((await statement()).totalMinor).toBe(100_000);
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/refund`, { reason: '退回三成', amountMinor: 300_000 })).statusCode).toBe(200);
    await world.app.services.jobs.runner.drain();
    const afterRefund = await statement();
    expect(afterRefund.lines.filter((l) => l.kind === 'clawback').map((l) => l.amountMinor)).toEqual([-30_000]);
    expect(afterRefund.totalMinor).toBe(70_000);
    // Voiding the rest takes back the remaining 70%, not the whole payment again.
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/void`, { reason: '银行退票' })).statusCode).toBe(200);
    await world.app.services.jobs.runner.drain();
    const afterVoid = await statement();
    expect(afterVoid.lines.filter((l) => l.kind === 'clawback').map((l) => l.amountMinor).sort((x, y) => x - y)).toEqual([-70_000, -30_000]);
    expect(afterVoid.totalMinor).toBe(0);
  });

  it('refuses a receipt in another currency, and a contract in another currency than the receipt, naming both in zh-CN and en', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const usd = await call('ops', 'POST', '/receipts', { customerId: contract.customerId, amountMinor: 100, currency: 'USD', receivedOn: '2026-11-02' });
    expect(usd.statusCode).toBe(400);
    expect(usd.json().error.fields['body.currency']).toBe('the receipt is in USD, but documents are kept in the company currency CNY (one currency per company)');
    const zh = await call('ops', 'POST', '/receipts', { customerId: contract.customerId, amountMinor: 100, currency: 'USD', receivedOn: '2026-11-02' }, { 'accept-language': 'zh-CN' });
    expect(zh.json().error.fields['body.currency']).toBe('回款币种为 USD，但单据仅支持公司本位币 CNY（每家公司一种币种）');
    // A contract kept in another currency (e.g. imported) cannot be paid by a CNY receipt: at registration, and at confirmation.
    const registered = await call('ops', 'POST', '/receipts', { customerId: contract.customerId, amountMinor: 100, receivedOn: '2026-11-02', allocations: [{ contractId: contract.id, amountMinor: 100 }] });
    expect(registered.statusCode).toBe(201);
    await world.database.db.updateTable('contracts').set({ currency: 'USD' }).where('id', '=', contract.id).execute();
    const again = await call('ops', 'POST', '/receipts', { customerId: contract.customerId, amountMinor: 100, receivedOn: '2026-11-02', allocations: [{ contractId: contract.id, amountMinor: 100 }] });
    expect(again.json().error.fields['body.allocations.0.contractId']).toBe('this contract is in USD, the receipt in CNY');
    const confirm = await call('ops', 'POST', `/receipts/${registered.json().id}/confirm`, {}, { 'accept-language': 'zh-CN' });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().error.message).toContain('该合同币种为 USD，回款币种为 CNY');
    expect(await contractState(world, contract.id)).toEqual({ status: 'signed', paidMinor: 0 });
  });
});
