import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { contractState, customerOf, eventsOf, signedContract } from '../../test-support/paid-documents.js';

describe.each(dialects)('payment receipts on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const post = (person: Person, url: string, body: unknown, headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': 'en', ...headers }, payload: body as object });
  const register = (body: Record<string, unknown>, person: Person = 'ops', headers: Record<string, string> = {}) =>
    post(person, '/receipts', { receivedOn: '2026-11-02', ...body }, headers);
  const confirm = (id: string, person: Person = 'ops', headers: Record<string, string> = {}) => post(person, `/receipts/${id}/confirm`, {}, headers);
  const registerAndConfirm = async (customerId: string, allocations: Array<{ contractId: string; amountMinor: number }>) => {
    const amountMinor = allocations.reduce((s, a) => s + a.amountMinor, 0);
    const res = await register({ customerId, amountMinor, allocations });
    expect(res.statusCode, res.body).toBe(201);
    const confirmed = await confirm(res.json().id);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return confirmed.json();
  };

  it('moves a contract signed → partially paid → paid with two partial payments, and emits payment.confirmed for commissions', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const first = await registerAndConfirm(contract.customerId, [{ contractId: contract.id, amountMinor: 40_000 }]);
    expect(first).toMatchObject({ status: 'confirmed', confirmedBy: world.ids.ops, confirmedOn: '2026-11-02', unallocatedMinor: 0, traceCode: expect.stringMatching(/^HK-2026-\d{6}$/) });
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 40_000 });
    await registerAndConfirm(contract.customerId, [{ contractId: contract.id, amountMinor: 60_000 }]);
    expect(await contractState(world, contract.id)).toEqual({ status: 'paid', paidMinor: 100_000 });

    const [event] = await eventsOf(world, 'payment.confirmed', first.id);
    const product = await world.database.db.selectFrom('contract_lines').select('product_id').where('contract_id', '=', contract.id).executeTakeFirstOrThrow();
    expect(event).toEqual({
      receiptId: first.id, traceCode: first.traceCode, customerId: contract.customerId, amountMinor: 40_000, currency: 'CNY', confirmedAt: first.confirmedAt,
      confirmedOn: '2026-11-02', confirmedBy: world.ids.ops,
      allocations: [{
        contractId: contract.id, contractTraceCode: expect.stringMatching(/^HT-/), amountMinor: 40_000, ownerId: world.ids.repEast1, teamId: world.teams.east1,
        regionId: null, industry: 'manufacturing', contractTotalMinor: 100_000, contractPaidMinor: 40_000, contractStatus: 'partially_paid', contractSignedOn: '2026-11-02',
        lines: [{ productId: product.product_id, quantity: 1, amountMinor: 100_000 }],
      }],
    });
    const steps = await world.database.db.selectFrom('document_transitions').select(['action', 'to_status']).where('doc_id', '=', contract.id).orderBy('at').orderBy('id').execute();
    expect(steps.map((s) => `${s.action}→${s.to_status}`)).toEqual(['record_payment→partially_paid', 'record_payment→paid']);
  });

  it('splits one receipt across two contracts of the customer, showing the unallocated rest until it is matched', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 50_000 });
    const b = await signedContract(world, 'repEast1', { customerId: a.customerId, totalMinor: 80_000 });
    const res = await register({ customerId: a.customerId, amountMinor: 100_000, bankReference: 'CMB-001', allocations: [{ contractId: a.id, amountMinor: 50_000 }] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'registered', allocatedMinor: 50_000, unallocatedMinor: 50_000, ownerId: world.ids.repEast1 });
    const early = await confirm(res.json().id);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('500.00 CNY of 1000.00 CNY is allocated');

    const patched = await world.app.inject({
      method: 'PATCH', url: `/api/v1/receipts/${res.json().id}`, headers: world.as('ops'),
      payload: { version: 1, allocations: [{ contractId: a.id, amountMinor: 50_000 }, { contractId: b.id, amountMinor: 50_000 }] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, unallocatedMinor: 0 });
    expect((await confirm(res.json().id)).statusCode).toBe(200);
    expect(await contractState(world, a.id)).toEqual({ status: 'paid', paidMinor: 50_000 });
    expect(await contractState(world, b.id)).toEqual({ status: 'partially_paid', paidMinor: 50_000 });
    const [event] = await eventsOf(world, 'payment.confirmed', res.json().id);
    expect((event!.allocations as Array<{ contractId: string }>).map((x) => x.contractId).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses an overpayment with the amounts in the message, at registration and at confirmation', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const tooMuch = await register({ customerId: contract.customerId, amountMinor: 120_000, allocations: [{ contractId: contract.id, amountMinor: 120_000 }] });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.fields['body.allocations.0.amountMinor']).toBe('1200.00 CNY is more than the 1000.00 CNY outstanding (total 1000.00 CNY, paid 0.00 CNY)');
    // Two receipts registered while nothing was paid; the second cannot be confirmed once the first took most of it.
    const one = (await register({ customerId: contract.customerId, amountMinor: 70_000, allocations: [{ contractId: contract.id, amountMinor: 70_000 }] })).json();
    const two = (await register({ customerId: contract.customerId, amountMinor: 70_000, allocations: [{ contractId: contract.id, amountMinor: 70_000 }] })).json();
    expect((await confirm(one.id)).statusCode).toBe(200);
    const refused = await confirm(two.id, 'ops', { 'accept-language': 'zh-CN' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('超过未回款金额 300.00 CNY');
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 70_000 });
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/receipts/${two.id}`, headers: world.as('ops') })).json().status).toBe('registered');
  });

  it('refunds a confirmed receipt: the contract nets back and payment.refunded carries the reversed amounts', async () => {
    const contract = await signedContract(world, 'repEast2', { totalMinor: 100_000 });
    const receipt = await registerAndConfirm(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
    expect(await contractState(world, contract.id)).toEqual({ status: 'paid', paidMinor: 100_000 });
    world.clock.advance(3_600_000);
    const refunded = await post('ops', `/receipts/${receipt.id}/refund`, { reason: '客户重复付款' });
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.json()).toMatchObject({ status: 'refunded', reversedOn: expect.any(String) });
    expect(await contractState(world, contract.id)).toEqual({ status: 'signed', paidMinor: 0 });
    const [event] = await eventsOf(world, 'payment.refunded', receipt.id);
    expect(event).toMatchObject({
      receiptId: receipt.id, amountMinor: 100_000, reason: '客户重复付款', reversedAt: refunded.json().reversedAt, reversedOn: refunded.json().reversedOn,
      allocations: [{ contractId: contract.id, amountMinor: 100_000, contractPaidMinor: 0, contractStatus: 'signed', ownerId: world.ids.repEast2 }],
    });
    const again = await post('ops', `/receipts/${receipt.id}/refund`, { reason: '再退一次' });
    expect(again.statusCode).toBe(409);
    const noReason = await post('ops', `/receipts/${receipt.id}/void`, {});
    expect(noReason.statusCode).toBe(400);
  });

  it('voids a registered receipt without touching any contract, and a confirmed one like a refund', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const registered = (await register({ customerId: contract.customerId, amountMinor: 30_000, allocations: [{ contractId: contract.id, amountMinor: 30_000 }] })).json();
    const voided = await post('ops', `/receipts/${registered.id}/void`, { reason: '录入错误' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'voided', reversedAt: null });
    expect(await contractState(world, contract.id)).toEqual({ status: 'signed', paidMinor: 0 });
    expect(await eventsOf(world, 'payment.voided', registered.id)).toEqual([]);
    expect(await eventsOf(world, 'receipt.voided', registered.id)).toHaveLength(1);
    expect((await confirm(registered.id)).statusCode).toBe(409);

    const confirmed = await registerAndConfirm(contract.customerId, [{ contractId: contract.id, amountMinor: 30_000 }]);
    expect((await post('ops', `/receipts/${confirmed.id}/void`, { reason: '银行退票' })).statusCode).toBe(200);
    expect(await contractState(world, contract.id)).toEqual({ status: 'signed', paidMinor: 0 });
    expect(await eventsOf(world, 'payment.voided', confirmed.id)).toMatchObject([{ amountMinor: 30_000, reason: '银行退票' }]);
  });

  it('pays once for the same confirmation sent twice: replayed with its Idempotency-Key, refused without one', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const receipt = (await register({ customerId: contract.customerId, amountMinor: 25_000, allocations: [{ contractId: contract.id, amountMinor: 25_000 }] })).json();
    const key = { 'idempotency-key': `confirm-${receipt.id}` };
    const first = await confirm(receipt.id, 'ops', key);
    const replay = await confirm(receipt.id, 'ops', key);
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    const again = await confirm(receipt.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('confirmed');
    expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 25_000 });
    expect(await eventsOf(world, 'payment.confirmed', receipt.id)).toHaveLength(1);
  });

  it('never pays a contract beyond its total when two receipts are confirmed at the same moment', async () => {
    for (let round = 0; round < 3; round += 1) {
      const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
      const receipts = [];
      for (let i = 0; i < 2; i += 1) {
        receipts.push((await register({ customerId: contract.customerId, amountMinor: 60_000, allocations: [{ contractId: contract.id, amountMinor: 60_000 }] })).json());
      }
      const answers = await Promise.all(receipts.map((r) => confirm(r.id)));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(await contractState(world, contract.id)).toEqual({ status: 'partially_paid', paidMinor: 60_000 });
    }
  });

  it('lets a rep read receipts of their own customers only, and never register one', async () => {
    const own = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const colleagues = await signedContract(world, 'repEast1b', { totalMinor: 100_000 });
    const mine = (await register({ customerId: own.customerId, amountMinor: 10_000, allocations: [{ contractId: own.id, amountMinor: 10_000 }] })).json();
    const theirs = (await register({ customerId: colleagues.customerId, amountMinor: 10_000, allocations: [{ contractId: colleagues.id, amountMinor: 10_000 }] })).json();
    const refused = await register({ customerId: own.customerId, amountMinor: 10_000, allocations: [] }, 'repEast1');
    expect(refused.statusCode).toBe(403);
    expect((await confirm(mine.id, 'repEast1')).statusCode).toBe(403);
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/receipts/${mine.id}`, headers: world.as('repEast1') })).statusCode).toBe(200);
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/receipts/${theirs.id}`, headers: world.as('repEast1') })).statusCode).toBe(404);
    const listed = (await world.app.inject({ method: 'GET', url: '/api/v1/receipts?limit=200', headers: world.as('repEast1') })).json().items as Array<{ id: string; ownerId: string }>;
    expect(listed.map((r) => r.id)).toContain(mine.id);
    expect(listed.every((r) => r.ownerId === world.ids.repEast1)).toBe(true);
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/receipts/${theirs.id}`, headers: world.as('managerEast') })).statusCode).toBe(200);
    expect((await world.app.inject({ method: 'GET', url: `/api/v1/receipts/${theirs.id}`, headers: world.as('managerNorth') })).statusCode).toBe(404);
  });

  it('refuses other currencies, unknown customers, unsigned contracts and another customer\'s contracts', async () => {
    const contract = await signedContract(world, 'repEast1');
    const draft = await signedContract(world, 'repEast1', { customerId: contract.customerId, status: 'draft' });
    const otherCustomer = await signedContract(world, 'repEast1');
    const usd = await register({ customerId: contract.customerId, amountMinor: 100, currency: 'USD' });
    expect(usd.json().error.fields['body.currency']).toBe('the receipt is in USD, but documents are kept in the company currency CNY (one currency per company)');
    const unknown = await register({ customerId: 'no-such-customer', amountMinor: 100 });
    expect(unknown.json().error.fields['body.customerId']).toBe('no such customer');
    const bad = await register({
      customerId: contract.customerId, amountMinor: 100, allocations: [{ contractId: draft.id, amountMinor: 10 }, { contractId: otherCustomer.id, amountMinor: 10 }, { contractId: draft.id, amountMinor: 10 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      'body.allocations.0.contractId': 'a contract in status "draft" cannot take payments (only signed or partially paid ones)',
      'body.allocations.1.contractId': 'this contract belongs to another customer',
      'body.allocations.2.contractId': 'this contract is already allocated on line 1',
    });
    const customerWithoutContracts = await customerOf(world, 'repEast1');
    expect((await register({ customerId: customerWithoutContracts, amountMinor: 100 })).statusCode).toBe(201);
  });

  it('finds receipts by trace code, bank reference, contract and status', async () => {
    const contract = await signedContract(world, 'repNorth');
    const receipt = (await register({ customerId: contract.customerId, amountMinor: 5_000, bankReference: 'ICBC-XYZ-77', allocations: [{ contractId: contract.id, amountMinor: 5_000 }] })).json();
    const list = async (query: string) =>
      ((await world.app.inject({ method: 'GET', url: `/api/v1/receipts?${query}`, headers: world.as('admin') })).json().items as Array<{ id: string }>).map((r) => r.id);
    expect(await list(`q=${receipt.traceCode.toLowerCase()}`)).toEqual([receipt.id]);
    expect(await list('q=icbc-xyz')).toEqual([receipt.id]);
    expect(await list(`contractId=${contract.id}`)).toEqual([receipt.id]);
    expect(await list(`contractId=${contract.id}&status=confirmed`)).toEqual([]);
  });
});
