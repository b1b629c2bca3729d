/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Retention: the daily prune of delivered events, old effect keys, finished deliveries, resolved dead letters
 * and old read notifications. `event_retention_marks` remembers how far every reaction's checkpoint had come at
 * each prune, so an event is deleted only once every reaction passed it a whole retention period ago. The
 * indexes let each organisation's prune find its old rows without reading the tables whole.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('event_retention_marks')
    .addColumn('taken_at', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull()) // every reaction's checkpoint was at or past it then
    .execute();
  await db.schema.createIndex('reaction_effects_org_created').on('reaction_effects').columns(['org_id', 'created_at']).execute();
  await db.schema
    .createIndex('notifications_read_created')
    .on('notifications')
    .columns(['org_id', 'created_at'])
    .where(sql.ref('read_at'), 'is not', null)
    .execute();
  await db.schema.createIndex('notification_deliveries_finished').on('notification_deliveries').columns(['org_id', 'status', 'updated_at']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const index of ['notification_deliveries_finished', 'notifications_read_created', 'reaction_effects_org_created']) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.dropTable('event_retention_marks').execute();
}
