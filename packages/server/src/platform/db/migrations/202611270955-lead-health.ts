/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * The follow-up rate (A7) reads the next actions that came due in a window, company-wide; without this index that is
 * a scan of every activity. Only activities that planned a next action are in it, with the columns the rate reads
 * (planner, lead, time, status), so the window is read from the index alone.
 */
import { sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createIndex('activities_next_action_due')
    .on('activities')
    .columns(['org_id', 'next_action_due_at', 'owner_id', 'lead_id', 'occurred_at', 'status'])
    .where(sql<boolean>`next_action_due_at is not null`)
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('activities_next_action_due').execute();
}
