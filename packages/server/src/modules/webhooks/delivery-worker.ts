/**
 * Sends queued webhook deliveries. A delivery row is the queue entry: due at `next_attempt_at`, and every back-off is
 * a later `next_attempt_at`, so nothing waits in memory and a restart loses nothing.
 *
 * A pass claims due rows in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, so processes take different
 * rows), marks them `sending` under a lease and commits; the POST happens outside any transaction (a slow receiver
 * must not hold SQLite's writer or a PostgreSQL row lock); the outcome and the attempt's log row are written back only
 * if the claim is still ours. A process that dies mid-send leaves its rows to be taken again when the lease runs out,
 * so a receiver may (rarely) get a delivery twice — with the same X-Closeloop-Delivery id, which it can drop.
 *
 * Why not a timer per delivery: a timer's handler runs inside the runner's transaction, and a 10 s HTTP call there
 * would block every other write on SQLite. The runner fills this queue (fan-out.ts); this worker empties it.
 *
 * Time comes from the injected clock: tests call `deliverDue()` after moving a ManualClock; `start()` is for servers.
 */
import { webhookPingType } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { newId, newSecret } from '../../platform/ids.js';
import type { JobLog } from '../../platform/jobs/index.js';
import { nextRetryDelayMs } from './retry-schedule.js';
import type { SendResult, WebhookSender } from './sender.js';
import { webhookSignature } from './signature.js';

export interface WebhookDeliveryReport {
  delivered: number;
  /** Failed, and queued again after a back-off. */
  retried: number;
  /** Failed for the last time. */
  failed: number;
  /** Not sent: the webhook was disabled or deleted meanwhile. */
  cancelled: number;
}

export interface WorkerOptions {
  batch?: number;
  /** How long a claimed delivery is ours before another process may take it again. */
  leaseMs?: number;
}

interface Claimed {
  id: string;
  claim: string;
  orgId: string;
  webhookId: string;
  eventType: string;
  payload: string;
  attempts: number;
  roundAttempts: number;
  url: string;
  secret: string;
}

const emptyReport = (): WebhookDeliveryReport => ({ delivered: 0, retried: 0, failed: 0, cancelled: 0 });

