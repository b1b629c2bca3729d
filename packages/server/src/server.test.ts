import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './platform/config.js';
import type { DatabaseHandle } from './platform/db/database.js';
import { dialects, freshDatabase } from './test-support/databases.js';
import { startServer, type RunningServer } from './server.js';

const quietConfig = (env: Record<string, string> = {}) => loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env });

describe.each(dialects)('the server on %s', (dialect) => {
  let database: DatabaseHandle;
  let server: RunningServer;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    server = await startServer(quietConfig({ DATABASE_URL: database.url }), { database, demoOnEmpty: true, logger: false });
  }, 180_000); // the demo's document story runs about a thousand units of work
  afterAll(async () => {
    await server.close();
    await database.close();
  });

  it('answers the health check over real HTTP', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('seeds the demo company into an empty database and signs a rep in by phone', async () => {
    expect(server.demoSeed?.counts.customers).toBe(2_000);
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: '138 0000 0001', password: 'closeloop-demo' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe('rep1@demo.closeloop.cn');
  });

  it('shows the whitelisted rep only 华东 manufacturing customers besides their own (E2)', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'rep.whitelist@demo.closeloop.cn', password: 'closeloop-demo' }),
    });
    const me = ((await login.json()) as { user: { id: string } }).user;
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${server.url}/api/v1/customers?limit=100`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Array<{ industry: string; city: string; ownerId: string }> };
    expect(items.length).toBeGreaterThan(0);
    for (const c of items) {
      if (c.ownerId !== me.id) {
        expect(c.industry).toBe('manufacturing');
        expect(['上海', '杭州', '南京', '苏州']).toContain(c.city);
      }
    }
  });

  it('does not seed again when the database already holds an organisation', async () => {
    const again = await startServer(quietConfig({ DATABASE_URL: database.url }), { database, demoOnEmpty: true, logger: false });
    try {
      expect(again.demoSeed).toBeNull();
      expect(again.migrations).toEqual([]);
    } finally {
      await again.close();
    }
  });
});

describe('the server on an SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-server-'));
  const config = quietConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'closeloop.db')}` });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file, migrates it, and restarts on it in well under two seconds', async () => {
    const first = await startServer(config, { logger: false });
    expect(first.migrations.length).toBeGreaterThan(0);
    await first.close();

    const started = performance.now();
    const second = await startServer(config, { logger: false });
    const res = await fetch(`${second.url}/api/v1/health`);
    const elapsed = performance.now() - started;
    await second.close();
    expect(res.status).toBe(200);
    expect(second.migrations).toEqual([]);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('closes the database it opened, so the file can be opened again at once', async () => {
    const running = await startServer(config, { logger: false });
    await running.close();
    await running.close(); // twice is harmless
    const again = await startServer(config, { logger: false });
    await again.close();
  });
});
