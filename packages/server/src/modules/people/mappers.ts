import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { apiToken, region, team, User } from '@closeloop/core';
import type { ApiTokenTable, RegionTable, TeamRow, UserRow } from '../../platform/db/schema.js';

export type RegionRow = Selectable<RegionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

type Team = z.infer<typeof team>;
type Region = z.infer<typeof region>;
type ApiToken = z.infer<typeof apiToken>;

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
    lockedUntil: row.locked_until,
    version: row.version,
    createdAt: row.created_at,
  };
}

export function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, parentId: row.parent_id, regionId: row.region_id, leaderId: row.leader_id, version: row.version };
}

export function toRegion(row: RegionRow): Region {
  return { id: row.id, name: row.name, parentId: row.parent_id, code: row.code };
}

/** A token as listed: never its secret, which exists only in the creation response. */
export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    permissions: JSON.parse(row.permissions) as string[],
    userId: row.user_id,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
