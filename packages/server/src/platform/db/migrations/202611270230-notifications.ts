/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Notifications (H2): the in-app inbox (one row per recipient), its outgoing deliveries per channel (a queue with
 * due times, so quiet hours, throttling and retries are rows, not timers in memory), each person's channel choices
 * and quiet hours, and the group robots an admin connects. Same conventions as the foundation.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    // Rendered once, in the recipient's language, so the inbox reads the same tomorrow as today.
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['recipient_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('notifications_unread')
    .on('notifications')
    .columns(['recipient_id', 'created_at', 'id'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
  await db.schema.createIndex('notifications_subject').on('notifications').columns(['org_id', 'subject_type', 'subject_id']).execute();

  await db.schema
    .createTable('notification_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id'))
    .addColumn('channel', 'text', (c) => c.notNull()) // email | dingtalk | wecom
    .addColumn('target', 'text', (c) => c.notNull()) // the email address, or the robot's id
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')) // pending | sending | sent | failed | cancelled
    .addColumn('due_at', 'text', (c) => c.notNull()) // when to try next: after quiet hours, a throttle wait, a back-off
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)) // failed tries (throttle answers not counted)
    .addColumn('throttled', 'integer', (c) => c.notNull().defaultTo(0)) // "sending too fast" answers in a row
    .addColumn('last_error', 'text')
    // A process that takes a delivery marks it with its claim and a lease; if it dies while sending, the lease
    // runs out and another process takes it again.
    .addColumn('claim', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_deliveries_due').on('notification_deliveries').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('notification_deliveries_notification').on('notification_deliveries').column('notification_id').execute();

  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('channels', 'text', (c) => c.notNull()) // { template: [email, dingtalk, ...] }, templates not named use their defaults
    .addColumn('quiet_start', 'text') // HH:mm in the organisation's time zone
    .addColumn('quiet_end', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_robots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // dingtalk | wecom
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('webhook_key', 'text', (c) => c.notNull()) // DingTalk access_token or WeCom key
    .addColumn('sign_secret', 'text') // DingTalk signing secret (SEC…)
    .addColumn('templates', 'text', (c) => c.notNull()) // the templates it posts; [] = every template
    // When each of the robot's last 20 messages went out: a slot is free again one minute after it was used.
    .addColumn('recent_sends', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_robots_org').on('notification_robots').columns(['org_id', 'kind']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['notification_robots', 'notification_settings', 'notification_deliveries', 'notifications']) {
    await db.schema.dropTable(table).execute();
  }
}
