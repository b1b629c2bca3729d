/**
 * The same rule as `ownedScope` (scope.ts), for one row already in memory: may this caller see a customer or lead
 * with these owner, team, region and industry? Used where a query per reader would be wasteful — deciding which open
 * live streams hear that a record changed. A property test keeps it equal to the SQL filter.
 */
import type { AuthContext } from './auth-context.js';

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
