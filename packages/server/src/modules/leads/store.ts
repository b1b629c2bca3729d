/** Every query on leads. Reads take the caller's scope from the access layer; none builds its own. */
import { closedLeadStages, isPlausiblePhone, normalisePhone, type Lead, type LeadStage } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { LeadRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import { matchesOnAnyKey } from '../shared/duplicates.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

export interface LeadFilters {
  q?: string | undefined;
  status: 'active' | 'archived' | 'all';
  ownerId?: string | undefined;
  stage?: LeadStage | undefined;
  open?: 'true' | 'false' | undefined;
  source?: string | undefined;
  industry?: string | undefined;
  regionId?: string | undefined;
  city?: string | undefined;
  customerId?: string | undefined;
}

export interface DuplicateKeys {
  phone: string | null;
  email: string | null;
  company: string | null;
}

export const leadSortColumns = {
  createdAt: 'leads.created_at',
  updatedAt: 'leads.updated_at',
  lastActivityAt: 'leads.last_activity_at',
  name: 'leads.name',
};

/** The columns a lead's API answer is made of: lists read only these (row decoding is most of a list's cost). */
const leadAnswerColumns = [
  'leads.id', 'leads.version', 'leads.status', 'leads.created_at', 'leads.updated_at', 'leads.name', 'leads.company',
  'leads.phone', 'leads.email', 'leads.source', 'leads.stage', 'leads.industry', 'leads.region_id', 'leads.city',
  'leads.customer_id', 'leads.intent_tags', 'leads.first_contact_at', 'leads.last_activity_at', 'leads.owner_id',
  'leads.team_id', 'leads.merged_into', 'leads.next_action_kind', 'leads.next_action_due_at', 'leads.next_action_note', 'leads.intent_level', 'leads.cadence_days',
] as const;
export type NextActionColumns = Pick<LeadRow, 'next_action_kind' | 'next_action_due_at' | 'next_action_note'>;
type LeadAnswerRow = Pick<LeadRow, (typeof leadAnswerColumns)[number] extends `leads.${infer C}` ? C & keyof LeadRow : never>;

export function toLead(row: LeadAnswerRow): Lead {
  return {
    id: row.id,
    version: row.version,
    status: row.status as Lead['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    name: row.name,
    company: row.company,
    phone: row.phone,
    email: row.email,
    source: row.source as Lead['source'],
    stage: row.stage as Lead['stage'],
    industry: row.industry as Lead['industry'],
    regionId: row.region_id,
    city: row.city,
    customerId: row.customer_id,
    intentTags: JSON.parse(row.intent_tags) as string[],
    firstContactAt: row.first_contact_at,
    lastActivityAt: row.last_activity_at,
    ownerId: row.owner_id,
    teamId: row.team_id,
    mergedInto: row.merged_into,
    nextAction: row.next_action_kind ? { kind: row.next_action_kind, dueAt: row.next_action_due_at!, note: row.next_action_note } : null,
    intentLevel: row.intent_level as Lead['intentLevel'],
    cadenceDays: row.cadence_days,
  };
}

export class LeadStore {
  /** One lead the caller may see, or undefined (missing and forbidden look the same). */
  findVisible(db: Executor, auth: AuthContext, id: string): Promise<LeadRow | undefined> {
    return db.selectFrom('leads').selectAll().where('id', '=', id).where(ownedScope(auth, 'leads')).executeTakeFirst();
  }

  /** Several leads the caller may see; the ones they may not are simply absent. */
  findManyVisible(db: Executor, auth: AuthContext, ids: readonly string[]): Promise<LeadRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('leads').selectAll().where('id', 'in', [...ids]).where(ownedScope(auth, 'leads')).execute();
  }

  /** Whether the caller may see this customer, for linking a lead to it. */
  async customerVisible(db: Executor, auth: AuthContext, customerId: string): Promise<boolean> {
    const found = await db.selectFrom('customers').select('id').where('id', '=', customerId).where(ownedScope(auth, 'customers')).executeTakeFirst();
    return !!found;
  }

  /** The leads a list or an export walks: the caller's scope and the filters, nothing selected yet. */
  filtered(db: Executor, auth: AuthContext, filters: LeadFilters) {
    let query = db.selectFrom('leads').where(ownedScope(auth, 'leads'));
    if (filters.status !== 'all') query = query.where('leads.status', '=', filters.status);
    if (filters.q) {
      const q = filters.q;
      // "+86 139-1234-5678" should find the lead stored as 13912345678: also try the number's normal form.
      const phone = isPlausiblePhone(q) ? normalisePhone(q) : null;
      query = query.where((eb) =>
        phone && phone !== q
          ? eb.or([containsText('leads.search_text', q), containsText('leads.search_text', phone)])
          : containsText('leads.search_text', q),
      );
    }
    if (filters.ownerId) query = query.where('leads.owner_id', '=', filters.ownerId);
    if (filters.stage) query = query.where('leads.stage', '=', filters.stage);
    if (filters.open === 'true') query = query.where('leads.stage', 'not in', [...closedLeadStages]);
    if (filters.source) query = query.where('leads.source', '=', filters.source);
    if (filters.industry) query = query.where('leads.industry', '=', filters.industry);
    if (filters.regionId) query = query.where('leads.region_id', '=', filters.regionId);
    if (filters.city) query = query.where('leads.city', '=', filters.city);
    if (filters.customerId) query = query.where('leads.customer_id', '=', filters.customerId);
    return query;
  }

  list(db: Executor, auth: AuthContext, filters: LeadFilters, page: PageRequest) {
    return pageOf(this.filtered(db, auth, filters).select(leadAnswerColumns), page, leadSortColumns, 'leads.id');
  }

  /** Active leads of the organisation that share a normalised phone, email or company name (A1). */
  findDuplicates(db: Executor, orgId: string, keys: DuplicateKeys, excludeId?: string): Promise<LeadRow[]> {
    const by = (column: 'phone_normal' | 'email_normal' | 'company_normal', value: string | null) =>
      value
        ? () => db.selectFrom('leads').selectAll().where('org_id', '=', orgId).where(column, '=', value).where('status', '=', 'active').limit(21).execute()
        : null;
    return matchesOnAnyKey([by('phone_normal', keys.phone), by('email_normal', keys.email), by('company_normal', keys.company)], excludeId);
  }

  /**
   * An activity on a lead moves its last-activity mark forward (never back) and fills its first contact.
   * Derived marks, not edits: the version stays, so nobody's open form turns stale because a call was logged.
   */
  async recordActivity(db: Executor, orgId: string, leadId: string, occurredAt: string, now: string): Promise<void> {
    await db
      .updateTable('leads')
      .set({ last_activity_at: occurredAt, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', leadId)
      .where('last_activity_at', '<', occurredAt)
      .execute();
    await db
      .updateTable('leads')
      .set({ first_contact_at: occurredAt, updated_at: now })
      .where('org_id', '=', orgId)
      .where('id', '=', leadId)
      .where('first_contact_at', 'is', null)
      .execute();
  }

  /**
   * The lead's open next action (A4): the one planned by its latest active activity that planned one. Derived from the
   * activities whenever they change (one logged, archived or restored, leads merged), so the lead never disagrees with
   * them; like the last-activity mark it leaves the version alone.
   */
  async refreshNextAction(db: Executor, orgId: string, leadId: string, now: string): Promise<NextActionColumns> {
    const open = await db
      .selectFrom('activities')
      .select(['next_action_kind', 'next_action_due_at', 'next_action_note'])
      .where('org_id', '=', orgId)
      .where('lead_id', '=', leadId)
      .where('status', '=', 'active')
      .where('next_action_kind', 'is not', null)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const columns = open ?? { next_action_kind: null, next_action_due_at: null, next_action_note: null };
    await db.updateTable('leads').set({ ...columns, updated_at: now }).where('org_id', '=', orgId).where('id', '=', leadId).execute();
    return columns;
  }

  /** Hands every activity of the merged-away leads to the survivor; returns how many moved. */
  async moveActivities(db: Executor, orgId: string, fromLeadIds: readonly string[], toLeadId: string, now: string): Promise<number> {
    const result = await db
      .updateTable('activities')
      .set({ lead_id: toLeadId, updated_at: now })
      .where('org_id', '=', orgId)
      .where('lead_id', 'in', [...fromLeadIds])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
