/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Talk tracks remember which starter-library script they began as, so "restore the starter library" adds only the
 * ones a company does not have (an edited or archived starter script is the company's choice and stays as it is).
 * How often reps mark each script is counted per script, so the tallies read the feedback by script and kind.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('talk_tracks').addColumn('starter_key', 'text').execute();
  // NULLs are distinct: any number of the company's own scripts, each starter script once per language.
  await db.schema.createIndex('talk_tracks_starter').on('talk_tracks').columns(['org_id', 'locale', 'starter_key']).unique().execute();
  await db.schema.createIndex('talk_track_feedback_tally').on('talk_track_feedback').columns(['talk_track_id', 'kind']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('talk_track_feedback_tally').execute();
  await db.schema.dropIndex('talk_tracks_starter').execute();
  await db.schema.alterTable('talk_tracks').dropColumn('starter_key').execute();
}
