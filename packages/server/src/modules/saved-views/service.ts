/**
 * Saved views: each person's named filters and sort of a record list. A view is its owner's alone — nobody else
 * lists or deletes it, whatever their role — and saving under a name the person already uses replaces that view.
 */
import { AppError, savedViewsPerList, type SavedView, type SavedViewCreate, type SavedViewList } from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Selectable } from 'kysely';
import type { SavedViewTable } from '../../platform/db/schema.js';
import { isUniqueViolation, type Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';

type SavedViewRow = Selectable<SavedViewTable>;

const columns = ['id', 'org_id', 'user_id', 'list', 'name', 'query', 'created_at', 'updated_at'] as const;

function toSavedView(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    list: row.list as SavedViewList,
    name: row.name,
    query: JSON.parse(row.query) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SavedViewService {
  constructor(private readonly db: Executor) {}

  async list(auth: AuthContext, list: SavedViewList): Promise<{ items: SavedView[] }> {
    requirePermission(auth, 'crm.read');
    const rows = await this.db
      .selectFrom('saved_views')
      .select(columns)
      .where('user_id', '=', auth.userId)
      .where('list', '=', list)
      .where('org_id', '=', auth.orgId)
      .orderBy('name')
      .execute();
    return { items: rows.map(toSavedView) };
  }

  /** Creates the view, or replaces the query of the caller's view of that list with that name. */
  async save(write: Write, input: SavedViewCreate): Promise<{ created: boolean; view: SavedView }> {
    const { auth } = write;
    requirePermission(auth, 'crm.read');
    const existing = await write.tx
      .selectFrom('saved_views')
      .select(columns)
      .where('user_id', '=', auth.userId)
      .where('list', '=', input.list)
      .where('name', '=', input.name)
      .where('org_id', '=', auth.orgId)
      .executeTakeFirst();
    const query = JSON.stringify(input.query);
    if (existing) {
      await write.tx.updateTable('saved_views').set({ query, updated_at: write.now }).where('id', '=', existing.id).execute();
      const view = toSavedView({ ...existing, query, updated_at: write.now });
      await write.audit({ action: 'update', entityType: 'saved_view', entityId: view.id, before: { query: toSavedView(existing).query }, after: { query: view.query } });
      return { created: false, view };
    }
    const { n } = await write.tx
      .selectFrom('saved_views')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', auth.userId)
      .where('list', '=', input.list)
      .executeTakeFirstOrThrow();
    if (Number(n) >= savedViewsPerList) {
      throw new AppError('CONFLICT', {
        detail: {
          en: `You already keep ${savedViewsPerList} views of this list. Delete one you no longer use, or save under an existing name to replace it.`,
          'zh-CN': `此列表已保存 ${savedViewsPerList} 个视图。请先删除不再使用的视图，或用已有名称保存以覆盖它。`,
        },
      });
    }
    const row: SavedViewRow = {
      id: newId(), org_id: auth.orgId, user_id: auth.userId, list: input.list, name: input.name, query, created_at: write.now, updated_at: write.now,
    };
    try {
      await write.tx.insertInto('saved_views').values(row).execute();
    } catch (error) {
      // The same name saved twice at once: the other save won; this one can simply be repeated.
      if (isUniqueViolation(error)) {
        throw new AppError('CONFLICT', {
          detail: { en: 'A view with this name was saved at the same moment. Save again to replace it.', 'zh-CN': '同名视图刚刚已被保存，请再次保存以覆盖它。' },
        });
      }
      throw error;
    }
    const view = toSavedView(row);
    await write.audit({ action: 'create', entityType: 'saved_view', entityId: view.id, after: view });
    return { created: true, view };
  }

  async remove(write: Write, id: string): Promise<void> {
    const { auth } = write;
    requirePermission(auth, 'crm.read');
    // Someone else's view is as invisible as a missing one.
    const row = await write.tx
      .selectFrom('saved_views')
      .select(columns)
      .where('id', '=', id)
      .where('user_id', '=', auth.userId)
      .where('org_id', '=', auth.orgId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'saved_view' });
    await write.tx.deleteFrom('saved_views').where('id', '=', id).execute();
    await write.audit({ action: 'delete', entityType: 'saved_view', entityId: id, before: toSavedView(row) });
  }
}
