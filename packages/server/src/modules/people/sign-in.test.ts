/** The account controls an admin holds over sign-in: disabling, lock-out and unlocking, password reset. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, password, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('sign-in controls on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const login = (person: Person, secret = password) => world.signIn(person, secret);
  const sessionOf = (person: Person, secret = password) => world.sessionOf(person, secret);
  const me = (session: { cookie: string }) => world.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session.cookie } });
  const asAdmin = (method: 'POST' | 'PATCH', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: world.as('admin'), ...(payload ? { payload } : {}) });

  it('ends every session of a person the moment an admin disables them', async () => {
    const phone = await sessionOf('repEast1b');
    const laptop = await sessionOf('repEast1b');
    expect((await me(phone)).statusCode).toBe(200);
    const disabled = await asAdmin('PATCH', `/users/${world.ids.repEast1b}`, { version: 1, status: 'disabled' });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(401);
    const sessions = await world.database.db.selectFrom('sessions').select('revoked_at').where('user_id', '=', world.ids.repEast1b).execute();
    expect(sessions.length).toBe(2);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);
    expect((await login('repEast1b')).statusCode).toBe(401);

    // Re-enabling does not bring the old sessions back; the person signs in again.
    await asAdmin('PATCH', `/users/${world.ids.repEast1b}`, { version: 2, status: 'active' });
    expect((await me(phone)).statusCode).toBe(401);
    expect((await login('repEast1b')).statusCode).toBe(200);
    const actions = await world.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', world.ids.repEast1b).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['disable', 'enable']));
  });

  it('locks an account after five wrong passwords and lets an admin unlock it', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await login('repNorth', 'wrong-password-guess');
      expect(res.statusCode).toBe(401);
    }
    const locked = await login('repNorth');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');

    expect((await world.app.inject({ method: 'POST', url: `/api/v1/users/${world.ids.repNorth}/unlock`, headers: world.as('ops') })).statusCode).toBe(403);
    const unlocked = await asAdmin('POST', `/users/${world.ids.repNorth}/unlock`);
    expect(unlocked.statusCode).toBe(204);
    const row = await world.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', world.ids.repNorth).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    expect((await login('repNorth')).statusCode).toBe(200);
    const audit = await world.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', world.ids.repNorth).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([...Array(4).fill('login_failed'), 'login_locked', 'unlock', 'login']);
  });

  it('resets a password: the old one stops working, the lock-out clears and every session ends', async () => {
    const session = await sessionOf('repEast2');
    for (let attempt = 1; attempt <= 5; attempt++) await login('repEast2', 'not-the-password');
    expect((await login('repEast2')).statusCode).toBe(423);

    const asRep = await world.app.inject({
      method: 'POST', url: `/api/v1/users/${world.ids.repEast2}/password-reset`, headers: world.as('repEast1'), payload: { newPassword: 'a-new-passphrase-2026' },
    });
    expect(asRep.statusCode).toBe(403);
    const tooShort = await asAdmin('POST', `/users/${world.ids.repEast2}/password-reset`, { newPassword: 'short' });
    expect(tooShort.statusCode).toBe(400);

    const reset = await asAdmin('POST', `/users/${world.ids.repEast2}/password-reset`, { newPassword: 'a-new-passphrase-2026' });
    expect(reset.statusCode).toBe(204);
    expect((await me(session)).statusCode).toBe(401);
    expect((await login('repEast2')).statusCode).toBe(401);
    expect((await login('repEast2', 'a-new-passphrase-2026')).statusCode).toBe(200);
    const entry = await world.database.db
      .selectFrom('audit_log').select(['actor_id', 'after']).where('entity_id', '=', world.ids.repEast2).where('action', '=', 'password_reset').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(world.ids.admin);
    expect(entry.after).not.toContain('a-new-passphrase-2026');
  });

  it('does not let an unknown person be unlocked or reset', async () => {
    expect((await asAdmin('POST', '/users/u_nobody/unlock')).statusCode).toBe(404);
    expect((await asAdmin('POST', '/users/u_nobody/password-reset', { newPassword: 'a-new-passphrase-2026' })).statusCode).toBe(404);
  });
});
