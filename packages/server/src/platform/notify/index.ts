/**
 * Notifications' public face (H2). The composition root creates one `NotificationCenter`; features call
 *
 *   await services.notifier.notify(write.tx, { orgId, recipients, template: 'import.finished', params, link, subject });
 *
 * in their transaction (a request's unit of work, or `ctx.tx` inside `ctx.once` in a reaction or timer). The
 * inbox row appears with the commit, open browsers get it over SSE (`live`), and `delivery` sends the email and
 * robot messages. A new kind of message is a template: its name in core (`notificationTemplates`) and its zh-CN
 * and en wording in templates.ts.
 */
import type { NotificationTemplate } from '@closeloop/core';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DatabaseHandle, Executor } from '../db/database.js';
import type { JobLog, Jobs } from '../jobs/index.js';
import { DingTalkClient } from './channels/dingtalk.js';
import { EmailChannel } from './channels/email.js';
import { WeComClient } from './channels/wecom.js';
import { DeliveryWorker } from './delivery.js';
import { LivePush } from './live-push.js';
import { Notifier, type Notified, type NotifyInput, type NotifyMessage } from './notifier.js';
import { inboxSignals, type InboxSignals, type RecordChange } from './signals.js';
import { registerRecordChanges } from './record-changes.js';

export class NotificationCenter {
  readonly live: LivePush;
  readonly delivery: DeliveryWorker;
  private readonly signals: InboxSignals;
  private readonly email: EmailChannel;
  private readonly notifier: Notifier;
  private log: JobLog | undefined;
  /** PostgreSQL: other processes serve streams too, which this one cannot count. */
  private readonly sharedDatabase: boolean;
  /** Background trouble (live push, the listening connection) goes to the app's logger once it has one. */
  private readonly forwardLog: JobLog = {
    warn: (details, message) => this.log?.warn(details, message),
    error: (details, message) => this.log?.error(details, message),
  };

  constructor(database: DatabaseHandle, clock: Clock, config: Config) {
    this.sharedDatabase = database.dialect === 'postgres';
    this.signals = inboxSignals(database, this.forwardLog);
    this.email = new EmailChannel(config);
    this.notifier = new Notifier(clock, this.signals, this.email.enabled);
    this.live = new LivePush(database, clock, this.signals, { sessionIdleMinutes: config.SESSION_IDLE_MINUTES }, this.forwardLog);
    this.delivery = new DeliveryWorker(database, clock, {
      email: this.email,
      dingtalk: new DingTalkClient(config.DINGTALK_BASE_URL),
      wecom: new WeComClient(config.WECOM_BASE_URL),
    }, this.signals, { publicUrl: config.PUBLIC_URL });
  }

  useLog(log: JobLog): void {
    this.log = log;
  }

  /** Tells `recipients` something, in the caller's transaction; see Notifier.notify. */
  notify<T extends NotificationTemplate>(tx: Executor, input: NotifyInput<T>): Promise<Notified[]> {
    return this.notifier.notify(tx, input);
  }

  /** Many messages of one template, each to its own recipients, written together; see Notifier.notifyEach. */
  notifyEach<T extends NotificationTemplate>(tx: Executor, orgId: string, template: T, messages: readonly NotifyMessage<T>[]): Promise<Notified[]> {
    return this.notifier.notifyEach(tx, orgId, template, messages);
  }

  /**
   * Open lists refresh live: committed CRM events become change hints for the streams that may see them. On SQLite
   * (one process) nothing is read for them while no stream is open here.
   */
  relayRecordChanges(jobs: Jobs): void {
    registerRecordChanges(jobs, this.signals, () => this.sharedDatabase || this.live.streamCount > 0);
  }

  /**
   * Hints, once `tx` commits, that records changed, to the open streams that may see them (`event: change`); for
   * features whose own reaction decides what changed (live sales figures). Skipped when no stream could hear it.
   */
  announceChanges(tx: Executor, orgId: string, changes: RecordChange[]): Promise<void> {
    if (changes.length === 0 || !this.changesHeard()) return Promise.resolve();
    return this.signals.announce(tx, { kind: 'records', orgId, changes });
  }

  /** Whether a change hint could reach anyone: another process listens (PostgreSQL) or a stream is open here. Lets a reaction skip reading what a hint needs. */
  changesHeard(): boolean {
    return this.sharedDatabase || this.live.streamCount > 0;
  }

  /** Tells the person's open streams (in every process) that their unread count changed. */
  readChanged(tx: Executor, userId: string): Promise<void> {
    return this.signals.announce(tx, { kind: 'read', userId });
  }

  /** Ends live streams and the background sender, and lets go of connections. */
  async close(): Promise<void> {
    this.live.closeAll();
    await this.delivery.stop();
    await this.signals.close();
    this.email.close();
  }
}

export type { NotifyInput, NotifyMessage, Notified } from './notifier.js';
export type { RecordChange } from './signals.js';
export type { TemplateParams } from './templates.js';
export type { DeliveryReport } from './delivery.js';
export { toNotificationView, type NotificationRow } from './notification-view.js';
export { channelsFor, parseChoices, quietHoursOf, type ChannelChoices, type QuietHours } from './preferences.js';
export { templates } from './templates.js';
export { maskedWebhook, robotKeyOf } from './robot-webhook.js';