export class WebhookDeliveryWorker {
  private loop: { stopped: boolean; wait: NodeJS.Timeout | undefined; pass: Promise<void> } | undefined;
  private readonly batch: number;
  private readonly leaseMs: number;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly sender: WebhookSender,
    options: WorkerOptions = {},
  ) {
    this.batch = options.batch ?? 50;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  /** Sends everything due now, batch after batch, and reports what happened. */
  async deliverDue(log?: JobLog): Promise<WebhookDeliveryReport> {
    const report = emptyReport();
    for (let round = 0; round < 1000; round += 1) {
      const { seen, claimed } = await this.claimDue(report);
      if (claimed.length > 0) await this.sendAll(claimed, report, log);
      if (seen < this.batch) break;
    }
    return report;
  }

  /** Sends one delivery now if it is due and nobody else is sending it (a test ping, a redelivery). */
  async sendNow(deliveryId: string, log?: JobLog): Promise<WebhookDeliveryReport> {
    const report = emptyReport();
    const { claimed } = await this.claimDue(report, deliveryId);
    if (claimed.length > 0) await this.sendAll(claimed, report, log);
    return report;
  }

  /** Runs passes in the background: straight on while there was work, otherwise every `pollMs`. */
  start(options: { pollMs: number; log?: JobLog }): void {
    if (this.loop) return;
    const loop: NonNullable<WebhookDeliveryWorker['loop']> = { stopped: false, wait: undefined, pass: Promise.resolve() };
    const pass = async (): Promise<void> => {
      let busy = false;
      try {
        const report = await this.deliverDue(options.log);
        busy = Object.values(report).some((n) => n > 0);
      } catch (error) {
        options.log?.error({ err: error }, 'webhook delivery pass failed; trying again');
      }
      if (loop.stopped) return;
      loop.wait = setTimeout(() => {
        loop.pass = pass();
      }, busy ? 0 : options.pollMs);
      loop.wait.unref();
    };
    this.loop = loop;
    loop.pass = pass();
  }

  /** Stops the loop and waits for the pass in progress (its POSTs end within their timeout). */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.wait);
    await loop.pass;
    this.loop = undefined;
  }

  /** Takes up to one batch of due deliveries (or just `onlyId`): cancels what may no longer go, claims the rest. */
  private claimDue(report: WebhookDeliveryReport, onlyId?: string): Promise<{ seen: number; claimed: Claimed[] }> {
    const postgres = this.database.dialect === 'postgres';
    return this.database.db.transaction().execute(async (tx) => {
      const now = this.clock.now();
      const at = now.toISOString();
      const due = await tx
        .selectFrom('webhook_deliveries')
        .select(['id', 'org_id', 'webhook_id', 'event_type', 'payload', 'attempts', 'round_attempts'])
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', at)]),
          ]),
        )
        .$if(onlyId !== undefined, (q) => q.where('id', '=', onlyId!))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(this.batch)
        .$if(postgres, (q) => q.forUpdate().skipLocked())
        .execute();
      if (due.length === 0) return { seen: 0, claimed: [] };

      const hooks = new Map(
        (
          await tx
            .selectFrom('webhooks')
            .select(['id', 'org_id', 'url', 'secret', 'active', 'deleted_at'])
            .where('id', 'in', [...new Set(due.map((d) => d.webhook_id))])
            .execute()
        ).map((h) => [h.id, h]),
      );
      const claimed: Claimed[] = [];
      const lease = new Date(now.getTime() + this.leaseMs).toISOString();
      for (const row of due) {
        const hook = hooks.get(row.webhook_id);
        // The org check is belt and braces: a delivery is only ever queued for a webhook of the event's organisation.
        if (!hook || hook.deleted_at !== null || hook.org_id !== row.org_id) {
          await this.cancel(tx, row.id, 'the webhook was deleted', at);
          report.cancelled += 1;
          continue;
        }
        if (hook.active !== 1 && row.event_type !== webhookPingType) {
          await this.cancel(tx, row.id, 'the webhook is disabled', at);
          report.cancelled += 1;
          continue;
        }
        const claim = newSecret();
        await tx.updateTable('webhook_deliveries').set({ status: 'sending', claim, lease_until: lease, updated_at: at }).where('id', '=', row.id).execute();
        claimed.push({
          id: row.id, claim, orgId: row.org_id, webhookId: row.webhook_id, eventType: row.event_type, payload: row.payload,
          attempts: row.attempts, roundAttempts: row.round_attempts, url: hook.url, secret: hook.secret,
        });
      }
      return { seen: due.length, claimed };
    });
  }

  /** One webhook's deliveries one after another (a receiver is not flooded), different webhooks side by side. */
  private async sendAll(claimed: Claimed[], report: WebhookDeliveryReport, log?: JobLog): Promise<void> {
    const byWebhook = new Map<string, Claimed[]>();
    for (const item of claimed) byWebhook.set(item.webhookId, [...(byWebhook.get(item.webhookId) ?? []), item]);
    await Promise.all(
      [...byWebhook.values()].map(async (queue) => {
        for (const item of queue) {
          const attemptedAt = this.clock.now();
          let result: SendResult;
          try {
            result = await this.post(item, attemptedAt);
          } catch (error) {
            result = { statusCode: null, responseMs: 0, responseBody: null, error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
          }
          await this.record(item, attemptedAt, result, report, log);
        }
      }),
    );
  }

  /** Signs at the moment of sending: every attempt carries a fresh timestamp, the body and delivery id stay the same. */
  private post(item: Claimed, at: Date): Promise<SendResult> {
    const timestamp = Math.floor(at.getTime() / 1000);
    return this.sender.post(item.url, {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Closeloop-Webhooks/1',
      'X-Closeloop-Event': item.eventType,
      'X-Closeloop-Delivery': item.id,
      'X-Closeloop-Timestamp': String(timestamp),
      'X-Closeloop-Signature': webhookSignature(item.secret, timestamp, item.payload),
    }, item.payload);
  }

  private async record(item: Claimed, attemptedAt: Date, result: SendResult, report: WebhookDeliveryReport, log?: JobLog): Promise<void> {
    const now = this.clock.now();
    const at = now.toISOString();
    const attempts = item.attempts + 1;
    const round = item.roundAttempts + 1;
    const delivered = result.error === null;
    const retryIn = delivered ? null : nextRetryDelayMs(round, item.eventType);
    const status = delivered ? 'delivered' : retryIn === null ? 'failed' : 'pending';
    await this.database.db.transaction().execute(async (tx) => {
      const saved = await tx
        .updateTable('webhook_deliveries')
        .set({
          status, attempts, round_attempts: round, last_status_code: result.statusCode, last_error: result.error, last_response_ms: result.responseMs,
          next_attempt_at: retryIn === null ? null : new Date(now.getTime() + retryIn).toISOString(),
          delivered_at: delivered ? at : null, claim: null, lease_until: null, updated_at: at,
        })
        .where('id', '=', item.id)
        .where('claim', '=', item.claim)
        .executeTakeFirst();
      // A claim lost to another process (this one stalled past its lease) is that process's to record.
      if (Number(saved.numUpdatedRows) !== 1) return;
      await tx.insertInto('webhook_attempts').values({
        id: newId(), org_id: item.orgId, delivery_id: item.id, attempt: attempts, attempted_at: attemptedAt.toISOString(),
        outcome: delivered ? 'delivered' : 'failed', status_code: result.statusCode, response_ms: result.responseMs,
        response_body: result.responseBody, error: result.error,
      }).execute();
    });
    report[status === 'pending' ? 'retried' : status] += 1;
    if (status === 'failed') {
      log?.warn({ deliveryId: item.id, webhookId: item.webhookId, eventType: item.eventType, attempts, error: result.error }, 'webhook delivery failed');
    }
  }

  private async cancel(tx: Executor, id: string, reason: string, at: string): Promise<void> {
    await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled', last_error: reason, next_attempt_at: null, claim: null, lease_until: null, updated_at: at })
      .where('id', '=', id)
      .execute();
  }
}
