/** Lock-out holds against a burst of guesses sent at once, not only against guesses sent one after another. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, password, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('sign-in lock-out on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const login = (secret: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'repeast2@test.closeloop.cn', password: secret } });

  it('counts every one of twelve wrong passwords sent in parallel and locks the account', async () => {
    const attempts = await Promise.all(Array.from({ length: 12 }, () => login('a-wrong-guess-123')));
    expect(attempts.every((a) => [401, 423].includes(a.statusCode))).toBe(true);
    const locked = await login(password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    const failures = await world.database.db
      .selectFrom('audit_log').select('action').where('entity_id', '=', world.ids.repEast2).where('action', 'in', ['login_failed', 'login_locked']).execute();
    expect(failures.filter((f) => f.action === 'login_locked').length).toBeGreaterThanOrEqual(1);
  });
});
