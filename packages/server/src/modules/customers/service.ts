/** Customers: create, read, update, archive, list, find duplicates and merge them (A1, H1). */
import {
  AppError, normaliseCompany, normaliseEmail, normalisePhone, searchText, type Customer, type CustomerCreate,
} from '@closeloop/core';
import { z } from 'zod';
import type { customerUpdate, customerListQuery } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { CustomerRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requireAssignable } from '../../platform/access/scope.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireRegion, requireVersion, writeVersioned } from '../shared/records.js';
import { CustomerStore, toCustomer } from './store.js';
import { duplicateReport, type DuplicateHit as SharedDuplicateHit, type DuplicateReport as SharedDuplicateReport } from '../shared/duplicates.js';
import { mergeParticipants } from '../shared/merge.js';

type CustomerUpdate = z.infer<typeof customerUpdate>;
type CustomerListQuery = z.infer<typeof customerListQuery>;

export type DuplicateHit = SharedDuplicateHit<'phone' | 'email' | 'name'>;
export type DuplicateReport = SharedDuplicateReport<'phone' | 'email' | 'name'>;

export class CustomerService {
  constructor(
    private readonly db: Executor,
    private readonly store = new CustomerStore(),
  ) {}

  async create(write: Write, input: CustomerCreate): Promise<{ customer: Customer } & DuplicateReport> {
    requirePermission(write.auth, 'crm.write');
    const ownerId = input.ownerId ?? write.auth.userId;
    const { teamId } = await requireAssignable(write.tx, write.auth, ownerId);
    await requireRegion(write.tx, write.auth.orgId, input.regionId, 'body.regionId');
    const row = buildCustomerRow({ id: newId(), orgId: write.auth.orgId, ownerId, teamId, now: write.now }, input);
    const report = await this.duplicatesOf(write.tx, write.auth, row);
    await write.tx.insertInto('customers').values(row).execute();
    const customer = toCustomer(row);
    await write.audit({ action: 'create', entityType: 'customer', entityId: row.id, after: customer });
    await write.emit({ type: 'customer.created', subject: row.id, payload: { ownerId, duplicates: report.duplicates.map((d) => d.id) } });
    return { customer, ...report };
  }

  async get(auth: AuthContext, id: string): Promise<Customer> {
    requirePermission(auth, 'crm.read');
    return toCustomer(await this.visible(this.db, auth, id));
  }

