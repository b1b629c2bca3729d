/**
 * Sends the queued email and robot deliveries. A delivery row is the queue entry: it is due at `due_at`, and every
 * reason to wait (quiet hours, a robot's rate, a back-off) is a later `due_at`, so nothing waits in memory and
 * nothing is dropped.
 *
 * A pass claims due rows in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, so processes take different
 * rows), marks them `sending` under a lease, and commits; the slow part, talking to SMTP or a robot, happens outside
 * any transaction; the outcome is written back only if the claim is still ours. A process that dies while sending
 * leaves its rows to be taken again when the lease runs out, so a message may (rarely) be sent twice, never lost.
 *
 * Time comes from the injected clock: tests call `deliverDue()` after moving a ManualClock; `start()` is for servers.
 */
import type { NotificationTemplate } from '@closeloop/core';
import type { Clock } from '../clock.js';
import type { DatabaseHandle, Executor } from '../db/database.js';
import { newSecret } from '../ids.js';
import type { JobLog } from '../jobs/index.js';
import type { DingTalkClient } from './channels/dingtalk.js';
import type { EmailChannel } from './channels/email.js';
import type { OutgoingMessage, SendOutcome } from './channels/outcome.js';
import type { WeComClient } from './channels/wecom.js';
import { quietHoursOf, quietUntil } from './preferences.js';
import { takeRobotToken, throttledBackoffMs } from './robot-throttle.js';
import type { InboxSignals } from './signals.js';
import { templates } from './templates.js';

export interface DeliveryChannels {
  email: EmailChannel;
  dingtalk: DingTalkClient;
  wecom: WeComClient;
}

export interface DeliveryOptions {
  /** Links in messages are made absolute under it; without it messages carry no link. */
  publicUrl?: string | undefined;
  batch?: number;
  /** How long a claimed delivery is ours before another process may take it again. */
  leaseMs?: number;
  /** Failed tries (throttle answers aside) before a delivery is given up as failed. */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  /** Held for quiet hours or for a robot's rate. */
  deferred: number;
  /** The robot answered "too fast": tried again after a wait. */
  throttled: number;
  /** A passing failure: tried again after a back-off. */
  retried: number;
  failed: number;
  /** Nothing to do any more: the recipient was disabled or the robot removed. */
  cancelled: number;
}

interface Claimed {
  id: string;
  claim: string;
  channel: string;
  target: string;
  attempts: number;
  throttled: number;
  message: OutgoingMessage;
  robot: { webhookKey: string; signSecret: string | null } | null;
}

type DueRow = { id: string; notification_id: string; channel: string; target: string; attempts: number; throttled: number };

const emptyReport = (): DeliveryReport => ({ sent: 0, deferred: 0, throttled: 0, retried: 0, failed: 0, cancelled: 0 });

/** 30 s, 1 min, 2 min … up to an hour between tries of a passing failure. */
export const retryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

