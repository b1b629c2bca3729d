/**
 * The same rule as `ownedScope` (scope.ts), for one row already in memory: may this caller see a customer or lead
 * with these owner, team, region and industry? Used where a query per reader would be wasteful — deciding which open
 * live streams hear that a record changed. A property test keeps it equal to the SQL filter.
 */
import { can, type AuthContext } from './auth-context.js';

export interface OwnedRowFacts {
  orgId: string;
  ownerId: string | null;
  teamId: string | null;
  regionId: string | null;
  industry: string | null;
}

export function mayView(auth: AuthContext, row: OwnedRowFacts): boolean {
  if (row.orgId !== auth.orgId) return false;
  const own = row.ownerId === auth.userId;
  switch (auth.dataScope) {
    case 'all':
      return true;
    case 'own':
      return own;
    case 'team':
      return own || (row.teamId !== null && auth.teamIds.includes(row.teamId));
    case 'whitelist': {
      const axes: boolean[] = [];
      if (auth.whitelistRegionIds.length > 0) axes.push(row.regionId !== null && auth.whitelistRegionIds.includes(row.regionId));
      if (auth.whitelistIndustries.length > 0) axes.push(row.industry !== null && auth.whitelistIndustries.includes(row.industry));
      return own || (axes.length > 0 && axes.every(Boolean));
    }
  }
}

/**
 * Whose commission statement a caller may read — the reach of the commissions module's `reachOf`, for one person
 * already in memory (`ownerId`: the person paid, `teamId`: their team): their own; with reports.read, the people of the
 * teams they lead and below (team scope) or everyone (scope all). A whitelist opens customers, never someone's pay.
 */
export function mayReadCommissionsOf(auth: AuthContext, person: Pick<OwnedRowFacts, 'orgId' | 'ownerId' | 'teamId'>): boolean {
  if (person.orgId !== auth.orgId || !can(auth, 'crm.read')) return false;
  if (person.ownerId === auth.userId) return true;
  if (!can(auth, 'reports.read')) return false;
  if (auth.dataScope === 'all') return true;
  return auth.dataScope === 'team' && person.teamId !== null && auth.teamIds.includes(person.teamId);
}
