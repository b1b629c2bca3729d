/** Every query on customers. Reads take the caller's scope from the access layer; none builds its own. */
import { sql } from 'kysely';
import type { Customer } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { CustomerRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import { matchesOnAnyKey } from '../shared/duplicates.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

export interface CustomerFilters {
  q?: string | undefined;
  status: 'active' | 'archived' | 'all';
  ownerId?: string | undefined;
  industry?: string | undefined;
  regionId?: string | undefined;
  city?: string | undefined;
  tag?: string | undefined;
}

export const customerSortColumns = { createdAt: 'customers.created_at', updatedAt: 'customers.updated_at', name: 'customers.name' };

/** The columns a customer's API answer is made of: lists read only these (row decoding is most of a list's cost). */
const customerAnswerColumns = [
  'customers.id', 'customers.version', 'customers.status', 'customers.created_at', 'customers.updated_at', 'customers.name',
  'customers.industry', 'customers.region_id', 'customers.city', 'customers.address', 'customers.size', 'customers.budget_band',
  'customers.decision_chain', 'customers.credit_limit_minor', 'customers.credit_currency', 'customers.partner_tier', 'customers.phone', 'customers.email',
  'customers.tags', 'customers.owner_id', 'customers.team_id', 'customers.merged_into',
] as const;
type CustomerAnswerRow = Pick<CustomerRow, (typeof customerAnswerColumns)[number] extends `customers.${infer C}` ? C & keyof CustomerRow : never>;

export function toCustomer(row: CustomerAnswerRow): Customer {
  return {
    id: row.id,
    version: row.version,
    status: row.status as Customer['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    name: row.name,
    industry: row.industry as Customer['industry'],
    regionId: row.region_id,
    city: row.city,
    address: row.address,
    size: row.size as Customer['size'],
    budgetBand: row.budget_band as Customer['budgetBand'],
    decisionChain: row.decision_chain as Customer['decisionChain'],
    creditLimit:
      row.credit_limit_minor === null || row.credit_currency === null
        ? null
        : { minor: Number(row.credit_limit_minor), currency: row.credit_currency as 'CNY' },
    partnerTier: row.partner_tier,
    phone: row.phone,
    email: row.email,
    tags: JSON.parse(row.tags) as string[],
    ownerId: row.owner_id,
    teamId: row.team_id,
    mergedInto: row.merged_into,
  };
}

export class CustomerStore {
  /** One customer the caller may see, or undefined (missing and forbidden look the same). */
  findVisible(db: Executor, auth: AuthContext, id: string): Promise<CustomerRow | undefined> {
    return db.selectFrom('customers').selectAll().where('id', '=', id).where(ownedScope(auth, 'customers')).executeTakeFirst();
  }

  /** Several customers the caller may see; the ones they may not are simply absent. */
  findManyVisible(db: Executor, auth: AuthContext, ids: readonly string[]): Promise<CustomerRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('customers').selectAll().where('id', 'in', [...ids]).where(ownedScope(auth, 'customers')).execute();
  }

  /** The customers a list or an export walks: the caller's scope and the filters, nothing selected yet. */
  filtered(db: Executor, auth: AuthContext, filters: CustomerFilters) {
    let query = db.selectFrom('customers').where(ownedScope(auth, 'customers'));
    if (filters.status !== 'all') query = query.where('customers.status', '=', filters.status);
    if (filters.q) query = query.where(containsText('customers.search_text', filters.q));
    if (filters.ownerId) query = query.where('customers.owner_id', '=', filters.ownerId);
    if (filters.industry) query = query.where('customers.industry', '=', filters.industry);
    if (filters.regionId) query = query.where('customers.region_id', '=', filters.regionId);
    if (filters.city) query = query.where('customers.city', '=', filters.city);
    if (filters.tag) query = query.where(containsText(sql`lower(customers.tags)`, JSON.stringify(filters.tag)));
    return query;
  }

  list(db: Executor, auth: AuthContext, filters: CustomerFilters, page: PageRequest) {
    return pageOf(this.filtered(db, auth, filters).select(customerAnswerColumns), page, customerSortColumns, 'customers.id');
  }

  /** Customers of the organisation that share a normalised phone, email or company name (A1). */
  findDuplicates(db: Executor, orgId: string, keys: { phone: string | null; email: string | null; name: string | null }, excludeId?: string) {
    const by = (column: 'phone_normal' | 'email_normal' | 'name_normal', value: string | null) =>
      value
        ? () => db.selectFrom('customers').selectAll().where('org_id', '=', orgId).where(column, '=', value).where('status', '=', 'active').limit(21).execute()
        : null;
    return matchesOnAnyKey([by('phone_normal', keys.phone), by('email_normal', keys.email), by('name_normal', keys.name)], excludeId);
  }
}
