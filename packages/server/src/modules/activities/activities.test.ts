import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('activities on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), ...headers }, ...(payload ? { payload } : {}) });
  const newLead = async (person: Person, name: string) => (await call(person, 'POST', '/leads', { name })).json().lead as { id: string; lastActivityAt: string };
  const newCustomer = async (person: Person, name: string) => (await call(person, 'POST', '/customers', { name, industry: 'retail' })).json().customer as { id: string };
  /** A next action due `days` from now. */
  const plan = (kind = 'call_back', days = 3, note?: string) => ({ kind, dueAt: new Date(world.clock.now().getTime() + days * 86_400_000).toISOString(), ...(note ? { note } : {}) });
  const log = async (person: Person, body: Record<string, unknown>) => {
    const res = await call(person, 'POST', '/activities', body);
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('logs a call on a lead, moves the lead\'s last activity and first contact, and emits activity.logged', async () => {
    const lead = await newLead('repEast1', '张三');
    world.clock.advance(3_600_000);
    const now = world.clock.now().toISOString();
    const next = plan('send_proposal', 2);
    const activity = await log('repEast1', { kind: 'call', leadId: lead.id, durationMinutes: 12, text: '客户关注交付周期', nextAction: next });
    expect(activity).toMatchObject({
      kind: 'call', leadId: lead.id, ownerId: world.ids.repEast1, occurredAt: now, durationMinutes: 12, version: 1,
      nextAction: { ...next, note: null }, capture: 'typed',
    });
    const read = (await call('repEast1', 'GET', `/leads/${lead.id}`)).json();
    expect(read).toMatchObject({ lastActivityAt: now, firstContactAt: now, version: 1 });
    const event = await world.database.db.selectFrom('events').selectAll().where('subject', '=', activity.id).where('type', '=', 'activity.logged').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toEqual({
      leadId: lead.id, customerId: null, kind: 'call', ownerId: world.ids.repEast1, occurredAt: now, nextAction: { kind: 'send_proposal', dueAt: next.dueAt },
    });
  });

  it('never moves a lead\'s last activity back for an activity logged after the fact', async () => {
    const lead = await newLead('repEast1', '李四');
    const earlier = new Date(world.clock.now().getTime() - 86_400_000).toISOString();
    await log('repEast1', { kind: 'visit', leadId: lead.id, occurredAt: earlier, nextAction: plan() });
    const read = (await call('repEast1', 'GET', `/leads/${lead.id}`)).json();
    expect(read.lastActivityAt).toBe(lead.lastActivityAt);
    expect(read.firstContactAt).toBe(earlier);
  });

  it('accepts a time a few minutes ahead of the server but refuses one further in the future', async () => {
    const lead = await newLead('repEast1', '王五');
    const at = (ms: number) => new Date(world.clock.now().getTime() + ms).toISOString();
    expect((await call('repEast1', 'POST', '/activities', { kind: 'note', leadId: lead.id, occurredAt: at(4 * 60_000) })).statusCode).toBe(201);
    const future = await call('repEast1', 'POST', '/activities', { kind: 'note', leadId: lead.id, occurredAt: at(6 * 60_000) });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toHaveProperty(['body.occurredAt']);
  });

  it('needs a lead or customer the caller can see', async () => {
    const theirs = await newLead('repEast2', '赵六');
    expect((await call('repEast1', 'POST', '/activities', { kind: 'call', text: '无主' })).statusCode).toBe(400);
    expect((await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: theirs.id, nextAction: plan() })).statusCode).toBe(404);
    expect((await call('otherOrgAdmin', 'POST', '/activities', { kind: 'call', leadId: theirs.id, nextAction: plan() })).statusCode).toBe(404);
    expect((await call('managerEast', 'POST', '/activities', { kind: 'meeting', leadId: theirs.id, nextAction: plan() })).statusCode).toBe(201);
    const customer = await newCustomer('repEast1', '无锡华光零售');
    const onCustomer = await log('repEast1', { kind: 'visit', customerId: customer.id, text: '门店巡访' });
    expect(onCustomer.customerId).toBe(customer.id);
    expect((await call('repNorth', 'POST', '/activities', { kind: 'visit', customerId: customer.id })).statusCode).toBe(404);
  });

  it('lets the author and the team\'s manager correct an activity, and nobody else', async () => {
    const lead = await newLead('repEast1', '钱七');
    const activity = await log('repEast1', { kind: 'call', leadId: lead.id, text: '初次沟通', nextAction: plan() });
    for (const person of ['repEast1b', 'repEast2', 'managerNorth', 'otherOrgAdmin'] as const) {
      expect((await call(person, 'GET', `/activities/${activity.id}`)).statusCode).toBe(404);
      expect((await call(person, 'PATCH', `/activities/${activity.id}`, { version: 1, text: '改写' })).statusCode).toBe(404);
    }
    const byAuthor = await call('repEast1', 'PATCH', `/activities/${activity.id}`, { version: 1, text: '补充：客户预算约30万。', durationMinutes: 20 });
    expect(byAuthor.json()).toMatchObject({ version: 2, text: '补充：客户预算约30万。', durationMinutes: 20 });
    const stale = await call('managerEast', 'PATCH', `/activities/${activity.id}`, { version: 1, text: '旧版本' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await call('managerEast', 'PATCH', `/activities/${activity.id}`, { version: 2, durationMinutes: 25 })).json().version).toBe(3);
    const notEditable = await call('repEast1', 'PATCH', `/activities/${activity.id}`, { version: 3, kind: 'visit' });
    expect(notEditable.statusCode).toBe(400);
  });

  it('lists a lead\'s activities by kind, newest first, and hides archived ones', async () => {
    const lead = await newLead('repEast1', '孙八');
    const base = world.clock.now().getTime();
    const at = (h: number) => new Date(base - h * 3_600_000).toISOString();
    const oldCall = await log('repEast1', { kind: 'call', leadId: lead.id, occurredAt: at(3), nextAction: plan() });
    const newCall = await log('repEast1', { kind: 'call', leadId: lead.id, occurredAt: at(1), nextAction: plan() });
    await log('repEast1', { kind: 'note', leadId: lead.id, occurredAt: at(2) });
    const calls = (await call('repEast1', 'GET', `/activities?leadId=${lead.id}&kind=call`)).json();
    expect(calls.items.map((a: { id: string }) => a.id)).toEqual([newCall.id, oldCall.id]);
    const ascending = (await call('repEast1', 'GET', `/activities?leadId=${lead.id}&sort=occurredAt:asc`)).json();
    expect(ascending.items.map((a: { kind: string }) => a.kind)).toEqual(['call', 'note', 'call']);
    expect((await call('repEast1', 'POST', `/activities/${newCall.id}/archive`, { version: 1 })).json().status).toBe('archived');
    const after = (await call('repEast1', 'GET', `/activities?leadId=${lead.id}&kind=call`)).json();
    expect(after.items.map((a: { id: string }) => a.id)).toEqual([oldCall.id]);
    expect((await call('repEast2', 'GET', `/activities?leadId=${lead.id}`)).json().items).toEqual([]);
    expect((await call('managerEast', 'GET', `/activities?leadId=${lead.id}`)).json().items).toHaveLength(2);
  });

  it('finds activities by words in their text', async () => {
    const lead = await newLead('repEast1', '周九');
    const activity = await log('repEast1', { kind: 'meeting', leadId: lead.id, text: '技术演示安排在下周三，客户 CTO 出席', nextAction: plan('book_demo') });
    const found = (await call('repEast1', 'GET', `/activities?q=${encodeURIComponent('技术演示')}`)).json();
    expect(found.items.map((a: { id: string }) => a.id)).toEqual([activity.id]);
    expect((await call('repEast1', 'GET', '/activities?q=cto')).json().items.map((a: { id: string }) => a.id)).toEqual([activity.id]);
  });

  it('replays a retried POST with the same Idempotency-Key instead of logging twice', async () => {
    const lead = await newLead('repEast1', '吴十');
    const body = { kind: 'call', leadId: lead.id, text: '重试：我们会在明天发送报价。', nextAction: plan('send_quote', 1) };
    const headers = { 'idempotency-key': 'activity-retry-1' };
    const a = await call('repEast1', 'POST', '/activities', body, headers);
    const b = await call('repEast1', 'POST', '/activities', body, headers);
    expect(b.json()).toEqual(a.json());
    expect(a.json().summary.commitments).toHaveLength(1);
    const count = await world.database.db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n')).where('lead_id', '=', lead.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const events = await world.database.db.selectFrom('events').select('id').where('subject', '=', a.json().id).execute();
    expect(events).toHaveLength(1);
  });
});
