/** Leads: create, read, update, archive, list, find duplicates and merge them (A1, H1). */
import { AppError, normaliseCompany, normaliseEmail, normalisePhone, type Lead, type LeadCreate } from '@closeloop/core';
import type { z } from 'zod';
import type { leadListQuery, leadUpdate } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { LeadRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requireAssignable } from '../../platform/access/scope.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireRegion, requireVersion, writeVersioned } from '../shared/records.js';
import { buildLeadRow, leadSearchText, utcTime } from './lead-row.js';
import { LeadStore, toLead } from './store.js';
import { duplicateReport, type DuplicateHit, type DuplicateReport } from '../shared/duplicates.js';
import { mergeParticipants } from '../shared/merge.js';

type LeadUpdate = z.infer<typeof leadUpdate>;
type LeadListQuery = z.infer<typeof leadListQuery>;

export type LeadDuplicateHit = DuplicateHit<'phone' | 'email' | 'company'>;
export type LeadDuplicateReport = DuplicateReport<'phone' | 'email' | 'company'>;

// Fields a merge copies from a source when the survivor has none (normal forms travel with their field).
const fillableFields = [
  'company', 'company_normal', 'phone', 'phone_normal', 'email', 'email_normal', 'industry', 'region_id', 'city', 'customer_id',
] as const;

export class LeadService {
  constructor(
    private readonly db: Executor,
    private readonly store = new LeadStore(),
  ) {}

  async create(write: Write, input: LeadCreate): Promise<{ lead: Lead } & LeadDuplicateReport> {
    requirePermission(write.auth, 'crm.write');
    const ownerId = input.ownerId ?? write.auth.userId;
    const { teamId } = await requireAssignable(write.tx, write.auth, ownerId);
    await requireRegion(write.tx, write.auth.orgId, input.regionId, 'body.regionId');
    await this.requireCustomer(write.tx, write.auth, input.customerId);
    const row = buildLeadRow({ id: newId(), orgId: write.auth.orgId, ownerId, teamId, now: write.now }, input);
    const report = await this.duplicatesOf(write.tx, write.auth, row);
    await write.tx.insertInto('leads').values(row).execute();
    const lead = toLead(row);
    await write.audit({ action: 'create', entityType: 'lead', entityId: row.id, after: lead });
    await write.emit({
      type: 'lead.created', subject: row.id,
      payload: { ownerId, teamId, source: row.source, stage: row.stage, duplicates: report.duplicates.map((d) => d.id) },
    });
    return { lead, ...report };
  }

  async get(auth: AuthContext, id: string): Promise<Lead> {
    requirePermission(auth, 'crm.read');
    return toLead(await this.visible(this.db, auth, id));
  }

