/**
 * notify → inbox rows in the caller's transaction → deliveries after commit: email to a real local SMTP server, and
 * DingTalk / WeCom robots against local stand-ins that check what the real APIs check. Time is a ManualClock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { startRobotStub, startSmtpStub, type RobotStub, type SmtpStub } from '../../test-support/notify-stubs.js';

const dingTalkToken = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const dingTalkSecret = 'SEC7e3b1f2c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2';
const weComKey = '693a91f6-7a1c-4bc4-97a0-0ec2f1fa5aaa';

describe.each(dialects)('notification delivery on %s', (dialect) => {
  let world: TestWorld;
  let smtp: SmtpStub;
  let dingtalk: RobotStub;
  let wecom: RobotStub;
  const now = () => world.clock.now().getTime();

  beforeAll(async () => {
    smtp = await startSmtpStub();
    dingtalk = await startRobotStub({ kind: 'dingtalk', key: dingTalkToken, secret: dingTalkSecret, now });
    wecom = await startRobotStub({ kind: 'wecom', key: weComKey, now });
    world = await createWorld(dialect, {
      config: {
        SMTP_URL: smtp.url, SMTP_FROM: 'Closeloop <noreply@test.closeloop.cn>', DINGTALK_BASE_URL: dingtalk.url, WECOM_BASE_URL: wecom.url,
        PUBLIC_URL: 'https://crm.example.cn',
      },
    });
    await world.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', world.ids.repEast2).execute();
  });
  afterAll(async () => {
    await world.close();
    await Promise.all([smtp.close(), dingtalk.close(), wecom.close()]);
  });

  // Each test starts with an empty queue, no robots, and an hour later than the last (every robot's minute is over).
  beforeEach(async () => {
    const db = world.database.db;
    await db.deleteFrom('notification_deliveries').execute();
    await db.deleteFrom('notification_robots').execute();
    await db.deleteFrom('notification_settings').execute();
    world.clock.advance(3_600_000);
    smtp.mails.length = 0;
    dingtalk.calls.length = 0;
    wecom.calls.length = 0;
  });

  const center = () => world.app.services.notifier;
  const db = () => world.database.db;
  const imported = { records: 'customers' as const, fileName: '客户名单.xlsx', created: 118, skipped: 2, failed: 3 };

  function notify(recipients: Person[], template: 'import.finished' | 'system.test' = 'import.finished') {
    const params = template === 'import.finished' ? imported : { sentBy: '管理员' };
    return db().transaction().execute((tx) =>
      center().notify(tx, { orgId: world.orgId, recipients: recipients.map((p) => world.ids[p]), template, params, link: '/imports' } as never),
    );
  }

  const deliveries = () => db().selectFrom('notification_deliveries').selectAll().orderBy('created_at').orderBy('id').execute();

  async function addRobot(body: Record<string, unknown>): Promise<string> {
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/admin/robots', headers: world.as('admin'), payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  const addDingTalk = (secret = dingTalkSecret) =>
    addRobot({ kind: 'dingtalk', name: '华东销售群', webhookUrl: `${dingtalk.url}/robot/send?access_token=${dingTalkToken}`, secret });
  const addWeCom = () => addRobot({ kind: 'wecom', name: '华东企业微信群', webhookUrl: `${wecom.url}/cgi-bin/webhook/send?key=${weComKey}` });

  it('writes the inbox rows and deliveries in the caller\'s transaction, and nothing when it rolls back', async () => {
    const before = await db().selectFrom('notifications').select('id').execute();
    await expect(
      db().transaction().execute(async (tx) => {
        await center().notify(tx, { orgId: world.orgId, recipients: [world.ids.repEast1], template: 'import.finished', params: imported });
        throw new Error('the business write failed after notifying');
      }),
    ).rejects.toThrow('the business write failed');
    expect(await db().selectFrom('notifications').select('id').execute()).toEqual(before);
    expect(await deliveries()).toEqual([]);
    expect((await center().delivery.deliverDue()).sent).toBe(0);
    expect(smtp.mails).toEqual([]);

    const [notified] = await notify(['repEast1']);
    expect(notified).toMatchObject({ recipientId: world.ids.repEast1, channels: ['inApp', 'email'] });
    const row = await db().selectFrom('notifications').selectAll().where('id', '=', notified!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ template: 'import.finished', title: '导入完成：客户', link: '/imports', read_at: null, locale: 'zh-CN' });
    expect(await deliveries()).toMatchObject([{ notification_id: notified!.id, channel: 'email', target: 'repeast1@test.closeloop.cn', status: 'pending' }]);
  });

  it('leaves out people who are disabled or work for another organisation', async () => {
    const disabled = world.ids.repNorth;
    await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled).execute();
    const notified = await notify(['repEast1', 'repNorth', 'otherOrgRep']);
    await db().updateTable('users').set({ status: 'active' }).where('id', '=', disabled).execute();
    expect(notified.map((n) => n.recipientId)).toEqual([world.ids.repEast1]);
  });

  it('emails each recipient in their own language through the SMTP server, with a link under PUBLIC_URL', async () => {
    await notify(['repEast1', 'repEast2']);
    const report = await center().delivery.deliverDue();
    expect(report).toMatchObject({ sent: 2, failed: 0 });
    const byRecipient = Object.fromEntries(smtp.mails.map((m) => [m.to[0], m]));
    expect(byRecipient['repeast1@test.closeloop.cn']).toMatchObject({ subject: '导入完成：客户', contentLanguage: 'zh-CN' });
    expect(byRecipient['repeast2@test.closeloop.cn']).toMatchObject({ subject: 'Import finished: customers', contentLanguage: 'en' });
    expect(byRecipient['repeast2@test.closeloop.cn']!.raw).toContain('https://crm.example.cn/imports');
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('tries an email again after a temporary refusal (4xx) and gives up on a permanent one (5xx), keeping the reason', async () => {
    smtp.refuseNext(451, 'Try again later');
    await notify(['repEast1']);
    expect(await center().delivery.deliverDue()).toMatchObject({ sent: 0, retried: 1 });
    const [waiting] = await deliveries();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, due_at: new Date(now() + 30_000).toISOString() });
    expect(waiting!.last_error).toContain('451');
    world.clock.advance(30_000);
    expect(await center().delivery.deliverDue()).toMatchObject({ sent: 1 });
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['repeast1@test.closeloop.cn']);

    smtp.refuseNext(550, 'No such user here');
    await notify(['repEast1b']);
    expect(await center().delivery.deliverDue()).toMatchObject({ failed: 1 });
    const failed = (await deliveries()).find((d) => d.target === 'repeast1b@test.closeloop.cn');
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.last_error).toContain('550');
  });

  it('queues no email for a template the person switched email off for, and keeps the inbox row', async () => {
    const res = await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('repEast1'), payload: { channels: { 'import.finished': [] }, quietHours: null },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [notified] = await notify(['repEast1']);
    expect(notified!.channels).toEqual(['inApp']);
    expect(await deliveries()).toEqual([]);
    expect(await db().selectFrom('notifications').select('id').where('id', '=', notified!.id).executeTakeFirst()).toBeDefined();
  });

  it('holds email during the recipient\'s quiet hours in the company time zone and sends it when they end', async () => {
    await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('repEast1'),
      payload: { channels: {}, quietHours: { start: '22:00', end: '08:00' } },
    });
    world.clock.set('2026-12-01T15:00:00.000Z'); // 23:00 in Shanghai
    const [notified] = await notify(['repEast1']);
    // The inbox has it at once; the email waits for 08:00 Shanghai time.
    expect(await db().selectFrom('notifications').select('id').where('id', '=', notified!.id).executeTakeFirst()).toBeDefined();
    expect(await deliveries()).toMatchObject([{ status: 'pending', due_at: '2026-12-02T00:00:00.000Z' }]);
    world.clock.set('2026-12-01T23:59:59.000Z');
    expect((await center().delivery.deliverDue()).sent).toBe(0);
    world.clock.set('2026-12-02T00:00:00.000Z');
    expect((await center().delivery.deliverDue()).sent).toBe(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('holds a message queued before quiet hours that is still waiting when they begin', async () => {
    smtp.refuseNext(421, 'Service not available, closing transmission channel');
    world.clock.set('2026-12-03T13:59:00.000Z'); // 21:59 in Shanghai
    await notify(['repEast1']);
    expect((await center().delivery.deliverDue()).retried).toBe(1);
    await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('repEast1'),
      payload: { channels: {}, quietHours: { start: '22:00', end: '07:30' } },
    });
    world.clock.set('2026-12-03T14:00:00.000Z'); // the retry falls due at 22:00, inside the quiet hours
    expect(await center().delivery.deliverDue()).toMatchObject({ sent: 0, deferred: 1 });
    expect(await deliveries()).toMatchObject([{ status: 'pending', due_at: '2026-12-03T23:30:00.000Z' }]);
  });

  it('sends an admin\'s test notification at once, quiet hours or not', async () => {
    await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('admin'),
      payload: { channels: {}, quietHours: { start: '00:00', end: '23:59' } },
    });
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/admin/notifications/test', headers: world.as('admin'), payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().notifications).toEqual([{ id: expect.any(String), recipientId: world.ids.admin, channels: ['inApp', 'email'] }]);
    expect((await center().delivery.deliverDue()).sent).toBe(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['admin@test.closeloop.cn'], subject: 'Closeloop 测试通知' });
  });

  it('signs DingTalk messages as the robot checks them and mentions the recipient by phone', async () => {
    await addDingTalk();
    await notify(['repEast1'], 'system.test');
    expect(await center().delivery.deliverDue()).toMatchObject({ sent: 2, failed: 0 });
    const [call] = dingtalk.accepted();
    expect(call!.query.get('timestamp')).toBe(String(now()));
    expect(call!.body.at?.atMobiles).toEqual(['13800000001']);
    expect(call!.body.markdown?.title).toBe('Closeloop 测试通知');
    expect(call!.body.markdown?.text).toContain('@13800000001');
  });

  it('keeps a DingTalk message the robot refused for a wrong signature as failed, with the robot\'s answer', async () => {
    await addDingTalk(`${dingTalkSecret}x`);
    await notify(['repEast1'], 'system.test');
    await center().delivery.deliverDue();
    expect(dingtalk.calls.map((c) => c.errcode)).toEqual([310000]);
    const robotDelivery = (await deliveries()).find((d) => d.channel === 'dingtalk');
    expect(robotDelivery).toMatchObject({ status: 'failed' });
    expect(robotDelivery!.last_error).toContain('310000');
  });

  it('sends 25 messages to one robot as 20 in the first minute and 5 after it, never drawing a 130101', async () => {
    await addDingTalk();
    await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('repEast1'), payload: { channels: { 'system.test': ['dingtalk'] }, quietHours: null },
    });
    for (let i = 0; i < 25; i += 1) await notify(['repEast1'], 'system.test');
    const robotDeliveries = async () => (await deliveries()).filter((d) => d.channel === 'dingtalk');
    expect(await center().delivery.deliverDue()).toMatchObject({ deferred: 5, throttled: 0 });
    expect(dingtalk.accepted()).toHaveLength(20);
    const waiting = (await robotDeliveries()).filter((d) => d.status === 'pending');
    expect(waiting).toHaveLength(5);
    expect(new Set(waiting.map((d) => d.due_at))).toEqual(new Set([new Date(now() + 60_000).toISOString()]));

    world.clock.advance(59_000);
    await center().delivery.deliverDue();
    expect(dingtalk.accepted()).toHaveLength(20);
    world.clock.advance(1_000);
    await center().delivery.deliverDue();
    expect(dingtalk.accepted()).toHaveLength(25);
    expect(dingtalk.calls.every((c) => c.errcode === 0)).toBe(true);
    expect((await robotDeliveries()).every((d) => d.status === 'sent')).toBe(true);
  });

  it('backs off and sends again when DingTalk answers 130101', async () => {
    await addDingTalk();
    dingtalk.answerNext(130101);
    await notify(['repEast1'], 'system.test');
    expect(await center().delivery.deliverDue()).toMatchObject({ throttled: 1 });
    const [waiting] = (await deliveries()).filter((d) => d.channel === 'dingtalk');
    expect(waiting).toMatchObject({ status: 'pending', throttled: 1, attempts: 0, due_at: new Date(now() + 60_000).toISOString() });
    world.clock.advance(60_000);
    await center().delivery.deliverDue();
    expect(dingtalk.calls.map((c) => c.errcode)).toEqual([130101, 0]);
  });

  it('backs off and sends again when WeCom answers 45009, naming the recipient in the message', async () => {
    await addWeCom();
    wecom.answerNext(45009, 45009);
    await notify(['repEast2'], 'system.test');
    await center().delivery.deliverDue();
    world.clock.advance(60_000);
    await center().delivery.deliverDue();
    world.clock.advance(119_000);
    await center().delivery.deliverDue();
    expect(wecom.calls.map((c) => c.errcode)).toEqual([45009, 45009]);
    world.clock.advance(1_000);
    await center().delivery.deliverDue();
    expect(wecom.calls.map((c) => c.errcode)).toEqual([45009, 45009, 0]);
    const content = wecom.accepted()[0]!.body.markdown?.content ?? '';
    expect(content).toContain('Closeloop test notification');
    expect(content).toContain('李娜');
  });

  it('escapes markdown in what people typed, so a robot never posts a smuggled link', async () => {
    await addWeCom();
    await world.app.inject({
      method: 'PUT', url: '/api/v1/notifications/preferences', headers: world.as('repEast1'), payload: { channels: { 'import.finished': ['wecom'] }, quietHours: null },
    });
    await db().transaction().execute((tx) =>
      center().notify(tx, {
        orgId: world.orgId, recipients: [world.ids.repEast1], template: 'import.finished', link: '/imports',
        params: { ...imported, fileName: '[点此领奖](http://evil.example.com)' },
      }),
    );
    expect((await center().delivery.deliverDue()).sent).toBe(1);
    const content = wecom.accepted()[0]!.body.markdown?.content ?? '';
    expect(content).toContain('\\[点此领奖\\]\\(http://evil.example.com\\)');
    expect(content).toContain('[在 Closeloop 中打开](https://crm.example.cn/imports)');
  });

  it('cancels what was still queued for a robot an admin removed', async () => {
    const robotId = await addWeCom();
    await notify(['repEast1'], 'system.test');
    const removed = await world.app.inject({ method: 'DELETE', url: `/api/v1/admin/robots/${robotId}`, headers: world.as('admin') });
    expect(removed.statusCode).toBe(204);
    expect(await center().delivery.deliverDue()).toMatchObject({ cancelled: 1 });
    expect(wecom.calls).toEqual([]);
    expect((await deliveries()).find((d) => d.channel === 'wecom')).toMatchObject({ status: 'cancelled', last_error: 'the robot was removed' });
  });
});
