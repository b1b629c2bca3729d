/**
 * The one place that turns "who is asking" into "which rows": every list, search, export and read of a
 * scoped record goes through these filters (H1, E2). Handlers never write their own owner filters.
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import { AppError } from '@closeloop/core';
import type { Database } from '../db/schema.js';
import type { Executor } from '../db/database.js';
import type { AuthContext } from './auth-context.js';

/**
 * Tables whose rows carry owner, team, region and industry and are scoped directly (documents copy their customer's;
 * a rep's live sales figures carry the rep's).
 */
type OwnedTable = 'customers' | 'leads' | 'contracts' | 'purchase_orders' | 'receipts' | 'shipments' | 'sales_figures';

/** Rows of an owned table this caller may see (the org filter included). */
export function ownedScope<T extends OwnedTable>(auth: AuthContext, table: T) {
  return (eb: ExpressionBuilder<Database, T>): Expression<SqlBool> => {
    // Column names are built from the table name, so this one spot works on untyped refs.
    const e = eb as unknown as ExpressionBuilder<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const col = (c: string) => `${table}.${c}`;
    const org = e(col('org_id'), '=', auth.orgId);
    const own = e(col('owner_id'), '=', auth.userId);
    switch (auth.dataScope) {
      case 'all':
        return org;
      case 'own':
        return e.and([org, own]);
      case 'team':
        return e.and([org, auth.teamIds.length > 0 ? e.or([own, e(col('team_id'), 'in', [...auth.teamIds])]) : own]);
      case 'whitelist': {
        const axes: Expression<SqlBool>[] = [];
        if (auth.whitelistRegionIds.length > 0) axes.push(e(col('region_id'), 'in', [...auth.whitelistRegionIds]));
        if (auth.whitelistIndustries.length > 0) axes.push(e(col('industry'), 'in', [...auth.whitelistIndustries]));
        return e.and([org, axes.length > 0 ? e.or([own, e.and(axes)]) : own]);
      }
    }
  };
}

/** Contacts are visible through their customer. */
export function contactScope(auth: AuthContext) {
  return (eb: ExpressionBuilder<Database, 'contacts'>): Expression<SqlBool> =>
    eb.and([
      eb('contacts.org_id', '=', auth.orgId),
      auth.dataScope === 'all'
        ? sql<SqlBool>`1 = 1`
        : eb('contacts.customer_id', 'in', eb.selectFrom('customers').select('customers.id').where(ownedScope(auth, 'customers') as never)),
    ]);
}

/** Activities are visible to whoever logged them and through the lead or customer they belong to. */
export function activityScope(auth: AuthContext) {
  return (eb: ExpressionBuilder<Database, 'activities'>): Expression<SqlBool> =>
    eb.and([
      eb('activities.org_id', '=', auth.orgId),
      auth.dataScope === 'all'
        ? sql<SqlBool>`1 = 1`
        : eb.or([
            eb('activities.owner_id', '=', auth.userId),
            eb('activities.lead_id', 'in', eb.selectFrom('leads').select('leads.id').where(ownedScope(auth, 'leads') as never)),
            eb('activities.customer_id', 'in', eb.selectFrom('customers').select('customers.id').where(ownedScope(auth, 'customers') as never)),
          ]),
    ]);
}

/** Catalog and directory rows: the organisation is the only boundary. */
export function orgScope<T extends keyof Database>(auth: AuthContext, table: T) {
  return (eb: ExpressionBuilder<Database, T>): Expression<SqlBool> =>
    (eb as unknown as ExpressionBuilder<any, any>)(`${String(table)}.org_id`, '=', auth.orgId); // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The users a caller may hand records to: themselves, the people in their teams (team scope), anyone in
 * the organisation (all). Whitelist and own scopes may only assign to themselves — and, when `currentOwnerId`
 * says the record already has an owner, may not move it at all: a whitelist grants sight of colleagues'
 * records, not the right to take them over.
 */
export async function requireAssignable(
  db: Executor,
  auth: AuthContext,
  ownerId: string,
  currentOwnerId?: string,
): Promise<{ teamId: string | null }> {
  const owner = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'status'])
    .where('org_id', '=', auth.orgId)
    .where('id', '=', ownerId)
    .executeTakeFirst();
  const mayReassign = auth.dataScope === 'all' || auth.dataScope === 'team' || currentOwnerId === undefined || currentOwnerId === ownerId;
  const allowed =
    !!owner &&
    owner.status === 'active' &&
    mayReassign &&
    (owner.id === auth.userId ||
      auth.dataScope === 'all' ||
      (auth.dataScope === 'team' && owner.team_id !== null && auth.teamIds.includes(owner.team_id)));
  if (!allowed) throw new AppError('VALIDATION_FAILED', {}, { 'body.ownerId': 'not a person you can assign records to' });
  return { teamId: owner.team_id };
}
