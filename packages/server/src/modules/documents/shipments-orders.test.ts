import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { contractState, eventsOf, signedContract } from '../../test-support/paid-documents.js';

describe.each(dialects)('purchase orders and shipping notes on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const post = (person: Person, url: string, body: unknown) =>
    world.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': 'en' }, payload: body as object });
  const get = (person: Person, url: string) => world.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: world.as(person) });

  it('places orders on a signed contract up to its total, copying its customer and scope, and moves them on', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const first = await post('repEast1', '/purchase-orders', { contractId: contract.id, amountMinor: 60_000, customerReference: 'PO-118' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'placed', customerId: contract.customerId, ownerId: world.ids.repEast1, teamId: world.teams.east1, amountMinor: 60_000, orderedOn: '2026-11-02',
      traceCode: expect.stringMatching(/^DD-2026-\d{6}$/), contractTraceCode: expect.stringMatching(/^HT-/),
    });
    const tooMuch = await post('repEast1', '/purchase-orders', { contractId: contract.id, amountMinor: 50_000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.fields['body.amountMinor']).toContain('400.00 CNY is left to order');
    const rest = await post('repEast1', '/purchase-orders', { contractId: contract.id });
    expect(rest.json().amountMinor).toBe(40_000);
    const id = first.json().id as string;
    expect((await post('repEast1', `/purchase-orders/${id}/fulfil`, {})).statusCode).toBe(409);
    expect((await post('repEast1', `/purchase-orders/${id}/confirm`, { version: 1 })).json()).toMatchObject({ status: 'confirmed', version: 2 });
    expect((await post('repEast1', `/purchase-orders/${id}/fulfil`, { version: 1 })).statusCode).toBe(409);
    expect((await post('repEast1', `/purchase-orders/${id}/fulfil`, {})).json().status).toBe('fulfilled');
    expect(await eventsOf(world, 'purchase_order.fulfilled', id)).toHaveLength(1);
    const cancelled = await post('repEast1', `/purchase-orders/${rest.json().id}/cancel`, { reason: '客户改单' });
    expect(cancelled.json().status).toBe('cancelled');
    expect((await post('repEast1', '/purchase-orders', { contractId: contract.id, amountMinor: 40_000 })).statusCode).toBe(201);
  });

  it('refuses orders and shipments on contracts that are not signed, and hides a colleague\'s contract', async () => {
    const draft = await signedContract(world, 'repEast1', { status: 'draft' });
    const order = await post('repEast1', '/purchase-orders', { contractId: draft.id });
    expect(order.json().error.fields['body.contractId']).toBe('orders are placed on signed contracts; this one is draft');
    const colleague = await signedContract(world, 'repEast1b');
    const hidden = await post('repEast1', '/shipments', { contractId: colleague.id, plannedOn: '2026-11-10' });
    const unknown = await post('repEast1', '/shipments', { contractId: 'no-such-contract', plannedOn: '2026-11-10' });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.body).toBe(unknown.body);
    const theirs = (await post('repEast1b', '/shipments', { contractId: colleague.id, plannedOn: '2026-11-10' })).json();
    expect((await get('repEast1', `/shipments/${theirs.id}`)).statusCode).toBe(404);
    expect((await get('managerEast', `/shipments/${theirs.id}`)).statusCode).toBe(200);
    expect((await post('repEast1', `/shipments/${theirs.id}/cancel`, {})).statusCode).toBe(404);
  });

  it('refuses to ship an unpaid contract whose terms forbid it, and lets an approver override with an audited reason', async () => {
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000, shipmentBeforePayment: false, status: 'partially_paid', paidMinor: 30_000 });
    const planned = await post('repEast1', '/shipments', { contractId: contract.id, plannedOn: '2026-11-05', carrier: '顺丰速运' });
    expect(planned.statusCode, planned.body).toBe(201);
    const id = planned.json().id as string;
    const refused = await post('repEast1', `/shipments/${id}/ship`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('forbid shipping before payment in full, and 300.00 CNY of 1000.00 CNY is paid');
    expect((await post('repEast1', `/shipments/${id}/ship`, { override: true, reason: '老客户，先发货' })).statusCode).toBe(403);
    expect((await post('managerEast', `/shipments/${id}/ship`, { override: true })).statusCode).toBe(400);
    const shipped = await post('managerEast', `/shipments/${id}/ship`, { override: true, reason: '老客户，先发货', trackingNo: 'SF100' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ status: 'shipped', shippedOn: '2026-11-02', trackingNo: 'SF100', carrier: '顺丰速运' });
    const audit = await world.database.db.selectFrom('audit_log').select(['after', 'actor_id']).where('entity_id', '=', id).where('action', '=', 'ship_override').executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(world.ids.managerEast);
    expect(JSON.parse(audit.after!)).toMatchObject({ reason: '老客户，先发货', paidMinor: 30_000, totalMinor: 100_000, contractId: contract.id });
    expect(await eventsOf(world, 'shipment.shipped', id)).toMatchObject([{ beforePayment: true, override: { reason: '老客户，先发货', paidMinor: 30_000, totalMinor: 100_000 } }]);
    const step = await world.database.db.selectFrom('document_transitions').select('reason').where('doc_id', '=', id).where('action', '=', 'ship').executeTakeFirstOrThrow();
    expect(step.reason).toBe('老客户，先发货');
  });

  it('ships freely where the terms allow it, and tells on the last delivery that a paid contract may be completed, without completing it', async () => {
    const contract = await signedContract(world, 'repEast2', { totalMinor: 100_000, status: 'paid', paidMinor: 100_000 });
    const a = (await post('repEast2', '/shipments', { contractId: contract.id, plannedOn: '2026-11-05' })).json();
    const b = (await post('repEast2', '/shipments', { contractId: contract.id, plannedOn: '2026-11-06' })).json();
    for (const s of [a, b]) expect((await post('repEast2', `/shipments/${s.id}/ship`, {})).statusCode).toBe(200);
    expect((await post('repEast2', `/shipments/${a.id}/cancel`, {})).statusCode).toBe(409);
    expect((await post('repEast2', `/shipments/${a.id}/deliver`, {})).json().status).toBe('delivered');
    expect(await eventsOf(world, 'shipment.delivered', a.id)).toMatchObject([{ openShipments: 1, contractCompletable: false }]);
    expect((await post('repEast2', `/shipments/${b.id}/deliver`, {})).json().deliveredAt).toBe(world.clock.now().toISOString());
    expect(await eventsOf(world, 'shipment.delivered', b.id)).toMatchObject([{ openShipments: 0, contractCompletable: true, contractStatus: 'paid' }]);
    expect(await contractState(world, contract.id)).toEqual({ status: 'paid', paidMinor: 100_000 });
  });

  it('lists shipments and orders by contract, status and trace code within scope', async () => {
    const contract = await signedContract(world, 'repNorth');
    const order = (await post('repNorth', '/purchase-orders', { contractId: contract.id })).json();
    const shipment = (await post('repNorth', '/shipments', { contractId: contract.id, orderId: order.id, plannedOn: '2026-11-09', trackingNo: 'YTO-556' })).json();
    expect(shipment.orderId).toBe(order.id);
    const ids = async (person: Person, url: string) => ((await get(person, url)).json().items as Array<{ id: string }>).map((i) => i.id);
    expect(await ids('repNorth', `/shipments?contractId=${contract.id}`)).toEqual([shipment.id]);
    expect(await ids('repNorth', '/shipments?q=yto-556')).toEqual([shipment.id]);
    expect(await ids('repNorth', `/purchase-orders?q=${order.traceCode.toLowerCase()}`)).toEqual([order.id]);
    expect(await ids('repNorth', `/purchase-orders?contractId=${contract.id}&status=cancelled`)).toEqual([]);
    expect(await ids('repEast1', `/shipments?contractId=${contract.id}`)).toEqual([]);
    expect(await ids('managerNorth', `/purchase-orders?contractId=${contract.id}`)).toEqual([order.id]);
    const wrongOrder = await post('repNorth', '/shipments', { contractId: (await signedContract(world, 'repNorth')).id, orderId: order.id, plannedOn: '2026-11-09' });
    expect(wrongOrder.json().error.fields['body.orderId']).toBe('no open order of this contract');
  });
});
