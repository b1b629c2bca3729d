import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { isPostgres, type Db } from './database.js';
import * as foundation from './migrations/202611262330-foundation.js';
import * as eventBackbone from './migrations/202611270050-event-backbone.js';
import * as notifications from './migrations/202611270230-notifications.js';
import * as webhooks from './migrations/202611270400-webhooks.js';
import * as retention from './migrations/202611270410-retention.js';
import * as savedViews from './migrations/202611270420-saved-views.js';
import * as leadSteward from './migrations/202611270900-lead-steward.js';
import * as talkTrackStarter from './migrations/202611270930-talk-track-starter.js';
import * as screeningSilence from './migrations/202611270945-screening-silence.js';
import * as leadHealth from './migrations/202611270955-lead-health.js';
import * as documents from './migrations/202611271300-documents.js';
import * as flashReport from './migrations/202611271320-flash-report.js';
import * as contractApprovals from './migrations/202611271330-contract-approvals.js';
import * as commissions from './migrations/202611271400-commissions.js';
import * as documentsIndexes from './migrations/202611271410-documents-indexes.js';
import * as receiptReversals from './migrations/202611271500-receipt-reversals.js';
import * as commissionRecalculationStaging from './migrations/202611271600-commission-recalculation-staging.js';
import * as auditPending from './migrations/202611271700-audit-pending.js';
import * as commissionStagingUnlogged from './migrations/202611272200-commission-staging-unlogged.js';
import * as commissionLinesWrittenOnce from './migrations/202611280100-commission-lines-written-once.js';
import * as commissionLineGenerations from './migrations/202611281600-commission-line-generations.js';

/** Migrations are listed here, in order, so the build carries them without reading a folder at run time. */
const migrations: Record<string, Migration> = {
  '202611262330-foundation': foundation,
  '202611270050-event-backbone': eventBackbone,
  '202611270230-notifications': notifications,
  '202611270400-webhooks': webhooks,
  '202611270410-retention': retention,
  '202611270420-saved-views': savedViews,
  '202611270900-lead-steward': leadSteward,
  '202611270930-talk-track-starter': talkTrackStarter,
  '202611270945-screening-silence': screeningSilence,
  '202611270955-lead-health': leadHealth,
  '202611271300-documents': documents,
  '202611271320-flash-report': flashReport,
  '202611271330-contract-approvals': contractApprovals,
  '202611271400-commissions': commissions,
  '202611271410-documents-indexes': documentsIndexes,
  '202611271500-receipt-reversals': receiptReversals,
  '202611271600-commission-recalculation-staging': commissionRecalculationStaging,
  '202611271700-audit-pending': auditPending,
  '202611272200-commission-staging-unlogged': commissionStagingUnlogged,
  '202611280100-commission-lines-written-once': commissionLinesWrittenOnce,
  '202611281600-commission-line-generations': commissionLineGenerations,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await (await migratorFor(db)).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrator of this code's migrations (tests step through them with it). */
export async function migratorFor(db: Db): Promise<Migrator> {
  // Unless told the schema, Kysely takes a `schema_migrations` table in *any* PostgreSQL schema for its own, and
  // then skips creating one where the search path points (another installation or test schema on the server).
  const migrationTableSchema =
    isPostgres(db)
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock',
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}
