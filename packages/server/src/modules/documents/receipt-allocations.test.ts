/**
 * Re-matching a registered receipt (PATCH /receipts/{id}), on both databases: finance only, with the version read,
 * only while registered, every line checked as at registration (over the receipt, over what a contract owes, another
 * customer's or another currency's contract), and audited with the allocations before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { signedContract } from '../../test-support/paid-documents.js';

describe.each(dialects)('changing a registered receipt\'s allocations on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'POST' | 'PATCH', url: string, body: unknown, language = 'en') =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': language }, payload: body as object });

  it('moves money between two contracts of the customer with the version read, and audits the allocations before and after', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 50_000 });
    const b = await signedContract(world, 'repEast1', { customerId: a.customerId, totalMinor: 50_000 });
    const receipt = (await call('ops', 'POST', '/receipts', { customerId: a.customerId, amountMinor: 60_000, receivedOn: '2026-11-02', allocations: [{ contractId: a.id, amountMinor: 50_000 }] })).json();
    const moved = await call('ops', 'PATCH', `/receipts/${receipt.id}`, { version: 1, allocations: [{ contractId: a.id, amountMinor: 30_000 }, { contractId: b.id, amountMinor: 30_000 }] });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, allocatedMinor: 60_000, unallocatedMinor: 0 });
    const stale = await call('ops', 'PATCH', `/receipts/${receipt.id}`, { version: 1, allocations: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', receipt.id).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]!.before)).allocations.map((x: { amountMinor: number }) => x.amountMinor)).toEqual([50_000]);
    expect(JSON.parse(String(audit[0]!.after)).allocations.map((x: { amountMinor: number }) => x.amountMinor)).toEqual([30_000, 30_000]);
  });

  it('refuses over-allocation, over-outstanding, another customer\'s contract and another currency, line by line, and writes nothing', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 50_000 });
    const other = await signedContract(world, 'repEast1', { totalMinor: 50_000 });
    const usd = await signedContract(world, 'repEast1', { customerId: a.customerId, totalMinor: 50_000 });
    await world.database.db.updateTable('contracts').set({ currency: 'USD' }).where('id', '=', usd.id).execute();
    const receipt = (await call('ops', 'POST', '/receipts', { customerId: a.customerId, amountMinor: 40_000, receivedOn: '2026-11-02', allocations: [] })).json();
    const over = await call('ops', 'PATCH', `/receipts/${receipt.id}`, { version: 1, allocations: [{ contractId: a.id, amountMinor: 45_000 }] });
    expect(over.json().error.fields).toEqual({ 'body.allocations': 'the allocations add up to 450.00 CNY, more than the receipt\'s 400.00 CNY' });
    const lines = await call('ops', 'PATCH', `/receipts/${receipt.id}`, {
      version: 1, allocations: [{ contractId: other.id, amountMinor: 100 }, { contractId: usd.id, amountMinor: 100 }],
    }, 'zh-CN');
    expect(lines.statusCode).toBe(400);
    expect(lines.json().error.fields).toEqual({ 'body.allocations.0.contractId': '该合同属于其他客户', 'body.allocations.1.contractId': '该合同币种为 USD，回款币种为 CNY' });
    const allocations = await world.database.db.selectFrom('receipt_allocations').select('id').where('receipt_id', '=', receipt.id).execute();
    expect(allocations).toEqual([]);
  });

  it('changes only registered receipts, and only for finance', async () => {
    const a = await signedContract(world, 'repEast1', { totalMinor: 50_000 });
    const receipt = (await call('ops', 'POST', '/receipts', { customerId: a.customerId, amountMinor: 10_000, receivedOn: '2026-11-02', allocations: [{ contractId: a.id, amountMinor: 10_000 }] })).json();
    expect((await call('repEast1', 'PATCH', `/receipts/${receipt.id}`, { version: 1, allocations: [] })).statusCode).toBe(403);
    expect((await call('ops', 'POST', `/receipts/${receipt.id}/confirm`, {})).statusCode).toBe(200);
    const late = await call('ops', 'PATCH', `/receipts/${receipt.id}`, { version: 2, allocations: [] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('Only a registered receipt can be changed');
  });
});
