/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Outgoing webhooks (H5): the addresses an organisation's admins register, one delivery per webhook and event (a
 * queue with due times, so retries and back-off are rows, not timers in memory), and a log of every attempt.
 * Same conventions as the foundation: text ids and ISO-8601 times, 0/1 booleans, JSON as text.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull()) // JSON: "*" or ["lead.created", …]
    .addColumn('active', 'integer', (c) => c.notNull())
    // Needed in clear to sign; a credential like a robot's key (protect backups). Emptied when the webhook is deleted.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Deleted webhooks stay (their deliveries' log refers to them) but are invisible and never sent to.
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('webhooks_org').on('webhooks').columns(['org_id', 'active']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey()) // X-Closeloop-Delivery: the same on every attempt
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('event_id', 'text', (c) => c.notNull()) // the outbox event's id, or a test ping's own
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull()) // the exact JSON body, so every attempt sends the same bytes
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sending | delivered | failed | cancelled
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)) // every attempt, redeliveries included
    .addColumn('round_attempts', 'integer', (c) => c.notNull().defaultTo(0)) // attempts since queued or redelivered: the back-off step
    .addColumn('next_attempt_at', 'text') // set while pending
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_response_ms', 'integer')
    .addColumn('delivered_at', 'text')
    // A process that takes a delivery marks it with its claim and a lease; if it dies while sending, the lease runs
    // out and another process takes it again.
    .addColumn('claim', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One delivery per webhook and event: an event delivered to the reaction twice (a replay) queues nothing new.
  await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').columns(['webhook_id', 'event_id']).unique().execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_list').on('webhook_deliveries').columns(['webhook_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull()) // delivered | failed
    .addColumn('status_code', 'integer')
    .addColumn('response_ms', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text') // the start of the answer
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'attempt']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks']) await db.schema.dropTable(table).execute();
}
