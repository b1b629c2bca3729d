import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('users on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as(person), ...(payload === undefined ? {} : { payload: payload as object }) });
  let n = 0;
  const newUser = async (overrides: Record<string, unknown> = {}) => {
    const res = await call('admin', 'POST', '/users', {
      name: `新同事${++n}`, email: `new.${n}@example.cn`, role: 'rep', teamId: world.teams.east1, password: 'a-long-passphrase', ...overrides,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const auditOf = (entityId: string) =>
    world.database.db.selectFrom('audit_log').select(['action', 'before', 'after', 'actor_id']).where('entity_id', '=', entityId).orderBy('seq').execute();

  it('lets an admin create a person whose data scope follows the role, with a hashed password', async () => {
    const rep = await newUser({ email: 'Chen.Jing@Example.cn', phone: '13700001111' });
    expect(rep).toMatchObject({ email: 'chen.jing@example.cn', role: 'rep', dataScope: 'own', teamId: world.teams.east1, status: 'active', version: 1 });
    expect(rep).not.toHaveProperty('password');
    expect(rep).not.toHaveProperty('passwordHash');
    const manager = await newUser({ role: 'manager' });
    expect(manager.dataScope).toBe('team');
    const ops = await newUser({ role: 'ops', teamId: null });
    expect(ops.dataScope).toBe('all');
    const row = await world.database.db.selectFrom('users').select('password_hash').where('id', '=', rep.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const [created] = await auditOf(rep.id);
    expect(created!.action).toBe('create');
    expect(created!.after).not.toContain('argon2');
  });

  it('lets people sign in with the password an admin gave them', async () => {
    await newUser({ email: 'first.login@example.cn', password: 'welcome-to-closeloop' });
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'first.login@example.cn', password: 'welcome-to-closeloop' } });
    expect(res.statusCode).toBe(200);
  });

  it('refuses people management to reps, managers and ops', async () => {
    for (const person of ['repEast1', 'managerEast', 'ops'] as const) {
      const create = await call(person, 'POST', '/users', { name: 'x', email: `${person}.made@example.cn`, role: 'admin', password: 'a-long-passphrase' });
      expect(create.statusCode, person).toBe(403);
      const promote = await call(person, 'PATCH', `/users/${world.ids[person]}`, { version: 1, role: 'admin' });
      expect(promote.statusCode, person).toBe(403);
    }
    const count = await world.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('email', 'like', '%.made@example.cn').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const ops = await call('admin', 'GET', `/users/${world.ids.ops}`);
    expect(ops.json().role).toBe('ops');
  });

  it('answers a taken email or phone with a clear conflict', async () => {
    await newUser({ email: 'taken@example.cn', phone: '13911112222' });
    const email = await call('admin', 'POST', '/users', { name: 'x', email: 'TAKEN@example.cn', role: 'rep', password: 'a-long-passphrase' });
    expect(email.statusCode).toBe(409);
    expect(email.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('taken@example.cn is already used') });
    const phone = await call('admin', 'POST', '/users', { name: 'y', email: 'free@example.cn', phone: '+86 139 1111 2222', role: 'rep', password: 'a-long-passphrase' });
    expect(phone.statusCode).toBe(409);
    expect(phone.json().error.message).toContain('phone number is already used');
    const other = await newUser();
    const patch = await call('admin', 'PATCH', `/users/${other.id}`, { version: 1, phone: '139-1111-2222' });
    expect(patch.statusCode).toBe(409);
  });

  it('requires a whitelist scope to name at least one region or industry, of this organisation', async () => {
    const empty = await call('admin', 'POST', '/users', {
      name: 'w', email: 'wl.empty@example.cn', role: 'rep', dataScope: 'whitelist', password: 'a-long-passphrase',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields['body.whitelist']).toContain('at least one region or industry');
    const user = await newUser();
    const emptyPatch = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, dataScope: 'whitelist', whitelist: { regionIds: [], industries: [] } });
    expect(emptyPatch.statusCode).toBe(400);
    const foreignRegion = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, dataScope: 'whitelist', whitelist: { regionIds: ['reg_nowhere'] } });
    expect(foreignRegion.statusCode).toBe(400);
    expect(foreignRegion.json().error.fields['body.whitelist.regionIds']).toContain('reg_nowhere');
    const ok = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, dataScope: 'whitelist', whitelist: { regionIds: [world.regions.east], industries: [] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ dataScope: 'whitelist', whitelist: { regionIds: [world.regions.east], industries: [] }, version: 2 });
  });

  it('audits role, scope and team changes as permission changes with before and after', async () => {
    const user = await newUser({ role: 'rep' });
    const res = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, role: 'manager', name: '升职了' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'manager', dataScope: 'team', name: '升职了', version: 2 });
    const entries = await auditOf(user.id);
    const change = entries.find((e) => e.action === 'permission_change')!;
    expect(change.actor_id).toBe(world.ids.admin);
    expect(JSON.parse(change.before!)).toEqual({ role: 'rep', dataScope: 'own' });
    expect(JSON.parse(change.after!)).toEqual({ role: 'manager', dataScope: 'team' });
    const profile = entries.find((e) => e.action === 'update')!;
    expect(JSON.parse(profile.after!)).toEqual({ name: '升职了' });
  });

  it('moves the records a person owns to their new team in the same change, so team scopes follow', async () => {
    const rep = await newUser({ teamId: world.teams.east1, email: 'mover@example.cn' });
    const customer = (await call('admin', 'POST', '/customers', { name: '宁波远航外贸', industry: 'logistics', ownerId: rep.id })).json().customer;
    const lead = (await call('admin', 'POST', '/leads', { name: '周强', ownerId: rep.id })).json().lead;
    expect(customer.teamId).toBe(world.teams.east1);
    expect((await call('managerEast', 'GET', `/customers/${customer.id}`)).statusCode).toBe(200);

    const moved = await call('admin', 'PATCH', `/users/${rep.id}`, { version: 1, teamId: world.teams.north1 });
    expect(moved.statusCode).toBe(200);
    expect((await call('admin', 'GET', `/customers/${customer.id}`)).json().teamId).toBe(world.teams.north1);
    expect((await call('admin', 'GET', `/leads/${lead.id}`)).json().teamId).toBe(world.teams.north1);
    expect((await call('managerEast', 'GET', `/customers/${customer.id}`)).statusCode).toBe(404);
    expect((await call('managerNorth', 'GET', `/customers/${customer.id}`)).statusCode).toBe(200);
    expect((await call('managerNorth', 'GET', `/leads/${lead.id}`)).statusCode).toBe(200);
    const change = (await auditOf(rep.id)).find((e) => e.action === 'permission_change')!;
    expect(JSON.parse(change.after!)).toEqual({ teamId: world.teams.north1, recordsMoved: { customers: 1, leads: 1 } });
  });

  it('keeps at least one active admin in the organisation', async () => {
    const demote = await call('admin', 'PATCH', `/users/${world.ids.admin}`, { version: 1, role: 'ops' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toContain('last active admin');
    const second = await newUser({ role: 'admin', teamId: null });
    const disable = await call('admin', 'PATCH', `/users/${second.id}`, { version: 1, status: 'disabled' });
    expect(disable.statusCode).toBe(200);
    expect((await call('admin', 'PATCH', `/users/${world.ids.admin}`, { version: 1, status: 'disabled' })).statusCode).toBe(409);
  });

  it('refuses an unknown team and a stale version', async () => {
    const user = await newUser();
    const team = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, teamId: 'team_nowhere' });
    expect(team.statusCode).toBe(400);
    expect(team.json().error.fields['body.teamId']).toBe('no such team');
    await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, name: '一' });
    const stale = await call('admin', 'PATCH', `/users/${user.id}`, { version: 1, name: '二' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
  });

  it('lists the organisation\'s people to everyone in it, with filters, search and a cursor', async () => {
    const page1 = await call('repEast1', 'GET', `/users?teamId=${world.teams.east1}&role=rep&limit=1`);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items).toHaveLength(1);
    const seen = [page1.json().items[0].id];
    let cursor = page1.json().nextCursor;
    while (cursor) {
      const next = (await call('repEast1', 'GET', `/users?teamId=${world.teams.east1}&role=rep&limit=1&cursor=${cursor}`)).json();
      seen.push(...next.items.map((u: { id: string }) => u.id));
      cursor = next.nextCursor;
    }
    expect(seen).toEqual(expect.arrayContaining([world.ids.repEast1, world.ids.repEast1b]));
    expect(new Set(seen).size).toBe(seen.length);
    const byName = await call('repEast1', 'GET', `/users?q=${encodeURIComponent('张伟')}`);
    expect(byName.json().items.map((u: { id: string }) => u.id)).toEqual([world.ids.repEast1]);
    const byPhone = await call('repEast1', 'GET', '/users?q=13800000001');
    expect(byPhone.json().items.map((u: { id: string }) => u.id)).toEqual([world.ids.repEast1]);
    const admins = await call('repEast1', 'GET', '/users?role=admin&status=all');
    expect(admins.json().items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
  });

  it('shows nobody of one organisation to another', async () => {
    expect((await call('otherOrgAdmin', 'GET', `/users/${world.ids.repEast1}`)).statusCode).toBe(404);
    const patch = await call('otherOrgAdmin', 'PATCH', `/users/${world.ids.repEast1}`, { version: 1, status: 'disabled' });
    expect(patch.statusCode).toBe(404);
    const reset = await call('otherOrgAdmin', 'POST', `/users/${world.ids.repEast1}/password-reset`, { newPassword: 'stolen-password-1' });
    expect(reset.statusCode).toBe(404);
    const list = await call('otherOrgRep', 'GET', '/users?status=all&limit=200');
    expect(list.json().items.map((u: { id: string }) => u.id).sort()).toEqual([world.ids.otherOrgAdmin, world.ids.otherOrgRep].sort());
    const repRow = await world.database.db.selectFrom('users').select(['status', 'version']).where('id', '=', world.ids.repEast1).executeTakeFirstOrThrow();
    expect(repRow).toEqual({ status: 'active', version: 1 });
  });
});
