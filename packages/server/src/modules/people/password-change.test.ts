/** A person changing their own password. Its own world: sign-in is rate-limited per address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, password, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('changing one\'s password on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const login = (person: Person, secret = password) => world.signIn(person, secret);
  const sessionOf = (person: Person, secret = password) => world.sessionOf(person, secret);
  const me = (session: { cookie: string }) => world.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: session.cookie } });

  it('lets a person change their own password in a session, ending their other sessions, but never through a token', async () => {
    const here = await sessionOf('repNorth');
    const elsewhere = await sessionOf('repNorth');
    const change = (headers: Record<string, string>, currentPassword: string) =>
      world.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword, newPassword: 'a-brand-new-passphrase' } });
    const viaToken = await change(world.as('repNorth'), password);
    expect(viaToken.statusCode).toBe(403);
    const wrongCurrent = await change({ cookie: here.cookie, 'x-csrf-token': here.csrf }, 'not-my-password');
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().error.fields['body.currentPassword']).toBeDefined();
    const changed = await change({ cookie: here.cookie, 'x-csrf-token': here.csrf }, password);
    expect(changed.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login('repNorth')).statusCode).toBe(401);
    expect((await login('repNorth', 'a-brand-new-passphrase')).statusCode).toBe(200);
  });

});

describe('the session cookie behind a proxy', () => {
  it('is Secure when a trusted proxy says the sign-in came over HTTPS, and not otherwise', async () => {
    const world = await createWorld('sqlite', { config: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const signIn = (proto: string) =>
        world.app.inject({
          method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': proto },
          payload: { login: world.emailOf('repEast1'), password },
        });
      const overHttps = await signIn('https');
      expect(overHttps.statusCode, overHttps.body).toBe(200);
      expect(overHttps.cookies.find((c) => c.name === 'cl_session')?.secure).toBe(true);
      const overHttp = await signIn('http');
      expect(overHttp.cookies.find((c) => c.name === 'cl_session')?.secure).toBeFalsy();
    } finally {
      await world.close();
    }
  });
});
