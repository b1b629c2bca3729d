/**
 * The reaction that turns each published event into one queued delivery per active webhook of the event's own
 * organisation that subscribes to it. It only writes rows (in the reaction's transaction); the delivery worker
 * sends them after commit. The unique (webhook, event) index makes a replayed event queue nothing new, and a webhook
 * receives only events that happened after it was created.
 */
import { webhookEventTypes } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
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
  jobs.reactions.on(webhookEventTypes, fanOutReaction, (event, ctx) => fanOut(ctx.tx, [event], ctx.now), {
    // Behind a backlog: one read of the organisations' webhooks and one insert for many events.
    batch: (events, ctx) => fanOut(ctx.tx, events, ctx.now),
  });
}

/** Queues a delivery of each event to every active webhook of its organisation that subscribes to it and existed then. */
async function fanOut(tx: Executor, events: readonly DeliveredEvent[], now: string): Promise<void> {
  const orgIds = [...new Set(events.map((e) => e.orgId))];
  const hooks = await tx
    .selectFrom('webhooks')
    .select(['id', 'org_id', 'event_types', 'created_at'])
    .where('org_id', 'in', orgIds)
    .where('active', '=', 1)
    .where('deleted_at', 'is', null)
    .where('created_at', '<=', events.reduce((latest, e) => (e.createdAt > latest ? e.createdAt : latest), ''))
    .execute();
  if (hooks.length === 0) return;
  const rows = events.flatMap((event) => {
    const targets = hooks.filter((hook) => hook.org_id === event.orgId && hook.created_at <= event.createdAt && subscribes(hook.event_types, event.type));
    if (targets.length === 0) return [];
    const payload = JSON.stringify(eventEnvelope(event));
    return targets.map((hook) => ({
      id: newId(), org_id: event.orgId, webhook_id: hook.id, event_id: event.id, event_type: event.type, payload, status: 'pending',
      next_attempt_at: now, created_at: now, updated_at: now,
    }));
  });
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insertInto('webhook_deliveries').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing()).execute();
  }
}