  async list(auth: AuthContext, query: CustomerListQuery) {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query, query);
    return { items: rows.map(toCustomer), nextCursor };
  }

  async update(write: Write, id: string, patch: CustomerUpdate): Promise<Customer> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('customer', current, patch.version);
    const next: CustomerRow = { ...current };
    if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id) {
      next.owner_id = patch.ownerId;
      next.team_id = (await requireAssignable(write.tx, write.auth, patch.ownerId, current.owner_id)).teamId;
    }
    if (patch.regionId !== undefined) await requireRegion(write.tx, write.auth.orgId, patch.regionId, 'body.regionId');
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.industry !== undefined) next.industry = patch.industry;
    if (patch.regionId !== undefined) next.region_id = patch.regionId;
    if (patch.city !== undefined) next.city = patch.city;
    if (patch.address !== undefined) next.address = patch.address;
    if (patch.size !== undefined) next.size = patch.size;
    if (patch.budgetBand !== undefined) next.budget_band = patch.budgetBand;
    if (patch.decisionChain !== undefined) next.decision_chain = patch.decisionChain;
    if (patch.creditLimit !== undefined) {
      next.credit_limit_minor = patch.creditLimit?.minor ?? null;
      next.credit_currency = patch.creditLimit?.currency ?? null;
    }
    if (patch.partnerTier !== undefined) next.partner_tier = patch.partnerTier;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.email !== undefined) next.email = patch.email;
    if (patch.tags !== undefined) next.tags = JSON.stringify(patch.tags);
    next.name_normal = normaliseCompany(next.name);
    next.phone_normal = normalisePhone(next.phone);
    next.email_normal = normaliseEmail(next.email);
    next.search_text = customerSearchText(next);
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<Customer> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('customer', current, version);
    if (current.merged_into && !archived) {
      throw new AppError('CONFLICT', { detail: `This customer was merged into ${current.merged_into} and cannot be restored.` });
    }
    return this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
  }

  async duplicates(auth: AuthContext, id: string): Promise<DuplicateReport> {
    requirePermission(auth, 'crm.read');
    const row = await this.visible(this.db, auth, id);
    return this.duplicatesOf(this.db, auth, row);
  }

  /**
   * Merges `sourceIds` into `survivorId`: contacts, leads and activities move over, empty fields of the
   * survivor are filled from the sources, the sources are archived with `merged_into` set. Each customer touched
   * gets an audit entry; the survivor's entry counts the contacts, leads and activities that moved.
   */
  async merge(write: Write, survivorId: string, sourceIds: string[]): Promise<Customer> {
    requirePermission(write.auth, 'crm.merge');
    const { survivor, sources, sourceIds: ids } = await mergeParticipants('customer', survivorId, sourceIds, {
      one: (id) => this.visible(write.tx, write.auth, id),
      many: (many) => this.store.findManyVisible(write.tx, write.auth, many),
    });
    const merged: CustomerRow = { ...survivor };
    const tags = new Set(JSON.parse(survivor.tags) as string[]);
    for (const source of sources) {
      for (const key of ['region_id', 'city', 'address', 'phone', 'phone_normal', 'email', 'email_normal', 'credit_limit_minor', 'credit_currency', 'partner_tier'] as const) {
        if (merged[key] === null && source[key] !== null) (merged as Record<string, unknown>)[key] = source[key];
      }
      for (const tag of JSON.parse(source.tags) as string[]) tags.add(tag);
    }
    merged.tags = JSON.stringify([...tags].slice(0, 20));
    merged.search_text = customerSearchText(merged);
    const moved: Record<string, number> = {};
    for (const table of ['contacts', 'leads', 'activities'] as const) {
      const result = await write.tx
        .updateTable(table)
        .set({ customer_id: survivorId, updated_at: write.now })
        .where('org_id', '=', write.auth.orgId)
        .where('customer_id', 'in', ids)
        .executeTakeFirst();
      moved[table] = Number(result.numUpdatedRows);
    }
    for (const source of sources) {
      await this.save(write, source, { ...source, status: 'archived', merged_into: survivorId }, 'merged_away');
    }
    const result = await this.save(write, survivor, merged, 'merge', { mergedFrom: ids, moved });
    await write.emit({ type: 'customer.merged', subject: survivorId, payload: { mergedFrom: ids } });
    return result;
  }

  private async visible(db: Executor, auth: AuthContext, id: string): Promise<CustomerRow> {
    const row = await this.store.findVisible(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'customer' });
    return row;
  }

  /** Writes `next` if nobody changed the row since `current` was read; audits the changed fields. */
  private async save(write: Write, current: CustomerRow, next: CustomerRow, action: string, extra?: Record<string, unknown>): Promise<Customer> {
    const saved = await writeVersioned(write.tx, 'customers', 'customer', current, next, write.now);
    const id = saved.id;
    const before = toCustomer(current);
    const after = toCustomer(saved);
    const changed = diff(before, after);
    await write.audit({ action, entityType: 'customer', entityId: id, before: changed.before, after: { ...changed.after, ...extra } });
    if (action === 'update' || action === 'archive' || action === 'restore') {
      await write.emit({ type: `customer.${action === 'update' ? 'updated' : action === 'archive' ? 'archived' : 'restored'}`, subject: id, payload: { changed: Object.keys(changed.after) } });
    }
    return after;
  }

  private async duplicatesOf(db: Executor, auth: AuthContext, row: CustomerRow): Promise<DuplicateReport> {
    const matches = await this.store.findDuplicates(db, auth.orgId, { phone: row.phone_normal, email: row.email_normal, name: row.name_normal }, row.id);
    return duplicateReport(row, matches, [['phone', (r) => r.phone_normal], ['email', (r) => r.email_normal], ['name', (r) => r.name_normal]], async (ids) =>
      new Set((await this.store.findManyVisible(db, auth, ids)).map((m) => m.id)));
  }

}

/** A new customer row from validated input: the one place that fills normal forms and search text. */
export function buildCustomerRow(
  meta: { id: string; orgId: string; ownerId: string; teamId: string | null; now: string },
  input: CustomerCreate,
): CustomerRow {
  const row: CustomerRow = {
    id: meta.id,
    org_id: meta.orgId,
    name: input.name,
    name_normal: normaliseCompany(input.name),
    industry: input.industry,
    region_id: input.regionId ?? null,
    city: input.city ?? null,
    address: input.address ?? null,
    size: input.size,
    budget_band: input.budgetBand,
    decision_chain: input.decisionChain,
    credit_limit_minor: input.creditLimit?.minor ?? null,
    credit_currency: input.creditLimit?.currency ?? null,
    partner_tier: input.partnerTier ?? null,
    phone: input.phone ?? null,
    phone_normal: normalisePhone(input.phone),
    email: input.email ?? null,
    email_normal: normaliseEmail(input.email),
    tags: JSON.stringify(input.tags),
    owner_id: meta.ownerId,
    team_id: meta.teamId,
    merged_into: null,
    search_text: '',
    status: 'active',
    version: 1,
    created_at: meta.now,
    updated_at: meta.now,
  };
  row.search_text = customerSearchText(row);
  return row;
}

export function customerSearchText(row: Pick<CustomerRow, 'name' | 'phone' | 'phone_normal' | 'email' | 'city'>): string {
  return searchText([row.name, row.phone, row.phone_normal, row.email, row.city]);
}
