/**
 * What every browser test file shares: a real Closeloop server in this process (port 0, a fresh SQLite file — or a
 * fresh PostgreSQL schema when CLOSELOOP_TEST_PG_URL is set — seeded with the demo company, serving the built web
 * app), one headless Chromium, and signed-in pages at phone or desk size. `useDemo()` wires it into the file's hooks;
 * each test gets fresh browser contexts (empty cookies, storage and cache) that are closed after it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Clock } from '../../../server/src/platform/clock.js';
import { loadConfig } from '../../../server/src/platform/config.js';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../../server/src/platform/db/database.js';
import { migrateToLatest } from '../../../server/src/platform/db/migrate.js';
import { seedDemo } from '../../../server/src/seed/demo.js';
import { demoEmail, demoPassword } from '../../../server/src/seed/demo-company.js';
import { startServer } from '../../../server/src/server.js';
import { freshDatabase, pgUrl } from '../../../server/src/test-support/databases.js';
import { contextOptions, failureDir, launchChromium } from './chromium.mjs';
import { webRoot } from './web-build.mjs';

/** False on a machine without Chromium: the files then skip their tests (global-setup.ts said why). */
export const hasChromium = inject('chromium');

/** Demo logins by the part before the @ (see packages/server/src/seed/demo-company.ts). */
export type DemoLogin = 'admin' | 'ops' | 'manager.east' | 'manager.sh1' | 'manager.north' | 'rep1' | 'rep2' | 'rep12';

/**
 * The wall clock, moved forward on demand: the browser lives in real time while the server can be sent ahead, e.g.
 * past a session's idle limit, without anyone waiting.
 */
export class ShiftableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface DemoServer {
  url: string;
  dialect: Dialect;
  /** The server's own database, for picking records to test with and checking what landed. */
  db: DatabaseHandle['db'];
  clock: ShiftableClock;
  sessionIdleMinutes: number;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'closeloop-e2e-'));
  const dialect: Dialect = pgUrl ? 'postgres' : 'sqlite';
  const databaseUrl = dialect === 'postgres' ? pgUrl! : `sqlite:${path.join(dataDir, 'closeloop.db')}`;
  let database: DatabaseHandle;
  if (dialect === 'postgres') {
    database = await freshDatabase('postgres');
  } else {
    database = openDatabase(databaseUrl);
    await migrateToLatest(database.db);
  }
  const clock = new ShiftableClock();
  try {
    await seedDemo(database, clock, 'system');
    const config = loadConfig({
      DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', WEB_DIR: inject('webDir'), DATA_DIR: dataDir,
    });
    const running = await startServer(config, { database, clock, logger: { level: 'error' } });
    return {
      url: running.url,
      dialect,
      db: database.db,
      clock,
      sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
      close: async () => {
        await running.close();
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The demo password is published (it is in the start-up banner); every demo account shares it. */
export const loginOf = (login: DemoLogin): { login: string; password: string } => ({ login: demoEmail({ login }), password: demoPassword });

/** A caller of the HTTP API as a signed-in person, as the browser would be (session cookie + CSRF token). */
export interface ApiCaller {
  user: { id: string; name: string; role: string };
  call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function apiAs(server: DemoServer, login: DemoLogin): Promise<ApiCaller> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(loginOf(login)),
  });
  if (!response.ok) throw new Error(`signing in as ${login} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const session = (await response.json()) as { csrfToken: string; user: ApiCaller['user'] };
  return {
    user: session.user,
    async call<T>(method: string, apiPath: string, body?: unknown) {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': session.csrfToken, 'accept-language': 'zh-CN' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
      const answer = await fetch(`${server.url}/api/v1${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await answer.text();
      return { status: answer.status, body: (text ? JSON.parse(text) : null) as T };
    },
  };
}

type Catalogue = Record<string, unknown>;
const catalogues = new Map<string, Catalogue>();

/** A UI text as the app shows it, from the same catalogues (packages/web/src/i18n/<lang>/<feature>.json). */
export function uiText(lang: 'zh-CN' | 'en', key: string): string {
  let tree = catalogues.get(lang);
  if (!tree) {
    const dir = path.join(webRoot, 'src/i18n', lang);
    tree = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]));
    catalogues.set(lang, tree);
  }
  const value = key.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], tree);
  if (typeof value !== 'string') throw new Error(`no UI text ${lang}:${key}`);
  return value;
}

export type Device = 'phone' | 'desktop';

export interface Demo {
  server: DemoServer;
  browser: Browser;
  /** A new page in a fresh context; signed in as `login` (through the API, like a returning visitor) unless null. */
  page(device: Device, login: DemoLogin | null, options?: { locale?: string }): Promise<Page>;
}

/** Starts the server and the browser for this file, and closes each test's contexts after it (screenshots on failure). */
export function useDemo(): Demo {
  const opened: Array<{ context: BrowserContext; errors: string[] }> = [];
  const demo = {} as Demo;

  beforeAll(async () => {
    if (!hasChromium) return;
    const [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
    demo.server = server;
    demo.browser = browser;
    demo.page = async (device, login, options = {}) => {
      const context = await browser.newContext({ ...contextOptions(device, options), baseURL: server.url });
      const errors: string[] = [];
      opened.push({ context, errors });
      // Generous for a shared 2-core machine under load; a passing step takes a fraction of it.
      context.setDefaultTimeout(20_000);
      if (login) {
        const answer = await context.request.post('/api/v1/auth/login', { data: loginOf(login), headers: { 'idempotency-key': crypto.randomUUID() } });
        expect(answer.status(), `signing in as ${login}`).toBe(200);
      }
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      return page;
    };
  });

  afterEach(async ({ task }) => {
    const contexts = opened.splice(0);
    if (task.result?.state === 'fail') {
      mkdirSync(failureDir, { recursive: true });
      const base = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
      for (const [i, { context, errors }] of contexts.entries()) {
        for (const [j, page] of context.pages().entries()) {
          const file = path.join(failureDir, `${base}-${i}-${j}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          console.log(`failure screenshot: ${file} (at ${page.url()})`);
        }
        if (errors.length > 0) {
          writeFileSync(path.join(failureDir, `${base}-${i}.log`), errors.join('\n'));
          console.log(`browser errors in context ${i}:\n  ${errors.slice(0, 10).join('\n  ')}`);
        }
      }
    }
    await Promise.all(contexts.map(({ context }) => context.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await demo.browser?.close();
    await demo.server?.close();
  });

  return demo;
}

/** `expect.poll` with a patience fit for a shared 2-core machine (its default gives up after 1 s). */
export const eventually = <T>(read: () => T | Promise<T>, timeout = 15_000) => expect.poll(read, { timeout, interval: 100 });

/** Types into a field found by its test id, whether the id sits on the input or on its wrapper (antd-mobile). */
export async function fill(page: Page, testId: string, value: string): Promise<void> {
  const target = page.getByTestId(testId);
  const tag = await target.evaluate((node) => node.tagName);
  await (tag === 'INPUT' || tag === 'TEXTAREA' ? target : target.locator('input, textarea').first()).fill(value);
}

/** Fills the sign-in form and submits it. */
export async function signInThroughForm(page: Page, login: DemoLogin, password = demoPassword): Promise<void> {
  await page.getByTestId('login').locator('input').fill(loginOf(login).login);
  await page.getByTestId('password').locator('input').fill(password);
  await page.getByTestId('sign-in').click();
}
