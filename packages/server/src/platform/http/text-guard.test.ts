/** A NUL character in a request is a 400 on both engines, never a 500 on PostgreSQL and a stored record on SQLite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('text with NUL characters on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const customer = { industry: 'manufacturing', size: 'micro', budgetBand: 'under_100k', decisionChain: 'single' };
  const customerCount = async () =>
    Number((await world.database.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses NUL in a body, a search, a filter and a sign-in with 400 and writes nothing', async () => {
    const before = await customerCount();
    const requests = [
      { method: 'POST' as const, url: '/api/v1/customers', payload: { ...customer, name: '苏州\u0000精工' }, field: 'body.name' },
      { method: 'GET' as const, url: '/api/v1/customers?q=a%00b', field: 'query.q' },
      { method: 'GET' as const, url: '/api/v1/leads?city=a%00b', field: 'query.city' },
      { method: 'GET' as const, url: '/api/v1/audit?entityType=a%00b', field: 'query.entityType' },
      { method: 'POST' as const, url: '/api/v1/auth/login', payload: { login: 'a\u0000b@x.cn', password: 'whatever-it-is' }, field: 'body.login' },
    ];
    for (const { field, ...request } of requests) {
      const res = await world.app.inject({ ...request, headers: world.as('admin') });
      expect(res.statusCode, `${request.url}: ${res.body}`).toBe(400);
      expect(res.json().error.fields).toEqual({ [field]: expect.any(String) });
    }
    expect(await customerCount()).toBe(before);
  });

  it('still answers an anonymous request carrying NUL with 401', async () => {
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/customers?q=a%00b' })).statusCode).toBe(401);
  });

  it('imports a CSV whose cells hold NUL characters with them removed', async () => {
    const boundary = '----closeloop-nul-boundary';
    const csv = '客户名称,行业\r\n无锡\u0000启明教育,教育\r\n';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const res = await world.app.inject({
      method: 'POST', url: '/api/v1/imports/customers', payload,
      headers: { ...world.as('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(1);
    const row = await world.database.db.selectFrom('customers').select('name').where('name', '=', '无锡启明教育').executeTakeFirst();
    expect(row?.name).toBe('无锡启明教育');
  });
});
