/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The lead steward (A2–A7): company settings, the open next action on a lead and the one planned with each activity,
 * the activity's summary, screening cards, talk tracks with reps' feedback, silence alerts and the weekly health
 * reports. Same conventions as the foundation: text ids, ISO-8601 UTC times, JSON as text.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('steward_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('settings', 'text', (c) => c.notNull()) // JSON: core stewardSettingsSchema
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A lead's open next action (the one planned by its latest activity) and its screening outcome.
  for (const [column, type] of [
    ['next_action_kind', 'text'], ['next_action_due_at', 'text'], ['next_action_note', 'text'],
    ['intent_level', 'text'], ['cadence_days', 'integer'],
  ] as const) {
    await db.schema.alterTable('leads').addColumn(column, type).execute();
  }
  // The silence sweep reads open leads by stage and last action; closed, archived and merged leads never go silent.
  await db.schema
    .createIndex('leads_silence')
    .on('leads')
    .columns(['org_id', 'stage', 'last_activity_at'])
    .where(sql<boolean>`status = 'active' and merged_into is null and stage not in ('won', 'lost')`)
    .execute();

  // What each activity planned next, and what the capture made of its text.
  for (const [column, type] of [
    ['next_action_kind', 'text'], ['next_action_due_at', 'text'], ['next_action_note', 'text'],
    ['summary', 'text'], // JSON: core activity summary (key points, commitments, dates, amounts)
    ['capture', 'text'], // typed | dictated | audio
  ] as const) {
    await db.schema.alterTable('activities').addColumn(column, type).execute();
  }

  await db.schema
    .createTable('screening_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('lead_id', 'text', (c) => c.notNull().unique().references('leads.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // open | completed
    .addColumn('opened_at', 'text', (c) => c.notNull()) // the first contact
    .addColumn('remind_at', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    .addColumn('answers', 'text', (c) => c.notNull()) // JSON: the facts and tags the rep confirmed
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screening_cards_owner').on('screening_cards').columns(['org_id', 'owner_id', 'status']).execute();

  await db.schema
    .createTable('talk_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull()) // zh-CN | en
    // Matching rules: the lead facts this script fits; [] = any.
    .addColumn('industries', 'text', (c) => c.notNull())
    .addColumn('budget_bands', 'text', (c) => c.notNull())
    .addColumn('decision_chains', 'text', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('talk_tracks_org').on('talk_tracks').columns(['org_id', 'status', 'locale']).execute();
  await db.schema
    .createTable('talk_track_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('talk_track_id', 'text', (c) => c.notNull().references('talk_tracks.id'))
    .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // used | helpful | not_helpful
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One mark of each kind per person, script and lead: pressing "helpful" twice counts once.
  await db.schema.createIndex('talk_track_feedback_once').on('talk_track_feedback').columns(['talk_track_id', 'lead_id', 'user_id', 'kind']).unique().execute();

  await db.schema
    .createTable('silence_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('silent_since', 'text', (c) => c.notNull()) // the lead's last action when the alert was raised
    .addColumn('threshold_hours', 'integer', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull()) // JSON: last activities, stage, open next action
    .addColumn('suggested_track_id', 'text', (c) => c.references('talk_tracks.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // open | resolved
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text') // what ended the silence: the activity's id, or 'closed' / 'archived'
    .execute();
  // One alert per silence: the same lead silent since the same moment is raised once, whatever restarts or reruns.
  await db.schema.createIndex('silence_alerts_once').on('silence_alerts').columns(['lead_id', 'silent_since']).unique().execute();
  await db.schema.createIndex('silence_alerts_open').on('silence_alerts').columns(['org_id', 'status', 'team_id', 'raised_at']).execute();

  await db.schema
    .createTable('lead_health_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('rep_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('week', 'text', (c) => c.notNull()) // the report's Friday, YYYY-MM-DD in the company's time zone
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull()) // JSON: per stage its colour, counts and the rule behind it
    .execute();
  await db.schema.createIndex('lead_health_reports_once').on('lead_health_reports').columns(['rep_id', 'week']).unique().execute();
  await db.schema.createIndex('lead_health_reports_week').on('lead_health_reports').columns(['org_id', 'week', 'team_id']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['lead_health_reports', 'silence_alerts', 'talk_track_feedback', 'talk_tracks', 'screening_cards', 'steward_settings']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('leads_silence').execute();
  for (const column of ['next_action_kind', 'next_action_due_at', 'next_action_note', 'summary', 'capture']) {
    await db.schema.alterTable('activities').dropColumn(column).execute();
  }
  for (const column of ['next_action_kind', 'next_action_due_at', 'next_action_note', 'intent_level', 'cadence_days']) {
    await db.schema.alterTable('leads').dropColumn(column).execute();
  }
}
