/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The event backbone: a total order over the outbox (positions handed out after commit by one sequencer),
 * per-reaction checkpoints, effect keys that make replays harmless, durable timers, and the dead-letter list.
 * Same conventions as the foundation: text ids, ISO-8601 UTC text timestamps, JSON as text.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  // Null until the sequencer numbers the event; existing events are numbered on the first pass. The unique
  // index also finds the events still waiting for a number (`position is null`) on both engines.
  await db.schema.alterTable('events').addColumn('position', 'bigint').execute();
  await db.schema.createIndex('events_position').on('events').column('position').unique().execute();
  await db.schema.createIndex('events_type_position').on('events').columns(['type', 'position']).execute();

  // One row: the last position handed out. Its row lock is what makes the sequencer single on PostgreSQL.
  await db.schema
    .createTable('event_sequencer')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_position', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('event_sequencer').values({ id: 1, last_position: 0 }).execute();

  await db.schema
    .createTable('reaction_checkpoints')
    .addColumn('reaction', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reaction_effects')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('effect_key', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reaction_effects_pk', ['scope', 'effect_key'])
    .execute();

  await db.schema
    .createTable('timers')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull()) // when to try next: moves back after a failure
    .addColumn('scheduled_for', 'text', (c) => c.notNull()) // when it was armed for: what the handler is told
    .addColumn('payload', 'text', (c) => c.notNull())
    // Changes on every arm, so a firing never deletes a timer that was re-armed while it ran.
    .addColumn('revision', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('timers_pk', ['org_id', 'key'])
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['due_at', 'kind']).execute();

  await db.schema
    .createTable('dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // reaction | timer
    .addColumn('handler', 'text', (c) => c.notNull()) // the reaction's name or the timer's kind
    .addColumn('event_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('subject', 'text') // the event's subject, or the timer's key
    .addColumn('payload', 'text') // the timer's payload (an event's stays in the outbox)
    .addColumn('due_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('dead')) // dead | resolved
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('dead_letters_org_status').on('dead_letters').columns(['org_id', 'status', 'failed_at', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['dead_letters', 'timers', 'reaction_effects', 'reaction_checkpoints', 'event_sequencer']) {
    await db.schema.dropTable(table).execute();
  }
  for (const index of ['events_type_position', 'events_position']) await db.schema.dropIndex(index).execute();
  await db.schema.alterTable('events').dropColumn('position').execute();
}
