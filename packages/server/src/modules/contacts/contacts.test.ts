import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('contacts on %s', (dialect) => {
  let world: TestWorld;
  let customerId: string;
  beforeAll(async () => {
    world = await createWorld(dialect);
    const res = await call('repEast1', 'POST', '/customers', { name: '上海卓越精密制造有限公司', industry: 'manufacturing' });
    customerId = res.json().customer.id;
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), ...headers }, ...(payload ? { payload } : {}) });
  const addContact = async (person: Person, body: Record<string, unknown>) => {
    const res = await call(person, 'POST', '/contacts', { customerId, ...body });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('adds a contact to the rep\'s customer and reads it back', async () => {
    const contact = await addContact('repEast1', { name: '王建国', title: '采购总监', phone: '13812345678', isDecisionMaker: true });
    expect(contact).toMatchObject({ customerId, name: '王建国', isDecisionMaker: true, version: 1, status: 'active' });
    const read = await call('repEast1', 'GET', `/contacts/${contact.id}`);
    expect(read.json().title).toBe('采购总监');
  });

  it('lists a customer\'s contacts by name and finds them by a Chinese substring', async () => {
    await addContact('repEast1', { name: '陈晓丽', title: '财务经理' });
    const all = (await call('repEast1', 'GET', `/contacts?customerId=${customerId}`)).json();
    expect(all.items.map((c: { name: string }) => c.name)).toEqual(['王建国', '陈晓丽'].sort());
    const found = (await call('repEast1', 'GET', `/contacts?q=${encodeURIComponent('财务')}`)).json();
    expect(found.items.map((c: { name: string }) => c.name)).toEqual(['陈晓丽']);
  });

  it('follows the customer\'s visibility: colleagues and other teams get 404, the team manager sees it', async () => {
    const contact = await addContact('repEast1', { name: '刘强' });
    for (const person of ['repEast1b', 'managerNorth', 'otherOrgAdmin'] as const) {
      expect((await call(person, 'GET', `/contacts/${contact.id}`)).statusCode).toBe(404);
      expect((await call(person, 'GET', `/contacts?customerId=${customerId}`)).statusCode).toBe(404);
      expect((await call(person, 'GET', `/contacts?q=${encodeURIComponent('刘强')}`)).json().items).toEqual([]);
      expect((await call(person, 'PATCH', `/contacts/${contact.id}`, { version: 1, title: '经理' })).statusCode).toBe(404);
      expect((await call(person, 'POST', '/contacts', { customerId, name: '冒名' })).statusCode).toBe(404);
    }
    expect((await call('managerEast', 'GET', `/contacts/${contact.id}`)).statusCode).toBe(200);
    expect((await call('managerEast', 'PATCH', `/contacts/${contact.id}`, { version: 1, title: '经理' })).json().version).toBe(2);
  });

  it('will not move a contact to a customer the caller cannot see', async () => {
    const contact = await addContact('repEast1', { name: '赵敏' });
    const theirs = (await call('repEast2', 'POST', '/customers', { name: '杭州启航教育', industry: 'education' })).json().customer.id;
    const res = await call('repEast1', 'PATCH', `/contacts/${contact.id}`, { version: 1, customerId: theirs });
    expect(res.statusCode).toBe(404);
    expect((await call('repEast1', 'GET', `/contacts/${contact.id}`)).json().customerId).toBe(customerId);
  });

  it('refuses a stale update, and archives and restores by version', async () => {
    const contact = await addContact('repEast1', { name: '周敏' });
    expect((await call('repEast1', 'PATCH', `/contacts/${contact.id}`, { version: 1, phone: '021-62880000' })).statusCode).toBe(200);
    const stale = await call('repEast1', 'PATCH', `/contacts/${contact.id}`, { version: 1, title: '旧' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await call('repEast1', 'POST', `/contacts/${contact.id}/archive`, { version: 2 })).json().status).toBe('archived');
    expect((await call('repEast1', 'GET', `/contacts?q=${encodeURIComponent('周敏')}`)).json().items).toEqual([]);
    expect((await call('repEast1', 'POST', `/contacts/${contact.id}/restore`, { version: 3 })).json().status).toBe('active');
    const audit = await world.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', contact.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'archive', 'restore']);
  });

  it('replays a retried POST with the same Idempotency-Key instead of adding twice', async () => {
    const headers = { 'idempotency-key': 'contact-retry-1' };
    const a = await call('repEast1', 'POST', '/contacts', { customerId, name: '重试联系人' }, headers);
    const b = await call('repEast1', 'POST', '/contacts', { customerId, name: '重试联系人' }, headers);
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const count = await world.database.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).where('name', '=', '重试联系人').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
