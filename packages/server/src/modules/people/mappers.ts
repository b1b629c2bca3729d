import type { User } from '@closeloop/core';
import type { UserRow } from '../../platform/db/schema.js';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role as User['role'],
    teamId: row.team_id,
    dataScope: row.data_scope as User['dataScope'],
    whitelist: { regionIds: JSON.parse(row.whitelist_region_ids) as string[], industries: JSON.parse(row.whitelist_industries) as string[] },
    locale: row.locale,
    status: row.status as User['status'],
    version: row.version,
    createdAt: row.created_at,
  };
}
