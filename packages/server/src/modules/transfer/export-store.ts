/**
 * The rows an export walks through: the same scope helpers and filters as the list endpoints, joined with the
 * names a reader needs (owner, region, customer, lead), one keyset page at a time so memory stays flat.
 */
import { sql } from 'kysely';
import { isPlausiblePhone, normalisePhone } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { ActivityRow, ContactRow, CustomerRow, LeadRow, ProductRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { activityScope, contactScope, orgScope, ownedScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

interface Common {
  q?: string | undefined;
  status: 'active' | 'archived' | 'all';
  ownerId?: string | undefined;
}
export interface CustomerExportFilters extends Common {
  industry?: string | undefined;
  regionId?: string | undefined;
  city?: string | undefined;
  tag?: string | undefined;
}
export interface LeadExportFilters extends Common {
  stage?: string | undefined;
  source?: string | undefined;
  industry?: string | undefined;
  regionId?: string | undefined;
  city?: string | undefined;
  customerId?: string | undefined;
}
export interface ContactExportFilters extends Common {
  customerId?: string | undefined;
}
export interface ActivityExportFilters extends Common {
  kind?: string | undefined;
  leadId?: string | undefined;
  customerId?: string | undefined;
}
export interface ProductExportFilters extends Common {
  category?: string | undefined;
}

interface OwnerNames {
  owner_name: string | null;
  owner_email: string | null;
}
export type CustomerExportRow = CustomerRow & OwnerNames & { region_name: string | null };
export type LeadExportRow = LeadRow & OwnerNames & { region_name: string | null };
export type ContactExportRow = ContactRow & { customer_name: string | null };
export type ActivityExportRow = ActivityRow & OwnerNames & { lead_name: string | null; customer_name: string | null };
export type ProductExportRow = ProductRow;

type Page<Row> = Promise<{ rows: Row[]; nextCursor: string | null }>;

export class ExportStore {
  customers(db: Executor, auth: AuthContext, f: CustomerExportFilters, page: PageRequest): Page<CustomerExportRow> {
    let query = db
      .selectFrom('customers')
      .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
      .leftJoin('regions', 'regions.id', 'customers.region_id')
      .selectAll('customers')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'regions.name as region_name'])
      .where(ownedScope(auth, 'customers'));
    if (f.status !== 'all') query = query.where('customers.status', '=', f.status);
    if (f.q) query = query.where(containsText('customers.search_text', f.q));
    if (f.ownerId) query = query.where('customers.owner_id', '=', f.ownerId);
    if (f.industry) query = query.where('customers.industry', '=', f.industry);
    if (f.regionId) query = query.where('customers.region_id', '=', f.regionId);
    if (f.city) query = query.where('customers.city', '=', f.city);
    if (f.tag) query = query.where(containsText(sql`lower(customers.tags)`, JSON.stringify(f.tag)));
    return pageOf(query, page, { createdAt: 'customers.created_at', updatedAt: 'customers.updated_at', name: 'customers.name' }, 'customers.id');
  }

  leads(db: Executor, auth: AuthContext, f: LeadExportFilters, page: PageRequest): Page<LeadExportRow> {
    let query = db
      .selectFrom('leads')
      .leftJoin('users as owner', 'owner.id', 'leads.owner_id')
      .leftJoin('regions', 'regions.id', 'leads.region_id')
      .selectAll('leads')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'regions.name as region_name'])
      .where(ownedScope(auth, 'leads'));
    if (f.status !== 'all') query = query.where('leads.status', '=', f.status);
    if (f.q) {
      // As the list does: "+86 139-1234-5678" also finds the lead stored as 13912345678.
      const q = f.q;
      const phone = isPlausiblePhone(q) ? normalisePhone(q) : null;
      query = query.where((eb) =>
        phone
          ? eb.or([containsText('leads.search_text', q), containsText('leads.search_text', phone)])
          : containsText('leads.search_text', q),
      );
    }
    if (f.ownerId) query = query.where('leads.owner_id', '=', f.ownerId);
    if (f.stage) query = query.where('leads.stage', '=', f.stage);
    if (f.source) query = query.where('leads.source', '=', f.source);
    if (f.industry) query = query.where('leads.industry', '=', f.industry);
    if (f.regionId) query = query.where('leads.region_id', '=', f.regionId);
    if (f.city) query = query.where('leads.city', '=', f.city);
    if (f.customerId) query = query.where('leads.customer_id', '=', f.customerId);
    const sort = { createdAt: 'leads.created_at', updatedAt: 'leads.updated_at', lastActivityAt: 'leads.last_activity_at', name: 'leads.name' };
    return pageOf(query, page, sort, 'leads.id');
  }

  contacts(db: Executor, auth: AuthContext, f: ContactExportFilters, page: PageRequest): Page<ContactExportRow> {
    let query = db
      .selectFrom('contacts')
      .leftJoin('customers', 'customers.id', 'contacts.customer_id')
      .selectAll('contacts')
      .select('customers.name as customer_name')
      .where(contactScope(auth));
    if (f.status !== 'all') query = query.where('contacts.status', '=', f.status);
    if (f.q) query = query.where(containsText('contacts.search_text', f.q));
    if (f.customerId) query = query.where('contacts.customer_id', '=', f.customerId);
    return pageOf(query, page, { createdAt: 'contacts.created_at', updatedAt: 'contacts.updated_at', name: 'contacts.name' }, 'contacts.id');
  }

  activities(db: Executor, auth: AuthContext, f: ActivityExportFilters, page: PageRequest): Page<ActivityExportRow> {
    let query = db
      .selectFrom('activities')
      .leftJoin('users as owner', 'owner.id', 'activities.owner_id')
      .leftJoin('leads', 'leads.id', 'activities.lead_id')
      .leftJoin('customers', 'customers.id', 'activities.customer_id')
      .selectAll('activities')
      .select(['owner.name as owner_name', 'owner.email as owner_email', 'leads.name as lead_name', 'customers.name as customer_name'])
      .where(activityScope(auth));
    if (f.status !== 'all') query = query.where('activities.status', '=', f.status);
    if (f.q) query = query.where(containsText(sql`lower(activities.text)`, f.q));
    if (f.ownerId) query = query.where('activities.owner_id', '=', f.ownerId);
    if (f.kind) query = query.where('activities.kind', '=', f.kind);
    if (f.leadId) query = query.where('activities.lead_id', '=', f.leadId);
    if (f.customerId) query = query.where('activities.customer_id', '=', f.customerId);
    return pageOf(query, page, { occurredAt: 'activities.occurred_at', createdAt: 'activities.created_at' }, 'activities.id');
  }

  products(db: Executor, auth: AuthContext, f: ProductExportFilters, page: PageRequest): Page<ProductExportRow> {
    let query = db.selectFrom('products').selectAll('products').where(orgScope(auth, 'products'));
    if (f.status !== 'all') query = query.where('products.status', '=', f.status);
    if (f.q) query = query.where(containsText('products.search_text', f.q));
    if (f.category) query = query.where('products.category', '=', f.category);
    const sort = { name: 'products.name', sku: 'products.sku', createdAt: 'products.created_at', updatedAt: 'products.updated_at' };
    return pageOf(query, page, sort, 'products.id');
  }

  timeZone(db: Executor, orgId: string): Promise<string> {
    return db.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow().then((o) => o.time_zone);
  }
}
