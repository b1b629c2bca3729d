import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import { loadConfig } from '../config.js';
import { newId } from '../ids.js';
import { pruneOrganisation, registerRetention, type RetentionPolicy } from './index.js';

const policy: RetentionPolicy = { eventsDays: 30, effectKeysDays: 90, jobLogDays: 30, readNotificationsDays: 90 };
const day = 86_400_000;

describe.each(dialects)('retention on %s', (dialect) => {
  let bb: Backbone;
  beforeEach(async () => {
    // Shanghai prunes at 03:30 local = 19:30Z; the clock starts on Monday 2 November 2026, 01:00Z.
    bb = await createBackbone(dialect, [{ id: 'org_sh', timeZone: 'Asia/Shanghai' }, { id: 'org_other', timeZone: 'Asia/Shanghai' }]);
  });
  afterEach(async () => {
    await bb.close();
  });

  /** Moves the clock on a day at a time, letting the runner do each night's work. */
  const live = async (days: number) => {
    for (let i = 0; i < days; i += 1) {
      bb.clock.advance(day);
      await bb.jobs.runner.drain();
    }
  };
  const subjects = async (orgId = 'org_sh') =>
    (await bb.database.db.selectFrom('events').select('subject').where('org_id', '=', orgId).orderBy('position').execute()).map((r) => r.subject);
  const count = async (table: 'reaction_effects' | 'notification_deliveries' | 'webhook_deliveries' | 'dead_letters' | 'notifications', orgId = 'org_sh') =>
    Number((await bb.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);

  it('deletes an event a whole retention period after every reaction passed it, and never one a dead letter needs', async () => {
    registerRetention(bb.jobs, policy);
    bb.jobs.reactions.on('lead.created', 'test.picky', async (event) => {
      if (event.subject === 'POISON') throw new Error('cannot handle this one');
    }, { maxAttempts: 1 });
    // A reaction another server version runs: its checkpoint is still at the start.
    await bb.database.db.insertInto('reaction_checkpoints').values({ reaction: 'test.lagging', position: 0, updated_at: bb.clock.now().toISOString() }).execute();
    await bb.write({ type: 'lead.created', subject: 'L1' }, { type: 'lead.created', subject: 'POISON' }, { type: 'lead.created', subject: 'L2' });
    await bb.jobs.runner.drain();
    expect(await count('dead_letters')).toBe(1);

    await live(10);
    expect(await subjects()).toEqual(['L1', 'POISON', 'L2']); // held back by the lagging reaction
    await bb.database.db.updateTable('reaction_checkpoints').set({ position: 3 }).where('reaction', '=', 'test.lagging').execute();
    await bb.write({ type: 'lead.created', subject: 'L3' }); // too young to go with the others

    await live(29); // day 39: the lagging reaction passed them 29 days ago
    expect(await subjects()).toEqual(['L1', 'POISON', 'L2', 'L3']);
    await live(2); // day 41: a night more than 30 days after it passed them
    expect(await subjects()).toEqual(['POISON', 'L3']);

    // Once its dead letter is resolved the poison event goes the next night; L3 goes 30 days after the lagging
    // reaction passes it too.
    await bb.database.db.updateTable('dead_letters').set({ status: 'resolved', resolved_at: bb.clock.now().toISOString() }).execute();
    await bb.database.db.updateTable('reaction_checkpoints').set({ position: 4 }).where('reaction', '=', 'test.lagging').execute();
    await live(1);
    expect(await subjects()).toEqual(['L3']);
    await live(29);
    expect(await subjects()).toEqual(['L3']);
    await live(1);
    expect(await subjects()).toEqual([]);
  });

  it('keeps effect keys 90 days and the job log 30, and leaves what is still to do alone', async () => {
    registerRetention(bb.jobs, policy);
    bb.jobs.reactions.on('lead.created', 'test.once', async (event, ctx) => void (await ctx.once(`welcome:${event.subject}`, async () => undefined)));
    await bb.write({ type: 'lead.created', subject: 'L1' });
    await bb.jobs.runner.drain();
    const recipient = await person('org_sh');
    const notification = await notificationFor(recipient, { read: false });
    await delivery(notification, 'sent');
    await delivery(notification, 'cancelled');
    await delivery(notification, 'pending');
    await deadLetter('org_sh', 'resolved');
    await deadLetter('org_sh', 'dead');

    await live(29);
    expect([await count('notification_deliveries'), await count('dead_letters'), await count('reaction_effects')]).toEqual([3, 2, 1]);
    await live(2);
    const left = await bb.database.db.selectFrom('notification_deliveries').select('status').execute();
    expect(left).toEqual([{ status: 'pending' }]);
    expect((await bb.database.db.selectFrom('dead_letters').select('status').execute())).toEqual([{ status: 'dead' }]);
    expect(await count('reaction_effects')).toBe(1);
    expect(await count('notifications')).toBe(1); // unread: it stays
    await live(60);
    expect(await count('reaction_effects')).toBe(0);
    expect(await count('notification_deliveries')).toBe(1);
  });

  it('deletes finished webhook deliveries and their attempts after 30 days, never one still to be sent', async () => {
    registerRetention(bb.jobs, policy);
    const hook = await webhook('org_sh');
    await webhookDelivery(hook, 'delivered');
    await webhookDelivery(hook, 'failed');
    await webhookDelivery(hook, 'cancelled');
    const waiting = await webhookDelivery(hook, 'pending');
    await live(29);
    expect(await count('webhook_deliveries')).toBe(4);
    await live(2);
    expect((await bb.database.db.selectFrom('webhook_deliveries').select('id').execute()).map((r) => r.id)).toEqual([waiting]);
    expect((await bb.database.db.selectFrom('webhook_attempts').select('delivery_id').execute()).map((r) => r.delivery_id)).toEqual([waiting]);
  });

  it('deletes read notifications after 90 days with their finished deliveries, never unread ones or those still being sent', async () => {
    registerRetention(bb.jobs, policy);
    const recipient = await person('org_sh');
    const read = await notificationFor(recipient, { read: true });
    await delivery(read, 'sent');
    const unread = await notificationFor(recipient, { read: false });
    const waiting = await notificationFor(recipient, { read: true });
    await delivery(waiting, 'pending'); // quiet hours, say: not finished
    await live(89);
    expect(await count('notifications')).toBe(3);
    await live(2);
    const ids = (await bb.database.db.selectFrom('notifications').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(ids).toEqual([unread, waiting].sort());
  });

  it('goes on in further short transactions when a night has more than one batch', async () => {
    registerRetention(bb.jobs, policy, { batch: 2 });
    const recipient = await person('org_sh');
    const notification = await notificationFor(recipient, { read: false });
    for (let i = 0; i < 5; i += 1) await delivery(notification, 'sent');
    await live(31);
    expect(await count('notification_deliveries')).toBe(0);
    expect(await bb.database.db.selectFrom('timers').select('key').where('key', '=', 'retention:more').execute()).toEqual([]);
  });

  it('prunes one organisation\'s rows only', async () => {
    for (const orgId of ['org_sh', 'org_other']) {
      const notification = await notificationFor(await person(orgId), { read: true });
      await delivery(notification, 'sent');
      await deadLetter(orgId, 'resolved');
    }
    bb.clock.advance(100 * day);
    const report = await bb.database.db.transaction().execute((tx) => pruneOrganisation(tx, 'org_sh', bb.clock.now(), policy));
    expect(report).toMatchObject({ notifications: 1, deliveries: 1, deadLetters: 1, more: false });
    expect([await count('notifications', 'org_other'), await count('notification_deliveries', 'org_other'), await count('dead_letters', 'org_other')]).toEqual([1, 1, 1]);
  });

  const person = async (orgId: string) => {
    const id = newId();
    const at = bb.clock.now().toISOString();
    await bb.database.db.insertInto('users').values({
      id, org_id: orgId, name: '张伟', email: `${id}@test.closeloop.cn`, phone: null, phone_normal: null, role: 'rep', team_id: null, data_scope: 'own',
      password_hash: 'not a real hash', locked_until: null, created_at: at, updated_at: at,
    }).execute();
    return { id, orgId };
  };
  const notificationFor = async (recipient: { id: string; orgId: string }, { read }: { read: boolean }) => {
    const id = newId();
    const at = bb.clock.now().toISOString();
    await bb.database.db.insertInto('notifications').values({
      id, org_id: recipient.orgId, recipient_id: recipient.id, template: 'system.test', params: '{}', locale: 'zh-CN', title: '测试', body: '测试',
      link: null, subject_type: null, subject_id: null, created_at: at, read_at: read ? at : null,
    }).execute();
    return id;
  };
  const delivery = async (notificationId: string, status: string) => {
    const at = bb.clock.now().toISOString();
    const { org_id } = await bb.database.db.selectFrom('notifications').select('org_id').where('id', '=', notificationId).executeTakeFirstOrThrow();
    await bb.database.db.insertInto('notification_deliveries').values({
      id: newId(), org_id, notification_id: notificationId, channel: 'email', target: 'someone@example.cn', status, due_at: at, last_error: null,
      claim: null, lease_until: null, sent_at: status === 'sent' ? at : null, created_at: at, updated_at: at,
    }).execute();
  };
  const webhook = async (orgId: string) => {
    const id = newId();
    const at = bb.clock.now().toISOString();
    await bb.database.db.insertInto('webhooks').values({
      id, org_id: orgId, url: 'https://erp.example.cn/closeloop/events', description: '', event_types: '"*"', active: 1, secret: `whsec_${id}`,
      version: 1, created_by: null, created_at: at, updated_at: at, deleted_at: null,
    }).execute();
    return { id, orgId };
  };
  /** A delivery in `status` with one attempt logged. */
  const webhookDelivery = async (hook: { id: string; orgId: string }, status: string) => {
    const id = newId();
    const at = bb.clock.now().toISOString();
    await bb.database.db.insertInto('webhook_deliveries').values({
      id, org_id: hook.orgId, webhook_id: hook.id, event_id: newId(), event_type: 'lead.created', payload: '{}', status, attempts: 1, round_attempts: 1,
      next_attempt_at: status === 'pending' ? at : null, last_status_code: 500, last_error: 'the receiver answered HTTP 500', last_response_ms: 10,
      delivered_at: status === 'delivered' ? at : null, claim: null, lease_until: null, created_at: at, updated_at: at,
    }).execute();
    await bb.database.db.insertInto('webhook_attempts').values({
      id: newId(), org_id: hook.orgId, delivery_id: id, attempt: 1, attempted_at: at, outcome: status === 'delivered' ? 'delivered' : 'failed',
      status_code: 500, response_ms: 10, response_body: null, error: null,
    }).execute();
    return id;
  };
  const deadLetter = async (orgId: string, status: 'dead' | 'resolved') => {
    const at = bb.clock.now().toISOString();
    await bb.database.db.insertInto('dead_letters').values({
      id: newId(), org_id: orgId, source: 'timer', handler: 'test.timer', event_id: null, event_type: null, subject: 'k', payload: '{}', due_at: at,
      attempts: 8, last_error: 'Error: no', status, failed_at: at, resolved_at: status === 'resolved' ? at : null, resolved_by: null,
    }).execute();
  };
});

describe('retention settings', () => {
  it('keeps effect keys at least as long as events, or forever', () => {
    expect(() => loadConfig({ RETENTION_EVENTS_DAYS: '30', RETENTION_EFFECT_KEYS_DAYS: '10' })).toThrow(/RETENTION_EFFECT_KEYS_DAYS \(10\) must be 0 \(keep forever\) or at least RETENTION_EVENTS_DAYS \(30\)/);
    expect(() => loadConfig({ RETENTION_EVENTS_DAYS: '0', RETENTION_EFFECT_KEYS_DAYS: '90' })).toThrow(/RETENTION_EFFECT_KEYS_DAYS/);
    expect(loadConfig({ RETENTION_EVENTS_DAYS: '0', RETENTION_EFFECT_KEYS_DAYS: '0' })).toMatchObject({ RETENTION_EVENTS_DAYS: 0, RETENTION_EFFECT_KEYS_DAYS: 0 });
    expect(loadConfig({})).toMatchObject({ RETENTION_EVENTS_DAYS: 30, RETENTION_EFFECT_KEYS_DAYS: 90, RETENTION_JOB_LOG_DAYS: 30, RETENTION_READ_NOTIFICATIONS_DAYS: 90 });
  });
});
