/** Who is calling and what they may reach, resolved once per request. */
import { AppError, permissions as allPermissions, roleAllows, type DataScope, type Locale, type Permission, type Role } from '@closeloop/core';
import type { Executor } from '../db/database.js';
import type { UserRow } from '../db/schema.js';

export interface AuthContext {
  orgId: string;
  userId: string;
  role: Role;
  dataScope: DataScope;
  /** team scope: every team the person leads or belongs to as a manager, with all teams below them */
  teamIds: readonly string[];
  /** whitelist scope: regions (with every region below them) and industries; an empty axis allows any */
  whitelistRegionIds: readonly string[];
  whitelistIndustries: readonly string[];
  /** what this principal may do: the role's permissions, narrowed by an API token's own list */
  permissions: ReadonlySet<Permission>;
  principal: { kind: 'session' | 'token'; id: string };
  locale: Locale;
}

export function can(auth: AuthContext, permission: Permission): boolean {
  return auth.permissions.has(permission);
}

export function requirePermission(auth: AuthContext, permission: Permission): void {
  if (!can(auth, permission)) throw new AppError('FORBIDDEN');
}

/** Builds the context for a user; `tokenPermissions` narrows it for API tokens. */
export async function resolveAuth(
  db: Executor,
  user: UserRow,
  principal: AuthContext['principal'],
  tokenPermissions?: readonly Permission[],
): Promise<AuthContext> {
  const role = user.role as Role;
  const dataScope = user.data_scope as DataScope;
  const rolePerms = allPermissions.filter((p) => roleAllows(role, p));
  const permissions = new Set(tokenPermissions ? rolePerms.filter((p) => tokenPermissions.includes(p)) : rolePerms);
  let teamIds: string[] = [];
  if (dataScope === 'team') {
    const led = await db.selectFrom('teams').select('id').where('org_id', '=', user.org_id).where('leader_id', '=', user.id).execute();
    const roots = led.map((t) => t.id);
    if (role === 'manager' && user.team_id) roots.push(user.team_id);
    teamIds = await descendants(db, user.org_id, 'teams', roots);
  }
  let whitelistRegionIds: string[] = [];
  if (dataScope === 'whitelist') {
    whitelistRegionIds = await descendants(db, user.org_id, 'regions', JSON.parse(user.whitelist_region_ids) as string[]);
  }
  return {
    orgId: user.org_id,
    userId: user.id,
    role,
    dataScope,
    teamIds,
    whitelistRegionIds,
    whitelistIndustries: dataScope === 'whitelist' ? (JSON.parse(user.whitelist_industries) as string[]) : [],
    permissions,
    principal,
    locale: user.locale === 'en' ? 'en' : 'zh-CN',
  };
}

/** The given nodes and every node below them in a parent_id hierarchy (teams or regions). */
async function descendants(db: Executor, orgId: string, table: 'teams' | 'regions', roots: string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const all = await db.selectFrom(table).select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
  const children = new Map<string, string[]>();
  for (const node of all) {
    if (!node.parent_id) continue;
    children.set(node.parent_id, [...(children.get(node.parent_id) ?? []), node.id]);
  }
  const seen = new Set<string>();
  const stack = roots.filter((r) => all.some((n) => n.id === r));
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return [...seen];
}
