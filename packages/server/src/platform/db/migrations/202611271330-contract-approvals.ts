/**
 * Frozen in time: never edit after it has shipped, add a new migration instead.
 *
 * Contract approvals (B2): whether a step may override failed submit checks is fixed when the step is created (the
 * company's chain may change while a contract waits), and an approver's "decided by me" list reads by decider.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('contract_approvals').addColumn('may_override', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('contract_approvals_decided_by').on('contract_approvals').columns(['org_id', 'decided_by', 'decided_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('contract_approvals_decided_by').execute();
  await db.schema.alterTable('contract_approvals').dropColumn('may_override').execute();
}
