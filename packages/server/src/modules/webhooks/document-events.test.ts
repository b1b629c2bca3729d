/**
 * The document flow's events are part of the webhook contract (H5 × B3): an admin can subscribe to payment and
 * contract events by name, and a partial refund queues one payment.refunded delivery whose body carries the refunded
 * amount per contract, as docs/api.md documents it. Only the queue is read here; sending is webhooks.test.ts's job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventTypes } from '@closeloop/core';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { signedContract } from '../../test-support/paid-documents.js';

describe.each(dialects)('document events on webhooks on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect, { config: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(() => world.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(method === 'GET' || url.startsWith('/admin') ? 'admin' : 'ops'), 'accept-language': 'en' }, ...(payload ? { payload } : {}) });

  it('lists the payment, receipt and contract events as subscribable', async () => {
    const types = (await api('GET', '/admin/webhooks/event-types')).json().items as string[];
    for (const type of ['payment.confirmed', 'payment.refunded', 'payment.voided', 'receipt.registered', 'receipt.voided', 'contract.signed', 'contract.voided', 'contract.completed']) {
      expect(types).toContain(type);
    }
    expect(types).toEqual([...webhookEventTypes]);
  });

  it('queues payment.confirmed and a partial refund\'s payment.refunded with the refunded amount per contract, and nothing it was not subscribed to', async () => {
    const hook = await api('POST', '/admin/webhooks', { url: 'http://127.0.0.1:9/closeloop', eventTypes: ['payment.confirmed', 'payment.refunded'] });
    expect(hook.statusCode, hook.body).toBe(201);
    world.clock.advance(60_000);
    const contract = await signedContract(world, 'repEast1', { totalMinor: 100_000 });
    const registered = await api('POST', '/receipts', { customerId: contract.customerId, amountMinor: 100_000, receivedOn: '2026-11-02', allocations: [{ contractId: contract.id, amountMinor: 100_000 }] });
    const receiptId = registered.json().id as string;
    expect((await api('POST', `/receipts/${receiptId}/confirm`, {})).statusCode).toBe(200);
    expect((await api('POST', `/receipts/${receiptId}/refund`, { reason: '退货一件', amountMinor: 12_345 })).statusCode).toBe(200);
    await world.app.services.jobs.runner.drain();
    const deliveries = await world.database.db.selectFrom('webhook_deliveries').select(['event_type', 'payload']).where('webhook_id', '=', hook.json().id).orderBy('created_at').orderBy('id').execute();
    expect(deliveries.map((d) => d.event_type).sort()).toEqual(['payment.confirmed', 'payment.refunded']);
    const refunded = JSON.parse(deliveries.find((d) => d.event_type === 'payment.refunded')!.payload);
    expect(refunded).toMatchObject({
      type: 'payment.refunded',
      data: {
        id: receiptId, receiptId, amountMinor: 100_000, currency: 'CNY', reversedMinor: 12_345, unrefundedMinor: 87_655, final: false, reason: '退货一件',
        allocations: [{ contractId: contract.id, amountMinor: 12_345, contractPaidMinor: 87_655, contractStatus: 'partially_paid' }],
      },
    });
  });
});