export class DeliveryWorker {
  private loop: { stopped: boolean; busy: boolean; again: boolean; wait: NodeJS.Timeout | undefined; pass: Promise<void>; pollMs: number; log: JobLog | undefined } | undefined;
  private unlisten: (() => void) | undefined;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly channels: DeliveryChannels,
    private readonly signals: InboxSignals,
    private readonly options: DeliveryOptions = {},
  ) {
    this.batch = options.batch ?? 50;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  /** Sends everything due now, batch after batch, and reports what happened. */
  async deliverDue(log?: JobLog): Promise<DeliveryReport> {
    const report = emptyReport();
    for (let round = 0; round < 1000; round += 1) {
      const { seen, claimed } = await this.claimDue(report);
      if (claimed.length > 0) await this.sendAll(claimed, report, log);
      if (seen < this.batch) break;
    }
    return report;
  }

  /** Runs passes in the background: at once when a notification is committed, otherwise every `pollMs`. */
  start(options: { pollMs: number; log?: JobLog }): void {
    if (this.loop) return;
    this.loop = { stopped: false, busy: false, again: false, wait: undefined, pass: Promise.resolve(), pollMs: options.pollMs, log: options.log };
    this.unlisten = this.signals.listen((signal) => {
      // New notifications (or possibly missed ones) have deliveries to send; reads and record changes have none.
      if (signal.kind === 'created' || signal.kind === 'resync') this.kick();
    });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.wait);
    this.unlisten?.();
    this.unlisten = undefined;
    await loop.pass;
    this.loop = undefined;
  }

  private kick(): void {
    const loop = this.loop;
    if (!loop || loop.stopped) return;
    if (loop.busy) loop.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    const loop = this.loop!;
    clearTimeout(loop.wait);
    loop.wait = setTimeout(() => {
      loop.wait = undefined;
      loop.pass = this.pass();
    }, ms);
    loop.wait.unref();
  }

  private async pass(): Promise<void> {
    const loop = this.loop!;
    loop.busy = true;
    loop.again = false;
    try {
      await this.deliverDue(loop.log);
    } catch (error) {
      loop.log?.error({ err: error }, 'notification delivery pass failed; trying again');
    }
    loop.busy = false;
    if (!loop.stopped) this.schedule(loop.again ? 0 : loop.pollMs);
  }

  /** Takes up to one batch of due deliveries: holds what must wait, claims what may go now. */
  private claimDue(report: DeliveryReport): Promise<{ seen: number; claimed: Claimed[] }> {
    const postgres = this.database.dialect === 'postgres';
    return this.database.db.transaction().execute(async (tx) => {
      const now = this.clock.now();
      const at = now.toISOString();
      const due: DueRow[] = await tx
        .selectFrom('notification_deliveries')
        .select(['id', 'notification_id', 'channel', 'target', 'attempts', 'throttled'])
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', at)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', at)]),
          ]),
        )
        .orderBy('due_at')
        .orderBy('id')
        .limit(this.batch)
        .$if(postgres, (q) => q.forUpdate().skipLocked())
        .execute();
      if (due.length === 0) return { seen: 0, claimed: [] };

      const contexts = new Map(
        (
          await tx
            .selectFrom('notifications')
            .innerJoin('users', 'users.id', 'notifications.recipient_id')
            .innerJoin('orgs', 'orgs.id', 'notifications.org_id')
            .leftJoin('notification_settings', 'notification_settings.user_id', 'notifications.recipient_id')
            .select([
              'notifications.id', 'notifications.template', 'notifications.locale', 'notifications.title', 'notifications.body',
              'notifications.link', 'users.name', 'users.phone_normal', 'users.status', 'notification_settings.quiet_start',
              'notification_settings.quiet_end', 'orgs.time_zone',
            ])
            .where('notifications.id', 'in', [...new Set(due.map((d) => d.notification_id))])
            .execute()
        ).map((c) => [c.id, c]),
      );
      const robotIds = [...new Set(due.filter((d) => d.channel !== 'email').map((d) => d.target))];
      // Locked in id order, so two processes never wait on each other's robots in opposite orders.
      const robots = new Map(
        robotIds.length === 0
          ? []
          : (
              await tx
                .selectFrom('notification_robots')
                .select(['id', 'webhook_key', 'sign_secret', 'recent_sends'])
                .where('id', 'in', robotIds)
                .orderBy('id')
                .$if(postgres, (q) => q.forUpdate())
                .execute()
            ).map((r) => [r.id, { ...r, spent: JSON.parse(r.recent_sends) as string[], dirty: false }]),
      );

      const claimed: Claimed[] = [];
      const lease = new Date(now.getTime() + this.leaseMs).toISOString();
      for (const row of due) {
        const context = contexts.get(row.notification_id);
        if (!context || context.status !== 'active') {
          await this.finish(tx, row.id, { status: 'cancelled', last_error: 'the recipient is no longer active' }, at);
          report.cancelled += 1;
          continue;
        }
        const respectsQuiet = templates[context.template as NotificationTemplate]?.quietHours !== 'ignore';
        const heldUntil = respectsQuiet ? quietUntil(now, quietHoursOf(context), context.time_zone) : null;
        if (heldUntil) {
          await this.finish(tx, row.id, { status: 'pending', due_at: heldUntil.toISOString() }, at);
          report.deferred += 1;
          continue;
        }
        let robot: Claimed['robot'] = null;
        if (row.channel !== 'email') {
          const found = robots.get(row.target);
          if (!found) {
            await this.finish(tx, row.id, { status: 'cancelled', last_error: 'the robot was removed' }, at);
            report.cancelled += 1;
            continue;
          }
          const token = takeRobotToken(found.spent, now);
          found.spent = token.spent;
          found.dirty = true;
          if (!token.granted) {
            await this.finish(tx, row.id, { status: 'pending', due_at: token.freeAt.toISOString() }, at);
            report.deferred += 1;
            continue;
          }
          robot = { webhookKey: found.webhook_key, signSecret: found.sign_secret };
        }
        const claim = newSecret();
        await tx.updateTable('notification_deliveries').set({ status: 'sending', claim, lease_until: lease, updated_at: at }).where('id', '=', row.id).execute();
        claimed.push({
          id: row.id, claim, channel: row.channel, target: row.target, attempts: row.attempts, throttled: row.throttled, robot,
          message: {
            locale: context.locale === 'en' ? 'en' : 'zh-CN',
            title: context.title,
            body: context.body,
            link: context.link && this.options.publicUrl ? new URL(context.link, this.options.publicUrl).toString() : null,
            recipient: { name: context.name, phone: context.phone_normal && /^1[3-9]\d{9}$/.test(context.phone_normal) ? context.phone_normal : null },
          },
        });
      }
      for (const [id, robot] of robots) {
        if (robot.dirty) await tx.updateTable('notification_robots').set({ recent_sends: JSON.stringify(robot.spent) }).where('id', '=', id).execute();
      }
      return { seen: due.length, claimed };
    });
  }

  /** Sends the claimed deliveries: one target's messages in order, different targets side by side. */
  private async sendAll(claimed: Claimed[], report: DeliveryReport, log?: JobLog): Promise<void> {
    const byTarget = new Map<string, Claimed[]>();
    for (const item of claimed) byTarget.set(`${item.channel}:${item.target}`, [...(byTarget.get(`${item.channel}:${item.target}`) ?? []), item]);
    await Promise.all(
      [...byTarget.values()].map(async (queue) => {
        for (const item of queue) {
          let outcome: SendOutcome;
          try {
            outcome = await this.send(item);
          } catch (error) {
            outcome = { kind: 'retry', detail: error instanceof Error ? error.message : String(error) };
          }
          await this.record(item, outcome, report, log);
        }
      }),
    );
  }

  private send(item: Claimed): Promise<SendOutcome> {
    switch (item.channel) {
      case 'email':
        return this.channels.email.send(item.target, item.message);
      case 'dingtalk':
        return this.channels.dingtalk.send({ accessToken: item.robot!.webhookKey, signSecret: item.robot!.signSecret }, item.message, this.clock.now());
      case 'wecom':
        return this.channels.wecom.send({ key: item.robot!.webhookKey }, item.message);
      default:
        return Promise.resolve({ kind: 'failed', detail: `unknown channel ${item.channel}` });
    }
  }

  private async record(item: Claimed, outcome: SendOutcome, report: DeliveryReport, log?: JobLog): Promise<void> {
    const now = this.clock.now();
    const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
    let changes: Parameters<DeliveryWorker['finish']>[2];
    switch (outcome.kind) {
      case 'sent':
        changes = { status: 'sent', sent_at: now.toISOString(), last_error: null, throttled: 0 };
        report.sent += 1;
        break;
      case 'throttled': {
        const inARow = item.throttled + 1;
        changes = { status: 'pending', throttled: inARow, due_at: later(throttledBackoffMs(inARow)), last_error: outcome.detail };
        report.throttled += 1;
        break;
      }
      case 'retry': {
        const attempts = item.attempts + 1;
        const giveUp = attempts >= this.maxAttempts;
        changes = giveUp
          ? { status: 'failed', attempts, last_error: outcome.detail }
          : { status: 'pending', attempts, due_at: later(retryDelayMs(attempts)), last_error: outcome.detail };
        report[giveUp ? 'failed' : 'retried'] += 1;
        break;
      }
      case 'failed':
        changes = { status: 'failed', attempts: item.attempts + 1, last_error: outcome.detail };
        report.failed += 1;
        break;
    }
    if (changes.status === 'failed') log?.warn({ deliveryId: item.id, channel: item.channel, error: outcome.kind === 'sent' ? null : outcome.detail }, 'notification delivery failed');
    await this.finish(this.database.db, item.id, changes, now.toISOString(), item.claim);
  }

  /** Writes a delivery's next state and releases its claim; with `claim`, only if the claim is still ours. */
  private async finish(
    db: Executor,
    id: string,
    changes: { status: string; due_at?: string; attempts?: number; throttled?: number; last_error?: string | null; sent_at?: string },
    at: string,
    claim?: string,
  ): Promise<void> {
    await db
      .updateTable('notification_deliveries')
      .set({ ...changes, claim: null, lease_until: null, updated_at: at })
      .where('id', '=', id)
      .$if(claim !== undefined, (q) => q.where('claim', '=', claim!))
      .execute();
  }
}
