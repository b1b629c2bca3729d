/**
 * Outgoing webhooks (H5): the events an organisation's admins can have posted to their own systems, and the shapes
 * of a webhook, its deliveries and their attempts. An event type becomes part of this public contract only when it
 * is listed here: receivers depend on its name and payload, so publishing one is a decision, not a side effect.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import type { LocalisedText } from '../platform/errors.js';
import { addLocalisedIssue } from '../platform/localised-issue.js';

/** Every domain event a webhook can subscribe to (the `type` of the delivered payload). */
export const webhookEventTypes = [
  'customer.created', 'customer.updated', 'customer.archived', 'customer.restored', 'customer.merged',
  'lead.created', 'lead.updated', 'lead.archived', 'lead.restored', 'lead.merged',
  'contact.created', 'contact.updated', 'contact.archived', 'contact.restored',
  'activity.logged', 'activity.updated', 'activity.archived', 'activity.restored',
  'product.created', 'product.updated', 'product.archived', 'product.restored',
  'price_policy.created', 'price_policy.updated', 'price_policy.archived', 'price_policy.restored',
  'user.created', 'user.updated', 'user.password_reset',
  'team.created', 'team.updated',
  'region.created', 'region.updated',
  'api_token.created', 'api_token.revoked',
  'screening.opened', 'screening.completed',
  'silence.raised', 'silence.resolved',
  // The document flow (B1–B3): payloads documented in docs/api.md, "Webhooks: document and payment events".
  'contract.created', 'contract.updated', 'contract.submitted', 'contract.signed', 'contract.rejected', 'contract.revised', 'contract.voided', 'contract.completed',
  'receipt.registered', 'receipt.updated', 'receipt.voided',
  'payment.confirmed', 'payment.refunded', 'payment.voided',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What a test ping is delivered as; sent only to the webhook it tests, whatever it subscribes to. */
export const webhookPingType = 'webhook.ping';

export const webhookDeliveryStatuses = ['pending', 'sending', 'delivered', 'failed', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

const maxUrlLength = 2000;

/**
 * Why a webhook address cannot be used, in every language; null when it can. Whether it may point into a private
 * network is the server's setting, checked there.
 */
export function webhookUrlProblem(raw: string): LocalisedText | null {
  if (raw.length === 0) return { en: 'required: the https:// address that receives the events', 'zh-CN': '必填：接收事件的 https:// 地址' };
  if (raw.length > maxUrlLength) return { en: `too long (at most ${maxUrlLength} characters)`, 'zh-CN': `过长（最多 ${maxUrlLength} 个字符）` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { en: 'not a web address (e.g. https://erp.example.cn/closeloop/events)', 'zh-CN': '不是有效的网址（例如 https://erp.example.cn/closeloop/events）' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    const scheme = url.protocol.replace(/:$/, '');
    return { en: `must start with https:// (or http://), not ${scheme}:`, 'zh-CN': `必须以 https://（或 http://）开头，不能是 ${scheme}:` };
  }
  if (url.username || url.password) {
    return {
      en: 'must not contain a user name or password: it would be shown to every admin; verify the X-Closeloop-Signature header instead',
      'zh-CN': '不能包含用户名或密码（所有管理员都能看到网址）；请改为校验 X-Closeloop-Signature 签名',
    };
  }
  if (url.hash) return { en: 'must not contain a #fragment (it is never sent)', 'zh-CN': '不能包含 # 片段（它不会被发送）' };
  return null;
}

export const webhookUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) addLocalisedIssue(ctx, problem);
  })
  .meta({ description: 'Where events are POSTed: an https:// (or http://) address', example: 'https://erp.example.cn/closeloop/events' });

const knownTypes = new Set<string>(webhookEventTypes);

export const webhookEventSelection = z
  .union([z.literal('*'), z.array(z.string().max(60)).min(1).max(webhookEventTypes.length)])
  .superRefine((value, ctx) => {
    if (value === '*') return;
    value.forEach((type, index) => {
      if (!knownTypes.has(type)) {
        addLocalisedIssue(ctx, {
          en: `"${type}" is not an event type; use "*" for all, or names such as lead.created (GET /api/v1/admin/webhooks/event-types lists them)`,
          'zh-CN': `“${type}”不是事件类型；用 "*" 表示全部，或填写 lead.created 之类的名称（GET /api/v1/admin/webhooks/event-types 可列出全部）`,
        }, [index]);
      }
    });
  })
  .meta({ description: '"*" for every event type (present and future ones listed here), or a list of event types' });

const description = z.string().trim().max(200);

export const webhookCreate = z
  .strictObject({
    url: webhookUrl,
    eventTypes: webhookEventSelection,
    description: description.default(''),
    active: z.boolean().default(true),
  })
  .meta({ example: { url: 'https://erp.example.cn/closeloop/events', eventTypes: ['lead.created', 'customer.created'], description: 'ERP 客户同步', active: true } });
export type WebhookCreate = z.infer<typeof webhookCreate>;

export const webhookUpdate = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: webhookEventSelection.optional(),
    description: description.optional(),
    active: z.boolean().optional().meta({ description: 'false: no new deliveries; those waiting are cancelled (redeliver them once it is on again)' }),
    version: z.number().int().min(1),
  })
  .meta({ example: { version: 1, eventTypes: '*', active: false } });
