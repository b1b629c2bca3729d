import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, password, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('API tokens on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person), ...(payload === undefined ? {} : { payload: payload as object }) });
  const withToken = (token: string, url: string) => world.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  const signedIn = async (person: Person) => {
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: `${person.toLowerCase()}@test.closeloop.cn`, password } });
    const cookie = res.cookies.find((c) => c.name === 'cl_session')!;
    return { cookie: `cl_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
  };

  it('shows the secret once, stores only its SHA-256, and the token then works as a narrowed bearer', async () => {
    const res = await call('admin', 'POST', '/api-tokens', { name: 'ERP 同步', permissions: ['crm.read', 'catalog.read'], expiresAt: '2027-12-31T08:00:00+08:00' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.secret).toMatch(new RegExp(`^clk_${created.prefix}_[A-Za-z0-9_-]{40,}$`));
    expect(created).toMatchObject({ name: 'ERP 同步', permissions: ['crm.read', 'catalog.read'], userId: world.ids.admin, expiresAt: '2027-12-31T00:00:00.000Z' });
    const row = await world.database.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(created.secret).digest('hex'));
    const everything = JSON.stringify(await world.database.db.selectFrom('audit_log').selectAll().execute())
      + JSON.stringify(await world.database.db.selectFrom('events').selectAll().execute());
    expect(everything).not.toContain(created.secret.slice(13));

    expect((await withToken(created.secret, '/products')).statusCode).toBe(200);
    expect((await withToken(created.secret, '/users')).statusCode).toBe(403);
    const listed = await call('admin', 'GET', `/api-tokens?userId=${world.ids.admin}`);
    const mine = listed.json().items.find((t: { id: string }) => t.id === created.id);
    expect(mine).toMatchObject({ prefix: created.prefix, revokedAt: null });
    expect(mine).not.toHaveProperty('secret');
  });

  it('lets a signed-in rep create a token for themselves, never with more than they hold', async () => {
    const session = await signedIn('repEast1');
    const post = (payload: object) => world.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: session, payload });
    const ok = await post({ name: '外呼系统', permissions: ['crm.read', 'crm.write'] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().userId).toBe(world.ids.repEast1);
    const beyond = await post({ name: 'admin please', permissions: ['crm.read', 'people.manage', 'tokens.manage'] });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.fields['body.permissions']).toContain('people.manage, tokens.manage');
    const past = await post({ name: 'old', permissions: ['crm.read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields['body.expiresAt']).toBe('must be in the future');
  });

  it('does not let a token without tokens.manage mint more tokens', async () => {
    const res = await call('repEast1', 'POST', '/api-tokens', { name: 'copy', permissions: ['crm.read'] });
    expect(res.statusCode).toBe(403);
  });

  it('lists people\'s own tokens to them and every token of the organisation to admins', async () => {
    const own = await call('repEast1', 'GET', '/api-tokens?status=all');
    expect(own.statusCode).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
    expect(own.json().items.every((t: { userId: string }) => t.userId === world.ids.repEast1)).toBe(true);
    expect((await call('repEast1', 'GET', `/api-tokens?userId=${world.ids.repEast2}`)).statusCode).toBe(403);
    const all = await call('admin', 'GET', '/api-tokens?limit=200');
    const owners = new Set(all.json().items.map((t: { userId: string }) => t.userId));
    expect(owners.has(world.ids.repEast2)).toBe(true);
    expect(owners.has(world.ids.otherOrgAdmin)).toBe(false);
  });

  it('revokes a token for good, by its owner or an admin, and never across organisations', async () => {
    const token = (await call('admin', 'POST', '/api-tokens', { name: '临时', permissions: ['crm.read'] })).json();
    expect((await withToken(token.secret, '/customers')).statusCode).toBe(200);
    expect((await call('otherOrgAdmin', 'POST', `/api-tokens/${token.id}/revoke`)).statusCode).toBe(404);
    expect((await call('repEast1', 'POST', `/api-tokens/${token.id}/revoke`)).statusCode).toBe(404);
    expect((await withToken(token.secret, '/customers')).statusCode).toBe(200);

    const revoked = await call('admin', 'POST', `/api-tokens/${token.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await withToken(token.secret, '/customers')).statusCode).toBe(401);
    const again = await call('admin', 'POST', `/api-tokens/${token.id}/revoke`);
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    const active = await call('admin', 'GET', '/api-tokens?limit=200');
    expect(active.json().items.map((t: { id: string }) => t.id)).not.toContain(token.id);
    const audit = await world.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', token.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('lets people revoke their own tokens', async () => {
    const session = await signedIn('repEast2');
    const created = await world.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: session, payload: { name: '自用', permissions: ['crm.read'] } });
    const id = created.json().id;
    const revoke = await world.app.inject({ method: 'POST', url: `/api/v1/api-tokens/${id}/revoke`, headers: session });
    expect(revoke.statusCode).toBe(200);
    expect((await withToken(created.json().secret, '/customers')).statusCode).toBe(401);
  });
});
