/**
 * Live push over a real socket: the app listens on a free port and the tests read the event stream with a plain
 * HTTP client, as a browser's EventSource does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type App } from '../../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createWorld, password, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects, pgUrl } from '../../test-support/databases.js';
import { EventStreamReader } from '../../test-support/event-stream.js';
import { LivePush } from './live-push.js';
import { inboxSignals } from './signals.js';

describe.each(dialects)('live push of notifications on %s', (dialect) => {
  let world: TestWorld;
  let base: string;
  const readers: EventStreamReader[] = [];

  beforeAll(async () => {
    world = await createWorld(dialect);
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await world.close();
  });

  const streamUrl = () => `${base}/api/v1/notifications/stream`;

  async function open(person: Person | null, headers: Record<string, string> = {}, at = streamUrl()): Promise<EventStreamReader> {
    const reader = await EventStreamReader.openInbox(at, { ...(person ? world.as(person) : {}), ...headers });
    readers.push(reader);
    return reader;
  }

  function notify(app: App, person: Person, sentBy = '管理员') {
    return app.services.database.db.transaction().execute(async (tx) => {
      const [notified] = await app.services.notifier.notify(tx, { orgId: person.startsWith('otherOrg') ? world.otherOrgId : world.orgId, recipients: [world.ids[person]], template: 'system.test', params: { sentBy } });
      return notified!.id;
    });
  }

  it('pushes a new notification to every open stream of its recipient, and to nobody else', async () => {
    const [rep, repSecondTab, colleague, otherOrg, admin] = await Promise.all([
      open('repEast1'), open('repEast1'), open('repEast1b'), open('otherOrgRep'), open('admin'),
    ]);
    expect(rep.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const forRep = await notify(world.app, 'repEast1', '华东经理');
    await rep.until(() => rep.notifications().length === 1, 'the notification');
    await repSecondTab.until(() => repSecondTab.notifications().length === 1, 'the notification in the second tab');
    expect(rep.notifications()[0]).toMatchObject({ id: forRep, template: 'system.test', title: 'Closeloop 测试通知' });
    expect(rep.events.find((e) => e.event === 'notification')?.id).toBe(forRep);
    await rep.until(() => rep.unread() === 1, 'the unread count going up');

    const forColleague = await notify(world.app, 'repEast1b');
    await colleague.until(() => colleague.notifications().length === 1, 'the colleague\'s notification');
    expect(colleague.notifications()[0]!.id).toBe(forColleague);
    expect(rep.notifications().map((n) => n.id)).toEqual([forRep]);
    expect(otherOrg.notifications()).toEqual([]);
    expect(admin.notifications()).toEqual([]);
  });

  it('pushes nothing for a notification whose transaction rolled back', async () => {
    const reader = await open('repEast2');
    await expect(
      world.database.db.transaction().execute(async (tx) => {
        await world.app.services.notifier.notify(tx, { orgId: world.orgId, recipients: [world.ids.repEast2], template: 'system.test', params: { sentBy: '回滚' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const committed = await notify(world.app, 'repEast2');
    await reader.until(() => reader.notifications().length > 0, 'the committed notification');
    expect(reader.notifications().map((n) => n.id)).toEqual([committed]);
  });

  it('refuses a stream without credentials with 401', async () => {
    const res = await fetch(streamUrl());
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('opens the stream with the browser\'s session cookie and ends it once that session signs out', async () => {
    const login = await world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'repnorth@test.closeloop.cn', password } });
    const cookie = `cl_session=${login.cookies.find((c) => c.name === 'cl_session')!.value}`;
    const reader = await open(null, { cookie });
    expect(reader.statusCode).toBe(200);
    const id = await notify(world.app, 'repNorth');
    await reader.until(() => reader.notifications().some((n) => n.id === id), 'the notification on the session stream');

    const logout = await world.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': login.json().csrfToken } });
    expect(logout.statusCode).toBe(204);
    await world.app.services.notifier.live.beat();
    await reader.ended;
    expect(reader.comments).toContain('heartbeat');
  });

  it('resumes after Last-Event-ID with what was missed, oldest first', async () => {
    const first = await notify(world.app, 'managerEast', '一');
    const second = await notify(world.app, 'managerEast', '二');
    const third = await notify(world.app, 'managerEast', '三');
    const reader = await open('managerEast', { 'last-event-id': first });
    expect(reader.notifications().map((n) => n.id)).toEqual([second, third]);
    expect(reader.unread()).toBe(3);
  });

  it('sends the unread count on connect and again when the person reads in another tab', async () => {
    await notify(world.app, 'managerNorth');
    await notify(world.app, 'managerNorth');
    const reader = await open('managerNorth');
    expect(reader.unread()).toBe(2);
    const read = await world.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: world.as('managerNorth') });
    expect(read.json()).toEqual({ marked: 2 });
    await reader.until(() => reader.unread() === 0, 'the unread count going to 0');
  });

  it('sends a heartbeat comment on its timer', async () => {
    const auth = (await world.app.services.authenticator.fromApiToken(world.tokens.ops))!;
    const signals = inboxSignals(world.database);
    const live = new LivePush(world.database, world.clock, signals, { heartbeatMs: 30, sessionIdleMinutes: 480 });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void live.attach(auth, res, undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reader = await open(null, {}, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await reader.until(() => reader.comments.filter((c) => c === 'heartbeat').length >= 2, 'two heartbeats');
    live.closeAll();
    await reader.ended;
    await signals.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.runIf(dialect === 'postgres')('catches up on what was written while its listening connection was down', async () => {
    const reader = await open('whitelisted');
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(world.database.db)).rows[0]!.schema;
    const killed = await sql<{ pid: number }>`
      select pg_terminate_backend(pid) as pid from pg_stat_activity where query = ${`listen "closeloop_inbox_${schema}"`}`.execute(world.database.db);
    expect(killed.rows).toHaveLength(1);
    const missed = await notify(world.app, 'whitelisted');
    await reader.until(() => reader.notifications().some((n) => n.id === missed), 'the notification written while disconnected', 10_000);
  });

  it.runIf(dialect === 'postgres')('reaches a browser connected to another server process on the same database, both ways', async () => {
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(world.database.db)).rows[0]!.schema;
    const secondDatabase = openDatabase(pgUrl!, { pgSchema: schema, poolSize: 3 });
    const second = await build({ database: secondDatabase, clock: world.clock, config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: pgUrl }), logger: false });
    try {
      const secondBase = await second.listen({ port: 0, host: '127.0.0.1' });
      const onSecond = await open('repEast1b', {}, `${secondBase}/api/v1/notifications/stream`);
      const onFirst = await open('repEast1b');
      const writtenByFirst = await notify(world.app, 'repEast1b', '第一个进程');
      const writtenBySecond = await notify(second, 'repEast1b', '第二个进程');
      for (const reader of [onSecond, onFirst]) {
        await reader.until(() => [writtenByFirst, writtenBySecond].every((id) => reader.notifications().some((n) => n.id === id)), 'both notifications');
      }
    } finally {
      await second.close();
      await secondDatabase.close();
    }
  });
});