export type WebhookUpdate = z.infer<typeof webhookUpdate>;

const webhookExample = {
  id: '01JD0000000000000000000030', url: 'https://erp.example.cn/closeloop/events', description: 'ERP 客户同步',
  eventTypes: ['lead.created', 'customer.created'], active: true, secretHint: 'whsec_••••x7Qa', version: 1,
  createdAt: '2026-11-26T08:30:00.000Z', updatedAt: '2026-11-26T08:30:00.000Z',
};

export const webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.union([z.literal('*'), z.array(z.string())]),
    active: z.boolean(),
    secretHint: z.string().meta({ description: 'The signing secret with all but its last 4 characters hidden' }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ example: webhookExample });
export type WebhookView = z.infer<typeof webhook>;

export const webhookWithSecret = webhook
  .extend({ secret: z.string().meta({ description: 'The signing secret. Shown only in this answer: store it now' }) })
  .meta({ example: { ...webhookExample, secret: 'whsec_Jm2Vb0n8cQ5yXr1kT4wZpL6dH9sF3gA7eU0iO2tx7Qa' } });
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;

export const webhookEventTypeList = z
  .object({ items: z.array(z.string()), ping: z.string().meta({ description: 'The type a test ping is sent as' }) })
  .meta({ example: { items: ['customer.created', 'lead.created'], ping: webhookPingType } });

export const webhookDeliveryListQuery = z.strictObject({
  status: z.enum(webhookDeliveryStatuses).optional().meta({ description: 'Only deliveries in this state; all when absent' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListQuery>;

export const webhookDeliveryParams = z.strictObject({ id: idSchema, deliveryId: idSchema });

export const webhookDelivery = z
  .object({
    id: z.string().meta({ description: 'Sent as X-Closeloop-Delivery; the same on every attempt, so receivers can drop repeats' }),
    webhookId: z.string(),
    eventId: z.string().meta({ description: 'The payload\'s id' }),
    eventType: z.string(),
    status: z.enum(webhookDeliveryStatuses).meta({
      description: 'pending: waiting for its (next) attempt; sending: an attempt is under way; delivered: a 2xx answer; failed: every attempt failed; cancelled: the webhook was disabled or deleted',
    }),
    attempts: z.number().int().meta({ description: 'Attempts made so far, redeliveries included' }),
    lastStatusCode: z.number().int().nullable().meta({ description: 'The HTTP status of the last attempt; null when it got no answer' }),
    lastError: z.string().nullable(),
    lastResponseMs: z.number().int().nullable().meta({ description: 'How long the last attempt took, in ms' }),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000031', webhookId: '01JD0000000000000000000030', eventId: '01JD0000000000000000000005',
      eventType: 'lead.created', status: 'pending', attempts: 2, lastStatusCode: 500, lastError: 'the receiver answered HTTP 500',
      lastResponseMs: 84, nextAttemptAt: '2026-11-26T09:05:00.000Z', deliveredAt: null, createdAt: '2026-11-26T08:59:00.000Z',
      updatedAt: '2026-11-26T09:00:00.000Z',
    },
  });
export type WebhookDeliveryView = z.infer<typeof webhookDelivery>;

export const webhookDeliveryAttempt = z.object({
  attempt: z.number().int(),
  attemptedAt: z.string(),
  outcome: z.enum(['delivered', 'failed']),
  statusCode: z.number().int().nullable(),
  responseMs: z.number().int(),
  responseBody: z.string().nullable().meta({ description: 'The start of the receiver\'s answer (up to 1,000 characters)' }),
  error: z.string().nullable(),
});
export type WebhookDeliveryAttemptView = z.infer<typeof webhookDeliveryAttempt>;

export const webhookDeliveryDetail = webhookDelivery
  .extend({
    payload: z.record(z.string(), z.unknown()).meta({ description: 'The JSON body as sent: { id, type, occurredAt, orgId, data }' }),
    attemptLog: z.array(webhookDeliveryAttempt).meta({ description: 'The latest attempts, newest first (at most 50)' }),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000031', webhookId: '01JD0000000000000000000030', eventId: '01JD0000000000000000000005',
      eventType: 'lead.created', status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null, lastResponseMs: 43,
      nextAttemptAt: null, deliveredAt: '2026-11-26T09:00:00.000Z', createdAt: '2026-11-26T08:59:00.000Z', updatedAt: '2026-11-26T09:00:00.000Z',
      payload: {
        id: '01JD0000000000000000000005', type: 'lead.created', occurredAt: '2026-11-26T08:58:59.000Z', orgId: '01JD0000000000000000000001',
        data: { id: '01JD0000000000000000000006', ownerId: '01JD0000000000000000000002', source: 'web', stage: 'new' },
      },
      attemptLog: [
        { attempt: 2, attemptedAt: '2026-11-26T09:00:00.000Z', outcome: 'delivered', statusCode: 200, responseMs: 43, responseBody: 'ok', error: null },
        { attempt: 1, attemptedAt: '2026-11-26T08:59:00.000Z', outcome: 'failed', statusCode: 500, responseMs: 84, responseBody: 'database is down', error: 'the receiver answered HTTP 500' },
      ],
    },
  });
export type WebhookDeliveryDetail = z.infer<typeof webhookDeliveryDetail>;
