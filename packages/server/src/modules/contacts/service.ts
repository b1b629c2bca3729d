/** Contacts: the people at a customer. They follow their customer's visibility in every read and write. */
import { AppError, normalisePhone, searchText, type Contact } from '@closeloop/core';
import type { z } from 'zod';
import type { contactCreate, contactListQuery, contactUpdate } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { ContactRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { ContactStore, toContact } from './store.js';

type ContactCreate = z.infer<typeof contactCreate>;
type ContactUpdate = z.infer<typeof contactUpdate>;
type ContactListQuery = z.infer<typeof contactListQuery>;

export class ContactService {
  constructor(
    private readonly db: Executor,
    private readonly store = new ContactStore(),
  ) {}

  async create(write: Write, input: ContactCreate): Promise<Contact> {
    requirePermission(write.auth, 'crm.write');
    await this.requireCustomer(write.tx, write.auth, input.customerId);
    const row: ContactRow = {
      id: newId(),
      org_id: write.auth.orgId,
      customer_id: input.customerId,
      name: input.name,
      title: input.title ?? null,
      phone: input.phone ?? null,
      phone_normal: normalisePhone(input.phone),
      email: input.email ?? null,
      is_decision_maker: input.isDecisionMaker ? 1 : 0,
      search_text: '',
      status: 'active',
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    row.search_text = contactSearchText(row);
    await write.tx.insertInto('contacts').values(row).execute();
    const contact = toContact(row);
    await write.audit({ action: 'create', entityType: 'contact', entityId: row.id, after: contact });
    await write.emit({ type: 'contact.created', subject: row.id, payload: { customerId: row.customer_id } });
    return contact;
  }

  async get(auth: AuthContext, id: string): Promise<Contact> {
    requirePermission(auth, 'crm.read');
    return toContact(await this.visible(this.db, auth, id));
  }

  /** With `customerId`, the customer must be visible: an unknown customer is a 404, not an empty page. */
  async list(auth: AuthContext, query: ContactListQuery) {
    requirePermission(auth, 'crm.read');
    if (query.customerId) await this.requireCustomer(this.db, auth, query.customerId, { allowMerged: true });
    const { rows, nextCursor } = await this.store.list(this.db, auth, query, query);
    return { items: rows.map(toContact), nextCursor };
  }

  async update(write: Write, id: string, patch: ContactUpdate): Promise<Contact> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('contact', current, patch.version);
    const next: ContactRow = { ...current };
    if (patch.customerId !== undefined && patch.customerId !== current.customer_id) {
      await this.requireCustomer(write.tx, write.auth, patch.customerId);
      next.customer_id = patch.customerId;
    }
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.email !== undefined) next.email = patch.email;
    if (patch.isDecisionMaker !== undefined) next.is_decision_maker = patch.isDecisionMaker ? 1 : 0;
    next.phone_normal = normalisePhone(next.phone);
    next.search_text = contactSearchText(next);
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<Contact> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('contact', current, version);
    return this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
  }

  private async visible(db: Executor, auth: AuthContext, id: string): Promise<ContactRow> {
    const row = await this.store.findVisible(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'contact' });
    return row;
  }

  /** The customer must be one the caller sees; new contacts may not go to a customer that was merged away. */
  private async requireCustomer(db: Executor, auth: AuthContext, customerId: string, options: { allowMerged?: boolean } = {}): Promise<void> {
    const customer = await this.store.findVisibleCustomer(db, auth, customerId);
    if (!customer) throw new AppError('NOT_FOUND', { entity: 'customer' });
    if (customer.merged_into && !options.allowMerged) {
      throw new AppError('CONFLICT', { detail: `This customer was merged into ${customer.merged_into}; add the contact there.` });
    }
  }

  /** Writes `next` if nobody changed the row since `current` was read; audits the changed fields. */
  private async save(write: Write, current: ContactRow, next: ContactRow, action: 'update' | 'archive' | 'restore'): Promise<Contact> {
    const saved = await writeVersioned(write.tx, 'contacts', 'contact', current, next, write.now);
    const id = saved.id;
    const before = toContact(current);
    const after = toContact(saved);
    const changed = diff(before, after);
    await write.audit({ action, entityType: 'contact', entityId: id, before: changed.before, after: changed.after });
    const eventType = { update: 'contact.updated', archive: 'contact.archived', restore: 'contact.restored' }[action];
    await write.emit({ type: eventType, subject: id, payload: { customerId: after.customerId, changed: Object.keys(changed.after) } });
    return after;
  }
}

export function contactSearchText(row: Pick<ContactRow, 'name' | 'title' | 'phone' | 'phone_normal' | 'email'>): string {
  return searchText([row.name, row.title, row.phone, row.phone_normal, row.email]);
}