  async list(auth: AuthContext, query: LeadListQuery) {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query, query);
    return { items: rows.map(toLead), nextCursor };
  }

  async update(write: Write, id: string, patch: LeadUpdate): Promise<Lead> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('lead', current, patch.version);
    const next: LeadRow = { ...current };
    if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id) {
      next.owner_id = patch.ownerId;
      next.team_id = (await requireAssignable(write.tx, write.auth, patch.ownerId, current.owner_id)).teamId;
    }
    if (patch.regionId !== undefined) await requireRegion(write.tx, write.auth.orgId, patch.regionId, 'body.regionId');
    if (patch.customerId !== undefined && patch.customerId !== current.customer_id) await this.requireCustomer(write.tx, write.auth, patch.customerId);
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.company !== undefined) next.company = patch.company;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.email !== undefined) next.email = patch.email;
    if (patch.source !== undefined) next.source = patch.source;
    if (patch.stage !== undefined) next.stage = patch.stage;
    if (patch.industry !== undefined) next.industry = patch.industry;
    if (patch.regionId !== undefined) next.region_id = patch.regionId;
    if (patch.city !== undefined) next.city = patch.city;
    if (patch.customerId !== undefined) next.customer_id = patch.customerId;
    if (patch.intentTags !== undefined) next.intent_tags = JSON.stringify(patch.intentTags);
    if (patch.firstContactAt !== undefined) next.first_contact_at = utcTime(patch.firstContactAt);
    next.company_normal = normaliseCompany(next.company);
    next.phone_normal = normalisePhone(next.phone);
    next.email_normal = normaliseEmail(next.email);
    next.search_text = leadSearchText(next);
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<Lead> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('lead', current, version);
    if (current.merged_into && !archived) {
      throw new AppError('CONFLICT', { detail: `This lead was merged into ${current.merged_into} and cannot be restored.` });
    }
    return this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
  }

  async duplicates(auth: AuthContext, id: string): Promise<LeadDuplicateReport> {
    requirePermission(auth, 'crm.read');
    const row = await this.visible(this.db, auth, id);
    return this.duplicatesOf(this.db, auth, row);
  }

  /**
   * Merges `sourceIds` into `survivorId` in one transaction: activities move over, empty fields of the survivor
   * are filled from the sources (oldest source first), intent tags are united, the earliest first contact and
   * the latest activity are kept, and the sources are archived with `merged_into` set. Every lead touched is
   * audited.
   */
  async merge(write: Write, survivorId: string, sourceIds: string[]): Promise<Lead> {
    requirePermission(write.auth, 'crm.merge');
    const { survivor, sources, sourceIds: ids } = await mergeParticipants('lead', survivorId, sourceIds, {
      one: (id) => this.visible(write.tx, write.auth, id),
      many: (many) => this.store.findManyVisible(write.tx, write.auth, many),
    });
    const merged: LeadRow = { ...survivor };
    const tags = new Set(JSON.parse(survivor.intent_tags) as string[]);
    for (const source of sources) {
      for (const key of fillableFields) {
        if (merged[key] === null && source[key] !== null) merged[key] = source[key];
      }
      for (const tag of JSON.parse(source.intent_tags) as string[]) tags.add(tag);
      merged.first_contact_at = earliest(merged.first_contact_at, source.first_contact_at);
      if (source.last_activity_at > merged.last_activity_at) merged.last_activity_at = source.last_activity_at;
    }
    merged.intent_tags = JSON.stringify([...tags].slice(0, 20));
    merged.search_text = leadSearchText(merged);
    const movedActivities = await this.store.moveActivities(write.tx, write.auth.orgId, ids, survivorId, write.now);
    // The survivor's open next action is now the latest one planned on any of the merged leads.
    Object.assign(merged, await this.store.refreshNextAction(write.tx, write.auth.orgId, survivorId, write.now));
    for (const source of sources) {
      await this.save(write, source, { ...source, status: 'archived', merged_into: survivorId }, 'merged_away');
    }
    const result = await this.save(write, survivor, merged, 'merge', { mergedFrom: ids, movedActivities });
    await write.emit({ type: 'lead.merged', subject: survivorId, payload: { mergedFrom: ids, movedActivities, ownerId: merged.owner_id } });
    return result;
  }

  /**
   * The screening card's outcome (A2), written by the screening module in its transaction: intent level and tags,
   * planned cadence, and the industry when the rep named one. Versioned, audited and announced like any edit.
   */
  async applyScreening(
    write: Write,
    id: string,
    outcome: { intentLevel: string; intentTags: readonly string[]; cadenceDays: number; industry?: LeadRow['industry'] },
  ): Promise<Lead> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    if (current.merged_into) throw new AppError('CONFLICT', { detail: `This lead was merged into ${current.merged_into}; screen it there.` });
    const next: LeadRow = { ...current, intent_level: outcome.intentLevel, intent_tags: JSON.stringify(outcome.intentTags), cadence_days: outcome.cadenceDays };
    if (outcome.industry) next.industry = outcome.industry;
    return this.save(write, current, next, 'update');
  }

  /**
   * Called by the activities module inside its transaction when an activity is logged on a lead. The
   * caller has already checked that the lead is visible.
   */
  recordActivity(write: Write, leadId: string, occurredAt: string): Promise<void> {
    return this.store.recordActivity(write.tx, write.auth.orgId, leadId, occurredAt, write.now);
  }

  /** Called by the activities module when a lead's activities change: the lead's open next action follows them. */
  async refreshNextAction(write: Write, leadId: string): Promise<void> {
    await this.store.refreshNextAction(write.tx, write.auth.orgId, leadId, write.now);
  }

  /** The lead as the caller may see it, read in the given transaction; 404 otherwise. */
  async requireVisible(db: Executor, auth: AuthContext, id: string): Promise<Lead> {
    return toLead(await this.visible(db, auth, id));
  }

  private async visible(db: Executor, auth: AuthContext, id: string): Promise<LeadRow> {
    const row = await this.store.findVisible(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'lead' });
    return row;
  }

  private async requireCustomer(db: Executor, auth: AuthContext, customerId: string | null | undefined): Promise<void> {
    if (!customerId) return;
    if (!(await this.store.customerVisible(db, auth, customerId))) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.customerId': 'no such customer' });
    }
  }

  /** Writes `next` if nobody changed the row since `current` was read; audits the changed fields. */
  private async save(write: Write, current: LeadRow, next: LeadRow, action: string, extra?: Record<string, unknown>): Promise<Lead> {
    const saved = await writeVersioned(write.tx, 'leads', 'lead', current, next, write.now);
    const id = saved.id;
    const before = toLead(current);
    const after = toLead(saved);
    const changed = diff(before, after);
    await write.audit({ action, entityType: 'lead', entityId: id, before: changed.before, after: { ...changed.after, ...extra } });
    const eventType = { update: 'lead.updated', archive: 'lead.archived', restore: 'lead.restored' }[action];
    if (eventType) {
      const stage = before.stage !== after.stage ? { stage: { from: before.stage, to: after.stage } } : {};
      await write.emit({ type: eventType, subject: id, payload: { changed: Object.keys(changed.after), ownerId: after.ownerId, ...stage } });
    }
    return after;
  }

  private async duplicatesOf(db: Executor, auth: AuthContext, row: LeadRow): Promise<LeadDuplicateReport> {
    const matches = await this.store.findDuplicates(db, auth.orgId, { phone: row.phone_normal, email: row.email_normal, company: row.company_normal }, row.id);
    return duplicateReport(row, matches, [['phone', (r) => r.phone_normal], ['email', (r) => r.email_normal], ['company', (r) => r.company_normal]], async (ids) =>
      new Set((await this.store.findManyVisible(db, auth, ids)).map((m) => m.id)));
  }

}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
