/** Webhook, delivery and attempt rows as the API shows them. The signing secret never leaves except through `withSecret`. */
import type { WebhookDeliveryAttemptView, WebhookDeliveryStatus, WebhookDeliveryView, WebhookView } from '@closeloop/core';
import type { Selectable } from 'kysely';
import type { WebhookAttemptTable, WebhookDeliveryTable, WebhookTable } from '../../platform/db/schema.js';
import { secretHint } from './signature.js';

export type WebhookRow = Selectable<WebhookTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;

export function toWebhook(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as WebhookView['eventTypes'],
    active: row.active === 1,
    secretHint: secretHint(row.secret),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a delivery list reads (not the payload). */
export const deliveryColumns = [
  'id', 'webhook_id', 'event_id', 'event_type', 'status', 'attempts', 'last_status_code', 'last_error', 'last_response_ms',
  'next_attempt_at', 'delivered_at', 'created_at', 'updated_at',
] as const;

export function toDelivery(row: Pick<WebhookDeliveryRow, (typeof deliveryColumns)[number]>): WebhookDeliveryView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastResponseMs: row.last_response_ms,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttempt(row: WebhookAttemptRow): WebhookDeliveryAttemptView {
  return {
    attempt: row.attempt,
    attemptedAt: row.attempted_at,
    outcome: row.outcome as WebhookDeliveryAttemptView['outcome'],
    statusCode: row.status_code,
    responseMs: row.response_ms,
    responseBody: row.response_body,
    error: row.error,
  };
}
