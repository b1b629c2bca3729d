/** Every query on activities. Visibility comes from the access layer's activityScope (author, lead or customer). */
import { sql } from 'kysely';
import type { Activity, ActivitySummary, Currency } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { ActivityRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { activityScope, ownedScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

export interface ActivityFilters {
  q?: string | undefined;
  status: 'active' | 'archived' | 'all';
  ownerId?: string | undefined;
  kind?: string | undefined;
  leadId?: string | undefined;
  customerId?: string | undefined;
}

export const activitySortColumns = { occurredAt: 'activities.occurred_at', createdAt: 'activities.created_at' };

export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    version: row.version,
    status: row.status as Activity['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    kind: row.kind as Activity['kind'],
    leadId: row.lead_id,
    customerId: row.customer_id,
    occurredAt: row.occurred_at,
    durationMinutes: row.duration_minutes,
    text: row.text,
    ownerId: row.owner_id,
    nextAction: row.next_action_kind ? { kind: row.next_action_kind, dueAt: row.next_action_due_at!, note: row.next_action_note } : null,
    summary: row.summary ? (JSON.parse(row.summary) as ActivitySummary) : null,
    capture: row.capture as Activity['capture'],
  };
}

/** What a summary needs to know about the company: its calendar and its currency. */
export interface CompanyCalendar {
  timeZone: string;
  currency: Currency;
}

export class ActivityStore {
  /** One activity the caller may see, or undefined (missing and forbidden look the same). */
  findVisible(db: Executor, auth: AuthContext, id: string): Promise<ActivityRow | undefined> {
    return db.selectFrom('activities').selectAll().where('id', '=', id).where(activityScope(auth)).executeTakeFirst();
  }

  async companyOf(db: Executor, orgId: string): Promise<CompanyCalendar> {
    const org = await db.selectFrom('orgs').select(['time_zone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
    return { timeZone: org.time_zone, currency: org.currency as Currency };
  }

  /** The customer an activity is logged on, if the caller may see it. */
  findVisibleCustomer(db: Executor, auth: AuthContext, customerId: string): Promise<{ id: string; merged_into: string | null } | undefined> {
    return db
      .selectFrom('customers')
      .select(['id', 'merged_into'])
      .where('id', '=', customerId)
      .where(ownedScope(auth, 'customers'))
      .executeTakeFirst();
  }

  /** The activities a list or an export walks: the caller's scope and the filters, nothing selected yet. */
  filtered(db: Executor, auth: AuthContext, filters: ActivityFilters) {
    let query = db.selectFrom('activities').where(activityScope(auth));
    if (filters.status !== 'all') query = query.where('activities.status', '=', filters.status);
    if (filters.q) query = query.where(containsText(sql`lower(activities.text)`, filters.q));
    if (filters.ownerId) query = query.where('activities.owner_id', '=', filters.ownerId);
    if (filters.kind) query = query.where('activities.kind', '=', filters.kind);
    if (filters.leadId) query = query.where('activities.lead_id', '=', filters.leadId);
    if (filters.customerId) query = query.where('activities.customer_id', '=', filters.customerId);
    return query;
  }

  list(db: Executor, auth: AuthContext, filters: ActivityFilters, page: PageRequest) {
    return pageOf(this.filtered(db, auth, filters).selectAll('activities'), page, activitySortColumns, 'activities.id');
  }
}
