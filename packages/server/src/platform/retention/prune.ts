/**
 * One organisation's prune: rows the product no longer needs, oldest first, at most `limit` of each kind per call
 * so that one transaction stays short (the caller comes back for the rest).
 *
 * - events every reaction passed a retention period ago, except those a dead letter may still be retried with;
 * - effect keys (`ctx.once`) older than theirs;
 * - the job log: notification deliveries that are done (sent, failed, cancelled), webhook deliveries that are done
 *   (delivered, failed, cancelled) with their attempts, and dead letters resolved by a retry;
 * - notifications their recipient read, with their (finished) deliveries.
 * Never: unread notifications, deliveries still to be sent, unresolved dead letters and the events they name, the
 * audit log.
 */
import type { Executor } from '../db/database.js';
import { prunablePosition } from './event-marks.js';

export interface RetentionPolicy {
  /** Days, each; 0 keeps forever. */
  eventsDays: number;
  effectKeysDays: number;
  jobLogDays: number;
  readNotificationsDays: number;
}

export interface PruneReport {
  events: number;
  effectKeys: number;
  deliveries: number;
  webhookDeliveries: number;
  deadLetters: number;
  notifications: number;
  /** Some kind reached the limit: there is probably more to prune. */
  more: boolean;
}

const day = 86_400_000;
const finishedDelivery = ['sent', 'failed', 'cancelled'];
const finishedWebhookDelivery = ['delivered', 'failed', 'cancelled'];
// Bound parameters per statement stay under SQLite's limit.
const chunk = 500;

export async function pruneOrganisation(tx: Executor, orgId: string, now: Date, policy: RetentionPolicy, limit = 5_000): Promise<PruneReport> {
  const before = (days: number) => new Date(now.getTime() - days * day).toISOString();
  const report: PruneReport = { events: 0, effectKeys: 0, deliveries: 0, webhookDeliveries: 0, deadLetters: 0, notifications: 0, more: false };

  if (policy.eventsDays > 0) {
    const upTo = await prunablePosition(tx, now, policy.eventsDays * day);
    if (upTo > 0) {
      report.events = await deleted(
        tx.deleteFrom('events').where('id', 'in', (eb) =>
          eb
            .selectFrom('events')
            .select('id')
            .where('org_id', '=', orgId)
            .where('position', '<=', upTo)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom('dead_letters').select('dead_letters.id').whereRef('dead_letters.event_id', '=', 'events.id').where('dead_letters.status', '=', 'dead'))),
            )
            .orderBy('position')
            .limit(limit),
        ),
      );
    }
  }

  if (policy.effectKeysDays > 0) {
    report.effectKeys = await deleted(
      tx.deleteFrom('reaction_effects').where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('scope', 'effect_key'),
          'in',
          selectFrom('reaction_effects')
            .select(['scope', 'effect_key'])
            .where('org_id', '=', orgId)
            .where('created_at', '<', before(policy.effectKeysDays))
            .limit(limit)
            .$asTuple('scope', 'effect_key'),
        ),
      ),
    );
  }

  if (policy.jobLogDays > 0) {
    const cutoff = before(policy.jobLogDays);
    report.deliveries = await deleted(
      tx.deleteFrom('notification_deliveries').where('id', 'in', (eb) =>
        eb
          .selectFrom('notification_deliveries')
          .select('id')
          .where('org_id', '=', orgId)
          .where('status', 'in', finishedDelivery)
          .where('updated_at', '<', cutoff)
          .limit(limit),
      ),
    );
    const webhookDeliveryIds = (
      await tx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('org_id', '=', orgId)
        .where('status', 'in', finishedWebhookDelivery)
        .where('updated_at', '<', cutoff)
        .limit(limit)
        .execute()
    ).map((r) => r.id);
    for (let i = 0; i < webhookDeliveryIds.length; i += chunk) {
      const some = webhookDeliveryIds.slice(i, i + chunk);
      await tx.deleteFrom('webhook_attempts').where('delivery_id', 'in', some).execute();
      report.webhookDeliveries += await deleted(tx.deleteFrom('webhook_deliveries').where('id', 'in', some));
    }
    report.deadLetters = await deleted(
      tx.deleteFrom('dead_letters').where('id', 'in', (eb) =>
        eb.selectFrom('dead_letters').select('id').where('org_id', '=', orgId).where('status', '=', 'resolved').where('resolved_at', '<', cutoff).limit(limit),
      ),
    );
  }

  if (policy.readNotificationsDays > 0) {
    const ids = (
      await tx
        .selectFrom('notifications')
        .select('id')
        .where('org_id', '=', orgId)
        .where('read_at', 'is not', null)
        .where('created_at', '<', before(policy.readNotificationsDays))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('notification_deliveries')
                .select('notification_deliveries.id')
                .whereRef('notification_deliveries.notification_id', '=', 'notifications.id')
                .where('notification_deliveries.status', 'not in', finishedDelivery),
            ),
          ),
        )
        .limit(limit)
        .execute()
    ).map((r) => r.id);
    for (let i = 0; i < ids.length; i += chunk) {
      const some = ids.slice(i, i + chunk);
      report.deliveries += await deleted(tx.deleteFrom('notification_deliveries').where('notification_id', 'in', some));
      report.notifications += await deleted(tx.deleteFrom('notifications').where('id', 'in', some));
    }
  }

  report.more = [report.events, report.effectKeys, report.deliveries, report.webhookDeliveries, report.deadLetters, report.notifications].some((n) => n >= limit);
  return report;
}

async function deleted(query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirst()).numDeletedRows);
}
