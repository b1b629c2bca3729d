/** A notification as the inbox, live push and the API show it. */
import type { Selectable } from 'kysely';
import type { NotificationTemplate, NotificationView } from '@closeloop/core';
import type { NotificationTable } from '../db/schema.js';

export type NotificationRow = Selectable<NotificationTable>;

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    template: row.template as NotificationTemplate,
    title: row.title,
    body: row.body,
    link: row.link,
    subject: row.subject_type !== null && row.subject_id !== null ? { type: row.subject_type, id: row.subject_id } : null,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
