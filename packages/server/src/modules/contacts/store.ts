/** Every query on contacts. A contact is visible exactly when its customer is (the access layer's contactScope). */
import type { Contact } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { ContactRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { contactScope, ownedScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';

export interface ContactFilters {
  q?: string | undefined;
  status: 'active' | 'archived' | 'all';
  customerId?: string | undefined;
}

export const contactSortColumns = { createdAt: 'contacts.created_at', updatedAt: 'contacts.updated_at', name: 'contacts.name' };

export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    version: row.version,
    status: row.status as Contact['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    customerId: row.customer_id,
    name: row.name,
    title: row.title,
    phone: row.phone,
    email: row.email,
    isDecisionMaker: row.is_decision_maker === 1,
  };
}

export class ContactStore {
  /** One contact the caller may see, or undefined (missing and forbidden look the same). */
  findVisible(db: Executor, auth: AuthContext, id: string): Promise<ContactRow | undefined> {
    return db.selectFrom('contacts').selectAll().where('id', '=', id).where(contactScope(auth)).executeTakeFirst();
  }

  /** The customer a contact belongs to, if the caller may see it. */
  findVisibleCustomer(db: Executor, auth: AuthContext, customerId: string): Promise<{ id: string; merged_into: string | null } | undefined> {
    return db
      .selectFrom('customers')
      .select(['id', 'merged_into'])
      .where('id', '=', customerId)
      .where(ownedScope(auth, 'customers'))
      .executeTakeFirst();
  }

  /** The contacts a list or an export walks: the caller's scope and the filters, nothing selected yet. */
  filtered(db: Executor, auth: AuthContext, filters: ContactFilters) {
    let query = db.selectFrom('contacts').where(contactScope(auth));
    if (filters.status !== 'all') query = query.where('contacts.status', '=', filters.status);
    if (filters.q) query = query.where(containsText('contacts.search_text', filters.q));
    if (filters.customerId) query = query.where('contacts.customer_id', '=', filters.customerId);
    return query;
  }

  list(db: Executor, auth: AuthContext, filters: ContactFilters, page: PageRequest) {
    return pageOf(this.filtered(db, auth, filters).selectAll('contacts'), page, contactSortColumns, 'contacts.id');
  }
}
