/**
 * What admins do with webhooks: register, change, disable and delete them, rotate their signing secret, send a test
 * ping, read each one's deliveries and attempts, and redeliver one. The secret is a credential: it is shown only in
 * the answers to create and rotate, never listed, never audited. Like API tokens and group robots, this needs an
 * admin holding tokens.manage; everything is within the caller's organisation, and another organisation's webhook
 * answers 404 exactly like one that does not exist.
 */
import {
  AppError, webhookEventTypes, webhookPingType, type WebhookCreate, type WebhookDeliveryDetail, type WebhookDeliveryListQuery,
  type WebhookDeliveryView, type WebhookUpdate, type WebhookView, type WebhookWithSecret,
} from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { orgScope } from '../../platform/access/scope.js';
import type { Executor } from '../../platform/db/database.js';
import { pageOf } from '../../platform/http/pagination.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { privateHostOf } from './network-guard.js';
import { newWebhookSecret } from './signature.js';
import { deliveryColumns, toAttempt, toDelivery, toWebhook, type WebhookRow } from './views.js';

/** Each event is queued once per webhook: a cap keeps one organisation's fan-out bounded. */
export const maxWebhooksPerOrg = 20;

const shownAttempts = 50;

function requireWebhookAdmin(auth: AuthContext): void {
  requirePermission(auth, 'tokens.manage');
  if (auth.role !== 'admin') throw new AppError('FORBIDDEN');
}

/** The stored form of an event selection: "*", or the named types in the catalogue's order, each once. */
function storedSelection(selection: WebhookCreate['eventTypes']): string {
  if (selection === '*') return JSON.stringify('*');
  const named = new Set(selection);
  return JSON.stringify(webhookEventTypes.filter((type) => named.has(type)));
}

export class WebhookAdminService {
  constructor(
    private readonly db: Executor,
    private readonly policy: { allowPrivateNetworks: boolean },
  ) {}

  async list(auth: AuthContext): Promise<{ items: WebhookView[] }> {
    requireWebhookAdmin(auth);
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where(orgScope(auth, 'webhooks'))
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { items: rows.map(toWebhook) };
  }

  /** The catalogue of event types, for pickers and integrations that register their own webhook. */
  eventTypes(auth: AuthContext): { items: string[]; ping: string } {
    requireWebhookAdmin(auth);
    return { items: [...webhookEventTypes], ping: webhookPingType };
  }

  async get(auth: AuthContext, id: string): Promise<WebhookView> {
    requireWebhookAdmin(auth);
    return toWebhook(await this.existing(this.db, auth, id));
  }

