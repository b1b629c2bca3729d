/**
 * `notify`: the one way the product tells people something (H2).
 *
 *   await notifier.notify(write.tx, {
 *     orgId, recipients: [rep.id, manager.id], template: 'lead.silence', params: { ... },
 *     link: `/leads/${lead.id}`, subject: { type: 'lead', id: lead.id },
 *   });
 *
 * It writes in the caller's transaction: one inbox row per recipient (rendered in their language) and one queued
 * delivery per further channel they receive the template on. Nothing leaves the building before the transaction
 * commits; a rollback leaves no trace. After commit, open browsers get it over SSE at once and the delivery worker
 * sends the email and robot messages (after the recipient's quiet hours, within each robot's rate limit).
 *
 * Call it from a request's unit of work, or from a reaction or timer (ctx.tx) inside `ctx.once(...)` so a replay
 * never notifies twice.
 */
import type { Locale, NotificationChannel, NotificationTemplate, OptionalChannel } from '@closeloop/core';
import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { newId } from '../ids.js';
import { channelsFor, parseChoices, quietHoursOf, quietUntil } from './preferences.js';
import type { InboxSignals } from './signals.js';
import { renderMessage, templates, type TemplateParams } from './templates.js';

export interface NotifyInput<T extends NotificationTemplate> {
  orgId: string;
  /** User ids of the organisation; people who are disabled (or not in it) are left out. */
  recipients: readonly string[];
  template: T;
  params: TemplateParams[T];
  /** A path inside the app, e.g. `/leads/01JD…`; emails and robots link to it under PUBLIC_URL. */
  link?: string;
  /** The record it is about. */
  subject?: { type: string; id: string };
}

/** One message of a batch (`notifyEach`): its own recipients, parameters, link and subject. */
export type NotifyMessage<T extends NotificationTemplate> = Omit<NotifyInput<T>, 'orgId' | 'template'>;

export interface Notified {
  id: string;
  recipientId: string;
  /** The inbox, then each channel a delivery was queued on. */
  channels: NotificationChannel[];
}

interface Recipient {
  id: string;
  locale: string;
  email: string;
  channels: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
}

export class Notifier {
  constructor(
    private readonly clock: Clock,
    private readonly signals: InboxSignals,
    private readonly emailEnabled: boolean,
  ) {}

  async notify<T extends NotificationTemplate>(tx: Executor, input: NotifyInput<T>): Promise<Notified[]> {
    const { orgId, template, ...message } = input;
    return this.notifyEach(tx, orgId, template, [message]);
  }

  /**
   * Many messages of one template in one go, each to its own recipients (a sweep telling hundreds of people about
   * their own leads): the people, the robots and the time zone are read once and the rows written in a few statements.
   */
  async notifyEach<T extends NotificationTemplate>(tx: Executor, orgId: string, template: T, messages: readonly NotifyMessage<T>[]): Promise<Notified[]> {
    for (const { link } of messages) {
      if (link !== undefined && !/^\/(?!\/)/.test(link)) throw new Error(`notify: link must be a path inside the app, not "${link}"`);
    }
    const ids = [...new Set(messages.flatMap((m) => m.recipients))];
    if (ids.length === 0) return [];
    const people = new Map((await this.recipients(tx, orgId, ids)).map((person) => [person.id, person]));
    if (people.size === 0) return [];
    const org = await tx.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow();
    const robots = await this.robotsFor(tx, orgId, template);
    const now = this.clock.now();
    const at = now.toISOString();
    const respectsQuiet = templates[template].quietHours === 'respect';

    const notifications = [];
    const deliveries = [];
    const notified: Notified[] = [];
    for (const input of messages) {
      // In the order the caller named them, so inbox rows and deliveries are written in a predictable order.
      for (const person of [...new Set(input.recipients)].flatMap((id) => people.get(id) ?? [])) {
        const locale: Locale = person.locale === 'en' ? 'en' : 'zh-CN';
        const message = renderMessage(template, locale, input.params);
        const id = newId();
        notifications.push({
          id, org_id: orgId, recipient_id: person.id, template, params: JSON.stringify(input.params), locale,
          title: message.title, body: message.body, link: input.link ?? null, subject_type: input.subject?.type ?? null,
          subject_id: input.subject?.id ?? null, created_at: at, read_at: null,
        });
        const held = respectsQuiet ? quietUntil(now, quietHoursOf(person), org.time_zone) : null;
        const dueAt = (held ?? now).toISOString();
        const queued: OptionalChannel[] = [];
        for (const channel of channelsFor(template, parseChoices(person.channels))) {
          const targets = channel === 'email' ? (this.emailEnabled && person.email ? [person.email] : []) : robots[channel];
          for (const target of targets) {
            deliveries.push({ id: newId(), org_id: orgId, notification_id: id, channel, target, due_at: dueAt, last_error: null, claim: null, lease_until: null, sent_at: null, created_at: at, updated_at: at });
          }
          if (targets.length > 0) queued.push(channel);
        }
        notified.push({ id, recipientId: person.id, channels: ['inApp', ...queued] });
      }
    }
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < notifications.length; i += 500) await tx.insertInto('notifications').values(notifications.slice(i, i + 500)).execute();
    for (let i = 0; i < deliveries.length; i += 500) await tx.insertInto('notification_deliveries').values(deliveries.slice(i, i + 500)).execute();
    await this.signals.announce(tx, { kind: 'created', items: notified.map((n) => [n.id, n.recipientId]) });
    return notified;
  }

  private async recipients(tx: Executor, orgId: string, ids: string[]): Promise<Recipient[]> {
    const found: Recipient[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await tx
        .selectFrom('users')
        .leftJoin('notification_settings', 'notification_settings.user_id', 'users.id')
        .select(['users.id', 'users.locale', 'users.email', 'notification_settings.channels', 'notification_settings.quiet_start', 'notification_settings.quiet_end'])
        .where('users.org_id', '=', orgId)
        .where('users.status', '=', 'active')
        .where('users.id', 'in', ids.slice(i, i + 500))
        .execute();
      found.push(...rows);
    }
    return found;
  }

  /** The organisation's robots of each kind that post this template. */
  private async robotsFor(tx: Executor, orgId: string, template: NotificationTemplate): Promise<Record<'dingtalk' | 'wecom', string[]>> {
    const rows = await tx.selectFrom('notification_robots').select(['id', 'kind', 'templates']).where('org_id', '=', orgId).orderBy('id').execute();
    const out: Record<'dingtalk' | 'wecom', string[]> = { dingtalk: [], wecom: [] };
    for (const row of rows) {
      const accepted = JSON.parse(row.templates) as string[];
      if ((row.kind === 'dingtalk' || row.kind === 'wecom') && (accepted.length === 0 || accepted.includes(template))) out[row.kind].push(row.id);
    }
    return out;
  }
}
