/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Saved views: each person's named filters and sort of a record list. A view belongs to one person only; its name is
 * unique per person and list, so saving under a name again replaces that view. Same conventions as the foundation:
 * text ids and ISO-8601 times, JSON as text.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('list', 'text', (c) => c.notNull()) // leads | customers | contacts | activities
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull()) // JSON: the list's query-string parameters
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Also the index a person's views of one list are read by, in name order.
  await db.schema.createIndex('saved_views_owner_name').on('saved_views').columns(['user_id', 'list', 'name']).unique().execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('saved_views').execute();
}
