import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test-support/databases.js';
import { createWorld, password, type TestWorld } from '../test-support/fixture.js';
import { encodeCursor } from '../platform/http/cursor.js';

describe.each(dialects)('probe on %s', (dialect) => {
  let w: TestWorld;
  beforeAll(async () => { w = await createWorld(dialect); });
  afterAll(async () => { await w.close(); });

  it('audit cursor with a text value', async () => {
    for (const v of ['abc', 1.5, 1e300]) {
      const res = await w.app.inject({ method: 'GET', url: `/api/v1/audit?cursor=${encodeCursor({ v: v as never, id: 'x' })}`, headers: w.as('admin') });
      console.log(dialect, 'audit cursor', v, res.statusCode, res.body.slice(0, 200));
    }
    for (const url of ['/api/v1/customers', '/api/v1/leads?sort=lastActivityAt:desc', '/api/v1/users']) {
      const res = await w.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeCursor({ v: 12, id: 'x' })}`, headers: w.as('admin') });
      console.log(dialect, url, 'numeric cursor', res.statusCode);
    }
  });

  it('parallel failed logins', async () => {
    const attempts = await Promise.all(Array.from({ length: 12 }, () =>
      w.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'repeast2@test.closeloop.cn', password: 'wrong-password-x' } })));
    console.log(dialect, 'statuses', attempts.map((a) => a.statusCode).join(','));
    const row = await w.database.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', w.ids.repEast2).executeTakeFirst();
    console.log(dialect, 'after 12 parallel failures', row);
    const ok = await w.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'repeast2@test.closeloop.cn', password } });
    console.log(dialect, 'correct password after', ok.statusCode);
  });
});
