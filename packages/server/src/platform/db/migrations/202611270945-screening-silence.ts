/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Screening cards and silence alerts at scale (A2, A5): how far the silence sweep has looked per organisation and
 * stage, which alerts still wait to be told, and the recent completed cards a company's common tags come from.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  // Per organisation and open stage: every lead last touched at or before `swept_to` has been looked at, so a sweep
  // reads only the leads that fell silent since the last one (an index range, not the whole pool).
  await db.schema
    .createTable('silence_sweep_marks')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('swept_to', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('silence_sweep_marks_pk', ['org_id', 'stage'])
    .execute();

  // Raised alerts are told in batches grouped by recipient; those not told yet are few and found by this index.
  await db.schema.alterTable('silence_alerts').addColumn('notified_at', 'text').execute();
  await db.schema.createIndex('silence_alerts_untold').on('silence_alerts').columns(['org_id', 'raised_at']).where(sql<boolean>`notified_at is null`).execute();
  // A rep's open alerts (the phone home). A lead's alerts are found by the unique (lead_id, silent_since) index.
  await db.schema.createIndex('silence_alerts_owner').on('silence_alerts').columns(['org_id', 'owner_id', 'status']).execute();

  await db.schema.createIndex('screening_cards_recent').on('screening_cards').columns(['org_id', 'status', 'completed_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('screening_cards_recent').execute();
  await db.schema.dropIndex('silence_alerts_owner').execute();
  await db.schema.dropIndex('silence_alerts_untold').execute();
  await db.schema.alterTable('silence_alerts').dropColumn('notified_at').execute();
  await db.schema.dropTable('silence_sweep_marks').execute();
}
