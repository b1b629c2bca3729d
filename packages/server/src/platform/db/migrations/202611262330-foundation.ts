/**
 * Frozen in time: never edit after it has shipped, add a new migration instead. Written once for SQLite and
 * PostgreSQL: ids are text (UUIDv7), timestamps are ISO-8601 UTC text (sortable), money is bigint minor units,
 * booleans are 0/1 integers, JSON is text.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const recordColumns = (t: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
  t
    .addColumn('status', 'text', (c: any) => c.notNull().defaultTo('active')) // eslint-disable-line @typescript-eslint/no-explicit-any
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1)) // eslint-disable-line @typescript-eslint/no-explicit-any
    .addColumn('created_at', 'text', (c: any) => c.notNull()) // eslint-disable-line @typescript-eslint/no-explicit-any
    .addColumn('updated_at', 'text', (c: any) => c.notNull()); // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('CNY'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('regions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('regions.id'))
    .addColumn('code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_org_parent').on('regions').columns(['org_id', 'parent_id']).execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('teams.id'))
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('leader_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_org_parent').on('teams').columns(['org_id', 'parent_id']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('phone_normal', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('data_scope', 'text', (c) => c.notNull())
    .addColumn('whitelist_region_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('whitelist_industries', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Login is by email or phone without naming the company, so both are unique across the installation.
  await db.schema.createIndex('users_email').on('users').column('email').unique().execute();
  await db.schema.createIndex('users_phone').on('users').column('phone_normal').unique().execute();
  await db.schema.createIndex('users_org_team').on('users').columns(['org_id', 'team_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_org').on('api_tokens').column('org_id').execute();

  await recordColumns(
    db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_normal', 'text')
      .addColumn('industry', 'text', (c) => c.notNull())
      .addColumn('region_id', 'text', (c) => c.references('regions.id'))
      .addColumn('city', 'text')
      .addColumn('address', 'text')
      .addColumn('size', 'text', (c) => c.notNull())
      .addColumn('budget_band', 'text', (c) => c.notNull())
      .addColumn('decision_chain', 'text', (c) => c.notNull())
      .addColumn('credit_limit_minor', 'bigint')
      .addColumn('credit_currency', 'text')
      .addColumn('phone', 'text')
      .addColumn('phone_normal', 'text')
      .addColumn('email', 'text')
      .addColumn('email_normal', 'text')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .addColumn('merged_into', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull()),
  ).execute();
  for (const [name, cols] of [
    ['customers_org_updated', ['org_id', 'updated_at', 'id']],
    ['customers_org_owner', ['org_id', 'owner_id']],
    ['customers_org_team', ['org_id', 'team_id']],
    ['customers_org_region', ['org_id', 'region_id', 'industry']],
    ['customers_org_phone', ['org_id', 'phone_normal']],
    ['customers_org_email', ['org_id', 'email_normal']],
    ['customers_org_name', ['org_id', 'name_normal']],
  ] as const) {
    await db.schema.createIndex(name).on('customers').columns([...cols]).execute();
  }

  await recordColumns(
    db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('phone', 'text')
      .addColumn('phone_normal', 'text')
      .addColumn('email', 'text')
      .addColumn('is_decision_maker', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('search_text', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('contacts_org_customer').on('contacts').columns(['org_id', 'customer_id']).execute();

  await recordColumns(
    db.schema
      .createTable('leads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('company', 'text')
      .addColumn('company_normal', 'text')
      .addColumn('phone', 'text')
      .addColumn('phone_normal', 'text')
      .addColumn('email', 'text')
      .addColumn('email_normal', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('industry', 'text')
      .addColumn('region_id', 'text', (c) => c.references('regions.id'))
      .addColumn('city', 'text')
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('intent_tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('first_contact_at', 'text')
      // A new lead's last action is its creation, so the column is never null and sorts the same everywhere.
      .addColumn('last_activity_at', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .addColumn('merged_into', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull()),
  ).execute();
  for (const [name, cols] of [
    ['leads_org_updated', ['org_id', 'updated_at', 'id']],
    ['leads_org_city_activity', ['org_id', 'city', 'last_activity_at', 'id']],
    ['leads_org_activity', ['org_id', 'last_activity_at', 'id']],
    ['leads_org_owner', ['org_id', 'owner_id', 'last_activity_at']],
    ['leads_org_team', ['org_id', 'team_id']],
    ['leads_org_region', ['org_id', 'region_id', 'industry']],
    ['leads_org_phone', ['org_id', 'phone_normal']],
    ['leads_org_email', ['org_id', 'email_normal']],
    ['leads_org_company', ['org_id', 'company_normal']],
    ['leads_org_customer', ['org_id', 'customer_id']],
  ] as const) {
    await db.schema.createIndex(name).on('leads').columns([...cols]).execute();
  }

  await recordColumns(
    db.schema
      .createTable('activities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('lead_id', 'text', (c) => c.references('leads.id'))
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer')
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id')),
  ).execute();
  await db.schema.createIndex('activities_org_lead').on('activities').columns(['org_id', 'lead_id', 'occurred_at']).execute();
  await db.schema.createIndex('activities_org_customer').on('activities').columns(['org_id', 'customer_id', 'occurred_at']).execute();
  await db.schema.createIndex('activities_org_owner').on('activities').columns(['org_id', 'owner_id', 'occurred_at']).execute();

  await recordColumns(
    db.schema
      .createTable('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('sku', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('list_price_minor', 'bigint', (c) => c.notNull())
      .addColumn('floor_price_minor', 'bigint', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('products_org_sku').on('products').columns(['org_id', 'sku']).unique().execute();

  await recordColumns(
    db.schema
      .createTable('price_policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text')
      .addColumn('floor_price_minor', 'bigint')
      .addColumn('currency', 'text')
      .addColumn('discount_bands', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('search_text', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('price_policies_org_product').on('price_policies').columns(['org_id', 'product_id', 'valid_from']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['org_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['org_id', 'entity_type', 'entity_id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['org_id', 'principal_id', 'key'])
    .execute();

  // The outbox: domain events written in the business transaction, delivered later by the dispatcher.
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_org_created').on('events').columns(['org_id', 'created_at']).execute();

  // The audit log is insert-only for the application; a DBA can still get round this, which is what the
  // hash chain is for.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function closeloop_audit_insert_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function closeloop_audit_insert_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted; restore a backup instead.');
}
