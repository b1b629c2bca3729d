/**
 * Outgoing webhooks end to end: a business write → the outbox → the fan-out reaction → the delivery queue → a real
 * HTTP receiver on 127.0.0.1 that checks nothing itself; these tests check every signature with node:crypto, move
 * a ManualClock through the retry schedule, and read the admins' API.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { startWebhookReceiver, type ReceivedCall, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { WebhookDeliveryWorker } from './delivery-worker.js';
import { webhookRetryDelaysMs } from './retry-schedule.js';
import { WebhookSender } from './sender.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Verifies a call as a receiver would: the HMAC over "<timestamp>.<raw body>", compared in constant time. */
function signedWith(call: ReceivedCall, secret: string): boolean {
  const timestamp = String(call.headers['x-closeloop-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('hex')}`;
  return call.headers['x-closeloop-signature'] === expected;
}

describe.each(dialects)('outgoing webhooks on %s', (dialect) => {
  let world: TestWorld;
  let receiver: WebhookReceiver;
  let otherReceiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    otherReceiver = await startWebhookReceiver();
    world = await createWorld(dialect, { config: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(async () => {
    await world.close();
    await Promise.all([receiver.close(), otherReceiver.close()]);
  });

  // Each test starts with no webhooks, every earlier event handled, and an hour later than the last.
  beforeEach(async () => {
    await world.app.services.jobs.runner.drain();
    const db = world.database.db;
    await db.deleteFrom('webhook_attempts').execute();
    await db.deleteFrom('webhook_deliveries').execute();
    await db.deleteFrom('webhooks').execute();
    world.clock.advance(3_600_000);
    receiver.reset();
    otherReceiver.reset();
  });

  const api = (person: Person, method: Method, url: string, payload?: object, locale = 'en') =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': locale }, ...(payload ? { payload } : {}) });

  async function register(body: Record<string, unknown>, person: Person = 'admin'): Promise<{ id: string; secret: string; version: number }> {
    const res = await api(person, 'POST', '/admin/webhooks', { url: receiver.url, eventTypes: '*', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  /** Creates a lead as `person` and returns its id. */
  async function createLead(person: Person = 'repEast1', name = '李明'): Promise<string> {
    const res = await api(person, 'POST', '/leads', { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().lead.id as string;
  }

  /** What a running server does in the background: deliver events to reactions, then send what they queued. */
  async function background() {
    await world.app.services.jobs.runner.drain();
    return world.app.services.webhooks.delivery.deliverDue();
  }

  const deliveriesOf = async (webhookId: string, query = '') => (await api('admin', 'GET', `/admin/webhooks/${webhookId}/deliveries${query}`)).json();

  it('registers a webhook, shows its secret once, and never lists or audits the secret', async () => {
    const created = await register({ eventTypes: ['lead.created', 'customer.created', 'lead.created'], description: 'ERP 同步' });
    expect(created).toMatchObject({ url: receiver.url, eventTypes: ['customer.created', 'lead.created'], description: 'ERP 同步', active: true, version: 1 });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const shown = (await api('admin', 'GET', `/admin/webhooks/${created.id}`)).json();
    expect(shown).not.toHaveProperty('secret');
    expect(shown.secretHint).toBe(`whsec_••••${created.secret.slice(-4)}`);
    const listed = (await api('admin', 'GET', '/admin/webhooks')).json();
    expect(listed.items.map((w: { id: string }) => w.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_id', '=', created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
    const types = (await api('admin', 'GET', '/admin/webhooks/event-types')).json();
    expect(types.items).toContain('lead.created');
    expect(types.ping).toBe('webhook.ping');
  });

  it('refuses addresses and event types it cannot use, saying why in English and Chinese', async () => {
    const cases: Array<[unknown, string, string]> = [
      ['ftp://files.example.cn/in', 'must start with https:// (or http://), not ftp:', '必须以 https://（或 http://）开头，不能是 ftp:'],
      ['javascript:alert(1)', 'must start with https:// (or http://), not javascript:', '不能是 javascript:'],
      ['erp.example.cn/hooks', 'not a web address (e.g. https://erp.example.cn/closeloop/events)', '不是有效的网址'],
      ['https://user:pw@erp.example.cn/hooks', 'must not contain a user name or password', '不能包含用户名或密码'],
      ['', 'required: the https:// address that receives the events', '必填'],
    ];
    for (const [url, en, zh] of cases) {
      const english = await api('admin', 'POST', '/admin/webhooks', { url, eventTypes: '*' });
      expect(english.statusCode, String(url)).toBe(400);
      expect(english.json().error.code).toBe('VALIDATION_FAILED');
      expect(english.json().error.fields['body.url']).toContain(en);
      const chinese = await api('admin', 'POST', '/admin/webhooks', { url, eventTypes: '*' }, 'zh-CN');
      expect(chinese.json().error.message).toBe('部分字段不正确，请修改后重试。');
      expect(chinese.json().error.fields['body.url']).toContain(zh);
    }
    const typo = await api('admin', 'POST', '/admin/webhooks', { url: receiver.url, eventTypes: ['lead.created', 'lead.create'] }, 'zh-CN');
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.fields['body.eventTypes.1']).toContain('“lead.create”不是事件类型');
    expect(await world.database.db.selectFrom('webhooks').select('id').execute()).toEqual([]);
  });

  it('posts an event signed with the secret, with the headers and body a receiver needs', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    const leadId = await createLead();
    expect(await background()).toEqual({ delivered: 1, retried: 0, failed: 0, cancelled: 0 });
    expect(receiver.calls).toHaveLength(1);
    const [call] = receiver.calls as [ReceivedCall];
    const event = await world.database.db.selectFrom('events').selectAll().where('type', '=', 'lead.created').where('subject', '=', leadId).executeTakeFirstOrThrow();
    const [delivery] = (await deliveriesOf(hook.id)).items;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/hooks/closeloop');
    expect(call.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(call.headers['x-closeloop-event']).toBe('lead.created');
    expect(call.headers['x-closeloop-delivery']).toBe(delivery.id);
    expect(call.headers['x-closeloop-timestamp']).toBe(String(Math.floor(world.clock.now().getTime() / 1000)));
    expect(signedWith(call, hook.secret)).toBe(true);
    expect(signedWith(call, 'whsec_some-other-secret')).toBe(false);
    expect(JSON.parse(call.body)).toEqual({
      id: event.id, type: 'lead.created', occurredAt: event.created_at, orgId: world.orgId,
      data: { id: leadId, ownerId: world.ids.repEast1, teamId: world.teams.east1, source: expect.any(String), stage: expect.any(String), duplicates: [] },
    });
    expect(delivery).toMatchObject({
      webhookId: hook.id, eventId: event.id, eventType: 'lead.created', status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null,
      nextAttemptAt: null, deliveredAt: world.clock.now().toISOString(),
    });
    expect(delivery.lastResponseMs).toEqual(expect.any(Number));
  });

  it('retries a 500 on the schedule, with the same delivery id and body, until the receiver takes it', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    receiver.answerNext([500, 500], 'database is down');
    await createLead();
    expect(await background()).toMatchObject({ delivered: 0, retried: 1 });
    const firstTry = world.clock.now().getTime();
    let [delivery] = (await deliveriesOf(hook.id)).items;
    expect(delivery).toMatchObject({
      status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'the receiver answered HTTP 500',
      nextAttemptAt: new Date(firstTry + webhookRetryDelaysMs[0]).toISOString(),
    });
    world.clock.advance(webhookRetryDelaysMs[0] - 1_000);
    expect(await background()).toMatchObject({ delivered: 0, retried: 0 });
    expect(receiver.calls).toHaveLength(1);
    world.clock.advance(1_000);
    expect(await background()).toMatchObject({ retried: 1 });
    world.clock.advance(webhookRetryDelaysMs[1]);
    expect(await background()).toMatchObject({ delivered: 1 });
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.calls.map((c) => c.headers['x-closeloop-delivery']))).toEqual(new Set([delivery.id]));
    expect(new Set(receiver.calls.map((c) => c.body)).size).toBe(1);
    expect(new Set(receiver.calls.map((c) => c.headers['x-closeloop-timestamp'])).size).toBe(3); // re-signed each time
    for (const call of receiver.calls) expect(signedWith(call, hook.secret)).toBe(true);

    [delivery] = (await deliveriesOf(hook.id)).items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    const detail = (await api('admin', 'GET', `/admin/webhooks/${hook.id}/deliveries/${delivery.id}`)).json();
    expect(detail.payload.type).toBe('lead.created');
    expect(detail.attemptLog.map((a: { attempt: number; statusCode: number; outcome: string; responseBody: string }) => [a.attempt, a.statusCode, a.outcome, a.responseBody])).toEqual([
      [3, 200, 'delivered', 'ok'], [2, 500, 'failed', 'database is down'], [1, 500, 'failed', 'database is down'],
    ]);
  });

  it('marks a delivery failed after the last attempt, shows it, and sends it again when an admin redelivers', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    receiver.answerNext(Array(8).fill(503), 'x'.repeat(5_000));
    await createLead();
    await background();
    for (const wait of webhookRetryDelaysMs) {
      world.clock.advance(wait);
      await background();
    }
    expect(receiver.calls).toHaveLength(8);
    const failed = (await deliveriesOf(hook.id, '?status=failed')).items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503, lastError: 'the receiver answered HTTP 503', nextAttemptAt: null, deliveredAt: null });
    expect((await deliveriesOf(hook.id, '?status=pending')).items).toEqual([]);
    world.clock.advance(7 * 24 * 3_600_000);
    expect(await background()).toMatchObject({ delivered: 0, retried: 0, failed: 0 });
    const detail = (await api('admin', 'GET', `/admin/webhooks/${hook.id}/deliveries/${failed[0].id}`)).json();
    expect(detail.attemptLog).toHaveLength(8);
    expect(detail.attemptLog[0].responseBody).toHaveLength(1_000);

    const redelivered = await api('admin', 'POST', `/admin/webhooks/${hook.id}/deliveries/${failed[0].id}/redeliver`);
    expect(redelivered.statusCode, redelivered.body).toBe(200);
    expect(redelivered.json()).toMatchObject({ id: failed[0].id, status: 'delivered', attempts: 9, lastStatusCode: 200, deliveredAt: world.clock.now().toISOString() });
    expect(receiver.calls).toHaveLength(9);
    expect(receiver.calls[8]!.headers['x-closeloop-delivery']).toBe(failed[0].id);
    expect(receiver.calls[8]!.body).toBe(receiver.calls[0]!.body);
    expect(signedWith(receiver.calls[8]!, hook.secret)).toBe(true);
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'entity_type']).where('entity_id', '=', failed[0].id).execute();
    expect(audit).toEqual([{ action: 'redeliver', entity_type: 'webhook_delivery' }]);
  });

  it('sends a test ping at once and answers with its outcome; a failed ping is not retried', async () => {
    const hook = await register({ eventTypes: ['customer.created'], active: false });
    const ok = await api('admin', 'POST', `/admin/webhooks/${hook.id}/test`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ eventType: 'webhook.ping', status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(receiver.calls).toHaveLength(1);
    expect(receiver.calls[0]!.headers['x-closeloop-event']).toBe('webhook.ping');
    expect(receiver.calls[0]!.headers['x-closeloop-delivery']).toBe(ok.json().id);
    expect(signedWith(receiver.calls[0]!, hook.secret)).toBe(true);
    expect(JSON.parse(receiver.calls[0]!.body)).toMatchObject({ type: 'webhook.ping', orgId: world.orgId, data: { id: hook.id, eventTypes: ['customer.created'], active: false } });

    receiver.answerNext([500]);
    const bad = await api('admin', 'POST', `/admin/webhooks/${hook.id}/test`);
    expect(bad.json()).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 500, nextAttemptAt: null });
    world.clock.advance(24 * 3_600_000);
    await background();
    expect(receiver.calls).toHaveLength(2);
  });

  it('never delivers one organisation\'s events to another organisation\'s webhook, nor lets its admin near them', async () => {
    const ours = await register({ eventTypes: '*' });
    const theirs = await register({ url: otherReceiver.url, eventTypes: '*' }, 'otherOrgAdmin');
    const ourLead = await createLead('repEast1');
    const theirLead = await createLead('otherOrgRep');
    await background();
    expect(receiver.calls.map((c) => JSON.parse(c.body).data.id)).toEqual([ourLead]);
    expect(receiver.calls.every((c) => JSON.parse(c.body).orgId === world.orgId)).toBe(true);
    expect(otherReceiver.calls.map((c) => JSON.parse(c.body).data.id)).toEqual([theirLead]);
    expect(otherReceiver.calls.every((c) => JSON.parse(c.body).orgId === world.otherOrgId)).toBe(true);

    const [ourDelivery] = (await deliveriesOf(ours.id)).items;
    expect((await api('otherOrgAdmin', 'GET', '/admin/webhooks')).json().items.map((w: { id: string }) => w.id)).toEqual([theirs.id]);
    const probes: Array<[Method, string, object?]> = [
      ['GET', `/admin/webhooks/${ours.id}`],
      ['PATCH', `/admin/webhooks/${ours.id}`, { version: 1, active: false }],
      ['POST', `/admin/webhooks/${ours.id}/rotate-secret`],
      ['POST', `/admin/webhooks/${ours.id}/test`],
      ['GET', `/admin/webhooks/${ours.id}/deliveries`],
      ['GET', `/admin/webhooks/${ours.id}/deliveries/${ourDelivery.id}`],
      ['POST', `/admin/webhooks/${ours.id}/deliveries/${ourDelivery.id}/redeliver`],
      ['POST', `/admin/webhooks/${theirs.id}/deliveries/${ourDelivery.id}/redeliver`],
      ['DELETE', `/admin/webhooks/${ours.id}`],
    ];
    for (const [method, url, body] of probes) {
      const res = await api('otherOrgAdmin', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(receiver.calls).toHaveLength(1);
    expect((await api('admin', 'GET', `/admin/webhooks/${ours.id}`)).json()).toMatchObject({ active: true, version: 1 });
  });

  it('answers 403 to everyone but admins, and writes nothing', async () => {
    const hook = await register({});
    for (const person of ['ops', 'managerEast', 'repEast1'] as const) {
      expect((await api(person, 'GET', '/admin/webhooks')).statusCode).toBe(403);
      expect((await api(person, 'POST', '/admin/webhooks', { url: receiver.url, eventTypes: '*' })).statusCode).toBe(403);
      expect((await api(person, 'POST', `/admin/webhooks/${hook.id}/test`)).statusCode).toBe(403);
      expect((await api(person, 'GET', `/admin/webhooks/${hook.id}/deliveries`)).statusCode).toBe(403);
    }
    expect(await world.database.db.selectFrom('webhooks').select('id').execute()).toEqual([{ id: hook.id }]);
    expect(receiver.calls).toEqual([]);
  });

  it('queues nothing new when the reaction replays its events, so nothing is delivered twice', async () => {
    const hook = await register({ eventTypes: ['lead.created', 'lead.updated'] });
    await createLead('repEast1', '甲');
    await createLead('repEast1', '乙');
    await background();
    expect(receiver.calls).toHaveLength(2);
    await world.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', 'webhooks.fan-out').execute();
    const replay = await world.app.services.jobs.runner.drain();
    expect(replay.delivered).toBeGreaterThanOrEqual(2);
    expect(await world.app.services.webhooks.delivery.deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0, cancelled: 0 });
    expect(receiver.calls).toHaveLength(2);
    expect((await deliveriesOf(hook.id)).items).toHaveLength(2);
  });

  it('sends only the subscribed events that happen after a webhook exists, and nothing once it is disabled or deleted', async () => {
    await createLead('repEast1', '之前');
    world.clock.advance(1_000);
    const leadsOnly = await register({ eventTypes: ['lead.created'] });
    const customersOnly = await register({ url: otherReceiver.url, eventTypes: ['customer.created'] });
    await createLead('repEast1', '之后');
    expect((await api('repEast1', 'POST', '/customers', { name: '杭州样例贸易', industry: 'retail' })).statusCode).toBe(201);
    await background();
    expect(receiver.calls.map((c) => c.headers['x-closeloop-event'])).toEqual(['lead.created']);
    expect(otherReceiver.calls.map((c) => c.headers['x-closeloop-event'])).toEqual(['customer.created']);

    // Queued while the receiver is down, then the webhook is disabled: the retry is cancelled, not sent.
    receiver.answerNext([500]);
    await createLead('repEast1', '停用前');
    await background();
    const off = await api('admin', 'PATCH', `/admin/webhooks/${leadsOnly.id}`, { version: 1, active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    expect((await deliveriesOf(leadsOnly.id, '?status=cancelled')).items).toMatchObject([{ lastError: 'the webhook is disabled' }]);
    await createLead('repEast1', '停用后');
    world.clock.advance(24 * 3_600_000);
    await background();
    expect(receiver.calls).toHaveLength(2);
    const refused = await api('admin', 'POST', `/admin/webhooks/${leadsOnly.id}/deliveries/${(await deliveriesOf(leadsOnly.id, '?status=cancelled')).items[0].id}/redeliver`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('This webhook is disabled. Enable it first, then redeliver.');
    const stale = await api('admin', 'PATCH', `/admin/webhooks/${leadsOnly.id}`, { version: 1, active: true });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');

    const removed = await api('admin', 'DELETE', `/admin/webhooks/${customersOnly.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await api('admin', 'GET', `/admin/webhooks/${customersOnly.id}`)).statusCode).toBe(404);
    expect((await api('admin', 'GET', '/admin/webhooks')).json().items.map((w: { id: string }) => w.id)).toEqual([leadsOnly.id]);
    expect((await api('repEast1', 'POST', '/customers', { name: '宁波样例贸易', industry: 'retail' })).statusCode).toBe(201);
    await background();
    expect(otherReceiver.calls).toHaveLength(1);
    const row = await world.database.db.selectFrom('webhooks').select(['secret', 'deleted_at']).where('id', '=', customersOnly.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ secret: '', deleted_at: expect.any(String) });
  });

  it('signs with the new secret at once after a rotation, and no longer with the old one', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    const rotated = await api('admin', 'POST', `/admin/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const { secret, secretHint, version } = rotated.json();
    expect(secret).not.toBe(hook.secret);
    expect(secretHint).toBe(`whsec_••••${secret.slice(-4)}`);
    expect(version).toBe(2);
    await createLead();
    await background();
    expect(signedWith(receiver.calls[0]!, secret)).toBe(true);
    expect(signedWith(receiver.calls[0]!, hook.secret)).toBe(false);
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', hook.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'rotate_secret']);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
  });

  it('sends each delivery once when two workers run at the same moment', async () => {
    await register({ eventTypes: ['lead.created'] });
    for (let i = 0; i < 12; i += 1) await createLead('repEast1', `并发${i}`);
    await world.app.services.jobs.runner.drain();
    const second = new WebhookDeliveryWorker(world.database, world.clock, new WebhookSender({ allowPrivateNetworks: true }), { batch: 5 });
    const reports = await Promise.all([world.app.services.webhooks.delivery.deliverDue(), second.deliverDue()]);
    expect(reports[0].delivered + reports[1].delivered).toBe(12);
    const ids = receiver.calls.map((c) => c.headers['x-closeloop-delivery']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('takes over a delivery whose sender died mid-send once its lease has run out, with the same delivery id', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    await createLead();
    await world.app.services.jobs.runner.drain();
    // What a process killed while sending leaves behind: the row claimed under a lease that has not run out yet.
    const leaseUntil = new Date(world.clock.now().getTime() + 5 * 60_000).toISOString();
    await world.database.db.updateTable('webhook_deliveries').set({ status: 'sending', claim: 'dead-process', lease_until: leaseUntil }).execute();
    expect(await world.app.services.webhooks.delivery.deliverDue()).toMatchObject({ delivered: 0 });
    world.clock.advance(5 * 60_000);
    expect(await world.app.services.webhooks.delivery.deliverDue()).toMatchObject({ delivered: 1 });
    const [delivery] = (await deliveriesOf(hook.id)).items;
    expect(receiver.calls.map((c) => c.headers['x-closeloop-delivery'])).toEqual([delivery.id]);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('pages through a webhook\'s deliveries newest first', async () => {
    const hook = await register({ eventTypes: ['lead.created'] });
    for (let i = 0; i < 5; i += 1) {
      await createLead('repEast1', `分页${i}`);
      world.clock.advance(1_000);
    }
    await background();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; createdAt: string }>; nextCursor: string | null } = await deliveriesOf(hook.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.createdAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort().reverse()).toEqual(seen);
  });
});

describe('webhook addresses in private networks', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld('sqlite');
  });
  afterAll(() => world.close());

  it('refuses loopback, private and link-local addresses unless the server allows them', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook', 'https://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://2130706433/']) {
      const res = await world.app.inject({ method: 'POST', url: '/api/v1/admin/webhooks', headers: { ...world.as('admin'), 'accept-language': 'zh-CN' }, payload: { url, eventTypes: '*' } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.fields['body.url'], url).toContain('WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true');
      expect(res.json().error.fields['body.url'], url).toContain('内网');
    }
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/admin/webhooks', headers: world.as('admin'), payload: { url: 'https://erp.example.cn/hook', eventTypes: '*' } });
    expect(res.statusCode).toBe(201);
  });
});
