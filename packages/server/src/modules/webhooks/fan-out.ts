/**
 * The reaction that turns each published event into one queued delivery per active webhook of the event's own
 * organisation that subscribes to it. It only writes rows (in the reaction's transaction); the delivery worker
 * sends them after commit. The unique (webhook, event) index makes a replayed event queue nothing new, and a webhook
 * receives only events that happened after it was created.
 */
import { webhookEventTypes } from '@closeloop/core';
import type { DeliveredEvent, Jobs } from '../../platform/jobs/index.js';
import { newId } from '../../platform/ids.js';

export const fanOutReaction = 'webhooks.fan-out';

/** The JSON body a receiver gets: the event, with `data.id` the record it is about and the rest its payload. */
export function eventEnvelope(event: Pick<DeliveredEvent, 'id' | 'type' | 'createdAt' | 'orgId' | 'subject' | 'payload'>): Record<string, unknown> {
  return { id: event.id, type: event.type, occurredAt: event.createdAt, orgId: event.orgId, data: { ...event.payload, id: event.subject } };
}

/** Whether a webhook's stored selection (JSON: "*" or a list) takes this event type. */
export function subscribes(eventTypes: string, type: string): boolean {
  const selection = JSON.parse(eventTypes) as '*' | string[];
  return selection === '*' || selection.includes(type);
}

export function registerFanOut(jobs: Jobs): void {
  jobs.reactions.on(webhookEventTypes, fanOutReaction, async (event, ctx) => {
    const hooks = await ctx.tx
      .selectFrom('webhooks')
      .select(['id', 'event_types'])
      .where('org_id', '=', event.orgId)
      .where('active', '=', 1)
      .where('deleted_at', 'is', null)
      .where('created_at', '<=', event.createdAt)
      .execute();
    const targets = hooks.filter((hook) => subscribes(hook.event_types, event.type));
    if (targets.length === 0) return;
    const payload = JSON.stringify(eventEnvelope(event));
    await ctx.tx
      .insertInto('webhook_deliveries')
      .values(
        targets.map((hook) => ({
          id: newId(), org_id: event.orgId, webhook_id: hook.id, event_id: event.id, event_type: event.type, payload, status: 'pending',
          next_attempt_at: ctx.now, created_at: ctx.now, updated_at: ctx.now,
        })),
      )
      .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
      .execute();
  });
}
