/**
 * A person's inbox: list (newest first, optionally unread only), mark one or all read, count the unread. An inbox
 * is its recipient's alone — nobody else, admins included, reads or marks it — so every query here is narrowed to
 * the caller's own organisation and user id by `ownInbox`, and anything else answers 404.
 */
import { AppError, type NotificationView } from '@closeloop/core';
import type { z } from 'zod';
import type { notificationListQuery } from '@closeloop/core';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { pageOf } from '../../platform/http/pagination.js';
import { toNotificationView, type NotificationCenter } from '../../platform/notify/index.js';

type ListQuery = z.infer<typeof notificationListQuery>;

function ownInbox(db: Executor, auth: Pick<AuthContext, 'orgId' | 'userId'>) {
  return db.selectFrom('notifications').where('notifications.org_id', '=', auth.orgId).where('notifications.recipient_id', '=', auth.userId);
}

export class InboxService {
  constructor(
    private readonly db: Executor,
    private readonly center: NotificationCenter,
  ) {}

  async list(auth: AuthContext, query: ListQuery): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    let rows = ownInbox(this.db, auth).selectAll();
    if (query.unread === 'true') rows = rows.where('notifications.read_at', 'is', null);
    const page = await pageOf(rows, { sort: 'createdAt:desc', cursor: query.cursor, limit: query.limit }, { createdAt: 'notifications.created_at' }, 'notifications.id');
    return { items: page.rows.map(toNotificationView), nextCursor: page.nextCursor };
  }

  async unreadCount(auth: AuthContext): Promise<{ count: number }> {
    const row = await ownInbox(this.db, auth)
      .where('notifications.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n) };
  }

  /** Marks one notification read; reading it again keeps the first time it was read. */
  async markRead(write: Write, id: string): Promise<NotificationView> {
    const changed = await write.tx
      .updateTable('notifications')
      .set({ read_at: write.now })
      .where('org_id', '=', write.auth.orgId)
      .where('recipient_id', '=', write.auth.userId)
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    const row = await ownInbox(write.tx, write.auth).selectAll().where('notifications.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'notification' });
    if (Number(changed.numUpdatedRows) > 0) await this.center.readChanged(write.tx, write.auth.userId);
    return toNotificationView(row);
  }

  async readAll(write: Write): Promise<{ marked: number }> {
    const changed = await write.tx
      .updateTable('notifications')
      .set({ read_at: write.now })
      .where('org_id', '=', write.auth.orgId)
      .where('recipient_id', '=', write.auth.userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    const marked = Number(changed.numUpdatedRows);
    if (marked > 0) await this.center.readChanged(write.tx, write.auth.userId);
    return { marked };
  }
}