  async create(write: Write, input: WebhookCreate): Promise<WebhookWithSecret> {
    requireWebhookAdmin(write.auth);
    this.requireReachable(input.url);
    const { count } = await write.tx
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where(orgScope(write.auth, 'webhooks'))
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(count) >= maxWebhooksPerOrg) {
      throw new AppError('CONFLICT', {
        detail: {
          en: `Your organisation already has ${maxWebhooksPerOrg} webhooks, the most there may be. Delete one it no longer needs, or subscribe an existing one to more events.`,
          'zh-CN': `贵公司已有 ${maxWebhooksPerOrg} 个 Webhook，已达上限。请删除不再需要的，或让现有的 Webhook 订阅更多事件。`,
        },
      });
    }
    const secret = newWebhookSecret();
    const row: WebhookRow = {
      id: newId(), org_id: write.auth.orgId, url: input.url, description: input.description, event_types: storedSelection(input.eventTypes),
      active: input.active ? 1 : 0, secret, version: 1, created_by: write.auth.userId, created_at: write.now, updated_at: write.now, deleted_at: null,
    };
    await write.tx.insertInto('webhooks').values(row).execute();
    const view = toWebhook(row);
    await write.audit({ action: 'create', entityType: 'webhook', entityId: row.id, after: view });
    return { ...view, secret };
  }

  async update(write: Write, id: string, patch: WebhookUpdate): Promise<WebhookView> {
    requireWebhookAdmin(write.auth);
    const current = await this.existing(write.tx, write.auth, id);
    requireVersion('webhook', current, patch.version);
    const next: WebhookRow = { ...current };
    if (patch.url !== undefined && patch.url !== current.url) {
      this.requireReachable(patch.url);
      next.url = patch.url;
    }
    if (patch.eventTypes !== undefined) next.event_types = storedSelection(patch.eventTypes);
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.active !== undefined) next.active = patch.active ? 1 : 0;
    const saved = await writeVersioned(write.tx, 'webhooks', 'webhook', current, next, write.now);
    if (current.active === 1 && saved.active === 0) await this.cancelWaiting(write, id, 'the webhook is disabled');
    const after = toWebhook(saved);
    const changed = diff(toWebhook(current), after);
    await write.audit({ action: 'update', entityType: 'webhook', entityId: id, before: changed.before, after: changed.after });
    return after;
  }

  /** Deletes a webhook: it is never sent to again and its waiting deliveries are cancelled. Its rows stay, without the secret. */
  async remove(write: Write, id: string): Promise<void> {
    requireWebhookAdmin(write.auth);
    const current = await this.existing(write.tx, write.auth, id);
    await write.tx
      .updateTable('webhooks')
      .set({ deleted_at: write.now, active: 0, secret: '', version: current.version + 1, updated_at: write.now })
      .where('id', '=', id)
      .execute();
    await this.cancelWaiting(write, id, 'the webhook was deleted');
    await write.audit({ action: 'delete', entityType: 'webhook', entityId: id, before: toWebhook(current) });
  }

  /** A new signing secret, in force at once: every later attempt, retries included, is signed with it. */
  async rotateSecret(write: Write, id: string): Promise<WebhookWithSecret> {
    requireWebhookAdmin(write.auth);
    const current = await this.existing(write.tx, write.auth, id);
    const secret = newWebhookSecret();
    const saved: WebhookRow = { ...current, secret, version: current.version + 1, updated_at: write.now };
    await write.tx.updateTable('webhooks').set({ secret, version: saved.version, updated_at: write.now }).where('id', '=', id).execute();
    const view = toWebhook(saved);
    await write.audit({ action: 'rotate_secret', entityType: 'webhook', entityId: id, before: { secretHint: toWebhook(current).secretHint }, after: { secretHint: view.secretHint } });
    return { ...view, secret };
  }

  /** Queues a test ping to this webhook alone (disabled or not); returns the delivery to send now. */
  async queuePing(write: Write, id: string): Promise<string> {
    requireWebhookAdmin(write.auth);
    const hook = await this.existing(write.tx, write.auth, id);
    const eventId = newId();
    const payload = {
      id: eventId, type: webhookPingType, occurredAt: write.now, orgId: write.auth.orgId,
      data: { id: hook.id, url: hook.url, eventTypes: JSON.parse(hook.event_types) as unknown, active: hook.active === 1 },
    };
    const deliveryId = newId();
    await write.tx.insertInto('webhook_deliveries').values({
      id: deliveryId, org_id: write.auth.orgId, webhook_id: hook.id, event_id: eventId, event_type: webhookPingType, payload: JSON.stringify(payload),
      status: 'pending', next_attempt_at: write.now, created_at: write.now, updated_at: write.now,
    }).execute();
    await write.audit({ action: 'test', entityType: 'webhook', entityId: hook.id, after: { deliveryId } });
    return deliveryId;
  }

  /** Queues a delivery again, with a fresh round of attempts, the same id and the same body; returns it to send now. */
  async queueRedelivery(write: Write, id: string, deliveryId: string): Promise<string> {
    requireWebhookAdmin(write.auth);
    const hook = await this.existing(write.tx, write.auth, id);
    const delivery = await this.deliveryRow(write.tx, write.auth, hook.id, deliveryId);
    if (hook.active !== 1 && delivery.event_type !== webhookPingType) {
      throw new AppError('CONFLICT', {
        detail: { en: 'This webhook is disabled. Enable it first, then redeliver.', 'zh-CN': '此 Webhook 已停用。请先启用，再重新投递。' },
      });
    }
    const requeued = await write.tx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: write.now, round_attempts: 0, delivered_at: null, claim: null, lease_until: null, updated_at: write.now })
      .where('id', '=', delivery.id)
      .where('status', '<>', 'sending')
      .executeTakeFirst();
    if (Number(requeued.numUpdatedRows) !== 1) {
      throw new AppError('CONFLICT', {
        detail: { en: 'This delivery is being sent right now. Wait for its result, then redeliver if it failed.', 'zh-CN': '此投递正在发送中。请等待结果，如失败再重新投递。' },
      });
    }
    await write.audit({ action: 'redeliver', entityType: 'webhook_delivery', entityId: delivery.id, before: { status: delivery.status, attempts: delivery.attempts } });
    return delivery.id;
  }

  /** A webhook's deliveries, newest first, a page at a time. */
  async deliveries(auth: AuthContext, id: string, query: WebhookDeliveryListQuery): Promise<{ items: WebhookDeliveryView[]; nextCursor: string | null }> {
    requireWebhookAdmin(auth);
    const hook = await this.existing(this.db, auth, id);
    let rows = this.db
      .selectFrom('webhook_deliveries')
      .select([...deliveryColumns])
      .where(orgScope(auth, 'webhook_deliveries'))
      .where('webhook_id', '=', hook.id);
    if (query.status) rows = rows.where('status', '=', query.status);
    const page = await pageOf(rows, { sort: 'createdAt:desc', cursor: query.cursor, limit: query.limit }, { createdAt: 'webhook_deliveries.created_at' }, 'webhook_deliveries.id');
    return { items: page.rows.map(toDelivery), nextCursor: page.nextCursor };
  }

  /** One delivery with the body it sends and its latest attempts. */
  async delivery(auth: AuthContext, id: string, deliveryId: string): Promise<WebhookDeliveryDetail> {
    requireWebhookAdmin(auth);
    const hook = await this.existing(this.db, auth, id);
    const row = await this.deliveryRow(this.db, auth, hook.id, deliveryId);
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', '=', row.id)
      .orderBy('attempt', 'desc')
      .orderBy('id', 'desc')
      .limit(shownAttempts)
      .execute();
    return { ...toDelivery(row), payload: JSON.parse(row.payload) as Record<string, unknown>, attemptLog: attempts.map(toAttempt) };
  }

  private async existing(db: Executor, auth: AuthContext, id: string): Promise<WebhookRow> {
    const row = await db.selectFrom('webhooks').selectAll().where(orgScope(auth, 'webhooks')).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'webhook' });
    return row;
  }

  private async deliveryRow(db: Executor, auth: AuthContext, webhookId: string, deliveryId: string) {
    const row = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where(orgScope(auth, 'webhook_deliveries'))
      .where('webhook_id', '=', webhookId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'webhook_delivery' });
    return row;
  }

  /** Waiting deliveries of a webhook that will not be sent: cancelled now, so its list says so at once. */
  private async cancelWaiting(write: Write, id: string, reason: string): Promise<void> {
    await write.tx
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled', last_error: reason, next_attempt_at: null, updated_at: write.now })
      .where('webhook_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Unless the server allows it, a webhook may not name a private network outright (see network-guard.ts). */
  private requireReachable(url: string): void {
    if (this.policy.allowPrivateNetworks) return;
    const host = privateHostOf(url);
    if (!host) return;
    throw new AppError('VALIDATION_FAILED', {}, {
      'body.url': {
        en: `${host} is in a private or loopback network; this server refuses such addresses unless its administrator sets WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true`,
        'zh-CN': `${host} 属于内网或本机地址；除非服务器管理员设置 WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true，否则不允许使用此类地址`,
      },
    });
  }
}
