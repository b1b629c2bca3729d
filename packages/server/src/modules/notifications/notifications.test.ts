import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationTemplates } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('the notification inbox and settings on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const api = (person: Person, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': 'en' }, ...(payload ? { payload } : {}) });

  /** `count` notifications for `person`, a second apart, oldest first. */
  async function inboxOf(person: Person, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      world.clock.advance(1_000);
      const [notified] = await world.app.services.notifier.notify(world.database.db, {
        orgId: world.orgId, recipients: [world.ids[person]], template: 'import.finished', link: '/imports',
        params: { records: 'leads', fileName: `第${i + 1}批.csv`, created: i, skipped: 0, failed: 0 },
        subject: { type: 'import', id: `imp_${i}` },
      });
      ids.push(notified!.id);
    }
    return ids;
  }

  it('lists a person\'s notifications newest first, page by page', async () => {
    const ids = await inboxOf('repEast1', 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api('repEast1', 'GET', `/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const newest = (await api('repEast1', 'GET', '/notifications?limit=1')).json().items[0];
    expect(newest).toEqual({
      id: ids[4], template: 'import.finished', title: '导入完成：线索', body: '“第5批.csv”已导入：新建 4 条，跳过 0 条，失败 0 条。', link: '/imports',
      subject: { type: 'import', id: 'imp_4' }, createdAt: world.clock.now().toISOString(), readAt: null,
    });
  });

  it('marks one read, counts and lists the unread, and marks the rest read at once', async () => {
    const ids = await inboxOf('repEast2', 3);
    expect((await api('repEast2', 'GET', '/notifications/unread-count')).json()).toEqual({ count: 3 });
    const read = await api('repEast2', 'POST', `/notifications/${ids[1]}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: ids[1], readAt: world.clock.now().toISOString() });
    world.clock.advance(60_000);
    expect((await api('repEast2', 'POST', `/notifications/${ids[1]}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await api('repEast2', 'GET', '/notifications/unread-count')).json()).toEqual({ count: 2 });
    const unread = (await api('repEast2', 'GET', '/notifications?unread=true')).json().items.map((n: { id: string }) => n.id);
    expect(unread).toEqual([ids[2], ids[0]]);
    expect((await api('repEast2', 'POST', '/notifications/read-all')).json()).toEqual({ marked: 2 });
    expect((await api('repEast2', 'GET', '/notifications/unread-count')).json()).toEqual({ count: 0 });
    expect((await api('repEast2', 'GET', '/notifications?unread=true')).json().items).toEqual([]);
    expect((await api('repEast2', 'GET', '/notifications')).json().items).toHaveLength(3);
  });

  it('keeps each inbox to its recipient: a colleague, their manager and an admin neither see nor mark it', async () => {
    const [id] = await inboxOf('repEast1b', 1);
    for (const person of ['repEast1', 'managerEast', 'admin', 'otherOrgAdmin'] as const) {
      const listed = (await api(person, 'GET', '/notifications?limit=200')).json().items.map((n: { id: string }) => n.id);
      expect(listed, person).not.toContain(id);
      const mark = await api(person, 'POST', `/notifications/${id}/read`);
      expect(mark.statusCode, person).toBe(404);
      expect(mark.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'The notification was not found.' });
    }
    expect((await api('repEast1b', 'GET', '/notifications/unread-count')).json()).toEqual({ count: 1 });
  });

  it('shows each template\'s channels with its defaults until the person chooses, in the company time zone', async () => {
    const res = await api('repNorth', 'GET', '/notifications/preferences');
    expect(res.statusCode).toBe(200);
    // Every template is listed, in core's order; features add theirs after these two.
    expect(res.json().templates.map((t: { template: string }) => t.template)).toEqual([...notificationTemplates]);
    expect({ ...res.json(), templates: res.json().templates.slice(0, 2) }).toEqual({
      templates: [
        { template: 'system.test', channels: ['inApp', 'email', 'dingtalk', 'wecom'], defaultChannels: ['inApp', 'email', 'dingtalk', 'wecom'] },
        { template: 'import.finished', channels: ['inApp', 'email'], defaultChannels: ['inApp', 'email'] },
      ],
      quietHours: null,
      timeZone: 'Asia/Shanghai',
    });
  });

  it('replaces a person\'s channels and quiet hours, a template left out going back to its defaults', async () => {
    const set = await api('repNorth', 'PUT', '/notifications/preferences', { channels: { 'import.finished': [], 'system.test': ['wecom'] }, quietHours: { start: '21:30', end: '07:00' } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().templates.slice(0, 2).map((t: { channels: string[] }) => t.channels)).toEqual([['inApp', 'wecom'], ['inApp']]);
    expect(set.json().quietHours).toEqual({ start: '21:30', end: '07:00' });
    const replaced = await api('repNorth', 'PUT', '/notifications/preferences', { channels: { 'system.test': ['email'] }, quietHours: null });
    expect(replaced.json().templates.slice(0, 2).map((t: { channels: string[] }) => t.channels)).toEqual([['inApp', 'email'], ['inApp', 'email']]);
    expect((await api('repNorth', 'GET', '/notifications/preferences')).json()).toEqual(replaced.json());
    expect((await api('repEast1', 'GET', '/notifications/preferences')).json().templates[1].channels).toEqual(['inApp', 'email']);
  });

  it('refuses unknown templates and channels and quiet hours that start when they end', async () => {
    const cases = [
      { body: { channels: { 'lead.unknown': ['email'] }, quietHours: null }, field: 'body.channels' },
      { body: { channels: { 'system.test': ['fax'] }, quietHours: null }, field: 'body.channels.system.test.0' },
      { body: { channels: {}, quietHours: { start: '22:00', end: '22:00' } }, field: 'body.quietHours.end' },
      { body: { channels: {}, quietHours: { start: '24:00', end: '07:00' } }, field: 'body.quietHours.start' },
    ];
    for (const { body, field } of cases) {
      const res = await api('repNorth', 'PUT', '/notifications/preferences', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json().error.fields), JSON.stringify(body)).toContain(field);
    }
  });

  describe('group robots', () => {
    const dingTalk = {
      kind: 'dingtalk', name: '华东销售群', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908',
      secret: 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd', templates: ['system.test'],
    };

    it('stores a robot\'s key and secret and never shows them again in full', async () => {
      const created = await api('admin', 'POST', '/admin/robots', dingTalk);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toEqual({
        id: expect.any(String), kind: 'dingtalk', name: '华东销售群', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=••••1908',
        signed: true, templates: ['system.test'], createdAt: world.clock.now().toISOString(),
      });
      const listed = await api('admin', 'GET', '/admin/robots');
      expect(listed.json().items).toEqual([created.json()]);
      expect(listed.body).not.toContain('3b2a1908');
      expect(listed.body).not.toContain('SEC0123');
      const stored = await world.database.db.selectFrom('notification_robots').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ webhook_key: '8c2f0e5d4b3a29187f6e5d4c3b2a1908', sign_secret: dingTalk.secret });
      const audit = await world.database.db.selectFrom('audit_log').select('after').where('entity_id', '=', created.json().id).executeTakeFirstOrThrow();
      expect(audit.after).not.toContain('SEC0123');
    });

    it('accepts only the documented robot addresses, so a robot cannot make the server post elsewhere', async () => {
      const refused = [
        { ...dingTalk, webhookUrl: 'https://evil.example.com/robot/send?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908' },
        { ...dingTalk, webhookUrl: 'http://oapi.dingtalk.com/robot/send?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908' },
        { ...dingTalk, webhookUrl: 'https://oapi.dingtalk.com/robot/other?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908' },
        { ...dingTalk, webhookUrl: 'https://oapi.dingtalk.com/robot/send' },
        { ...dingTalk, webhookUrl: 'not a url' },
        { kind: 'wecom', name: '企业微信群', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=8c2f0e5d4b3a29187f6e5d4c3b2a1908' },
      ];
      const before = (await api('admin', 'GET', '/admin/robots')).json().items.length;
      for (const body of refused) {
        const res = await api('admin', 'POST', '/admin/robots', body);
        expect(res.statusCode, body.webhookUrl).toBe(400);
        expect(Object.keys(res.json().error.fields)).toEqual(['body.webhookUrl']);
      }
      const signedWeCom = await api('admin', 'POST', '/admin/robots', {
        kind: 'wecom', name: '企业微信群', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a1c-4bc4-97a0-0ec2f1fa5aaa', secret: 'SECabc',
      });
      expect(signedWeCom.json().error.fields).toEqual({ 'body.secret': expect.any(String) });
      expect((await api('admin', 'GET', '/admin/robots')).json().items).toHaveLength(before);
    });

    it('disconnects a robot of the admin\'s own organisation only', async () => {
      const id = (await api('admin', 'POST', '/admin/robots', { ...dingTalk, name: '待删除' })).json().id as string;
      expect((await api('otherOrgAdmin', 'DELETE', `/admin/robots/${id}`)).statusCode).toBe(404);
      expect((await api('admin', 'DELETE', `/admin/robots/${id}`)).statusCode).toBe(204);
      expect((await api('admin', 'DELETE', `/admin/robots/${id}`)).statusCode).toBe(404);
      expect((await api('admin', 'GET', '/admin/robots')).json().items.map((r: { id: string }) => r.id)).not.toContain(id);
    });
  });

  it('sends an admin\'s test notification to the named people of the organisation, and audits it', async () => {
    const res = await api('admin', 'POST', '/admin/notifications/test', { userIds: [world.ids.repEast1, world.ids.managerEast] });
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json().notifications as Array<{ id: string; recipientId: string; channels: string[] }>;
    expect(sent.map((n) => n.recipientId)).toEqual([world.ids.repEast1, world.ids.managerEast]);
    // No SMTP in this installation, and the robot of the earlier test posts system.test: inbox and DingTalk.
    expect(sent[0]!.channels).toEqual(['inApp', 'dingtalk']);
    const inbox = (await api('managerEast', 'GET', '/notifications?limit=1')).json().items[0];
    expect(inbox).toMatchObject({ id: sent[1]!.id, title: 'Closeloop 测试通知', body: '这是管理员发送的测试通知。收到它说明这个渠道已经接通。' });
    const audited = await world.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'notification_test').execute();
    expect(audited).toEqual([{ action: 'notification_test', actor_id: world.ids.admin }]);

    const foreign = await api('admin', 'POST', '/admin/notifications/test', { userIds: [world.ids.otherOrgRep] });
    const unknown = await api('admin', 'POST', '/admin/notifications/test', { userIds: ['no-such-person'] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toBe(unknown.body);
  });
});
