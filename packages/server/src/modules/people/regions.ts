/**
 * Regions (H1, E2): a tree of sales territories. Customers and leads sit in a region; whitelist scopes name
 * regions and reach every region below them, so a region's parent decides what whitelisted people see.
 */
import { AppError } from '@closeloop/core';
import type { z } from 'zod';
import type { region, regionCreate } from '@closeloop/core';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff } from '../shared/records.js';
import { toRegion, type RegionRow } from './mappers.js';
import { lockDirectory, requireNoCycle } from './hierarchy.js';
import { PeopleStore } from './store.js';
import type { RegionUpdate } from './contracts.js';

type Region = z.infer<typeof region>;
type RegionCreate = z.infer<typeof regionCreate>;

export class RegionService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly store = new PeopleStore(),
  ) {}

  /** Every region of the organisation, flat, each with its parent: the client builds the tree. */
  async list(auth: AuthContext): Promise<{ items: Region[] }> {
    requirePermission(auth, 'people.read');
    return { items: (await this.store.listRegions(this.database.db, auth)).map(toRegion) };
  }

  async create(write: Write, input: RegionCreate): Promise<Region> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    const row: RegionRow = {
      id: newId(), org_id: auth.orgId, name: input.name, parent_id: input.parentId ?? null, code: input.code ?? null, created_at: write.now,
    };
    await this.requireParent(tx, auth.orgId, row.parent_id);
    await tx.insertInto('regions').values(row).execute();
    const created = toRegion(row);
    await write.audit({ action: 'create', entityType: 'region', entityId: row.id, after: created });
    await write.emit({ type: 'region.created', subject: row.id, payload: { parentId: row.parent_id } });
    return created;
  }

  /**
   * Renames or moves a region. Regions carry no version (they change rarely and only by admins), so the last
   * write wins; every change is audited with before and after.
   */
  async update(write: Write, id: string, patch: RegionUpdate): Promise<Region> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    await lockDirectory(tx, this.database.dialect, auth.orgId);
    const current = await this.store.findRegion(tx, auth.orgId, id);
    if (!current) throw new AppError('NOT_FOUND', { entity: 'region' });
    const next: RegionRow = { ...current };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.code !== undefined) next.code = patch.code;
    if (patch.parentId !== undefined && patch.parentId !== current.parent_id) {
      await this.requireParent(tx, auth.orgId, patch.parentId);
      await requireNoCycle(tx, this.store, auth.orgId, 'regions', id, patch.parentId);
      next.parent_id = patch.parentId;
    }
    await tx.updateTable('regions').set({ name: next.name, code: next.code, parent_id: next.parent_id }).where('id', '=', id).execute();
    const after = toRegion(next);
    const changed = diff(toRegion(current), after);
    if (Object.keys(changed.after).length > 0) {
      // Moving a region changes what whitelisted people under its old and new parents can read.
      await write.audit({ action: 'parentId' in changed.after ? 'permission_change' : 'update', entityType: 'region', entityId: id, before: changed.before, after: changed.after });
      await write.emit({ type: 'region.updated', subject: id, payload: { changed: Object.keys(changed.after) } });
    }
    return after;
  }

  private async requireParent(db: Executor, orgId: string, parentId: string | null): Promise<void> {
    if (parentId === null) return;
    if (!(await this.store.findRegion(db, orgId, parentId))) throw new AppError('VALIDATION_FAILED', {}, { 'body.parentId': 'no such region' });
  }
}
