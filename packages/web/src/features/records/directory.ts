/**
 * Who the record pages let a person hand records to. The directory itself (people, teams, regions) is the shared one
 * in api/directory.ts; this adds the server's reach rules on top of it.
 */
import { useMemo } from 'react';
import type { User } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { usePeople, useTeams, type Team } from '../../api/directory';
import { subtreeOf } from '../../lib/tree';

/**
 * The teams a team-scope person reaches, as the server works them out (platform/access/auth-context.ts): the teams
 * they lead, a manager's own team, and every team below those.
 */
export function reachableTeams(teams: readonly Pick<Team, 'id' | 'parentId' | 'leaderId'>[], user: Pick<User, 'id' | 'role' | 'teamId'>): Set<string> {
  const roots = teams.filter((team) => team.leaderId === user.id).map((team) => team.id);
  if (user.role === 'manager' && user.teamId) roots.push(user.teamId);
  return subtreeOf(teams, ...roots);
}

/**
 * Who the signed-in person may hand records to, as the server decides it (platform/access/scope.ts): a team-scope
 * person their teams' people, an all-scope person anyone active; own and whitelist scopes keep records where they
 * are. The server checks each request anyway; this only keeps the pickers honest.
 */
export function useAssignment() {
  const session = useSignedIn();
  const { people } = usePeople();
  const scope = session.user.dataScope;
  const teams = useTeams(scope === 'team');
  const canReassign = session.permissions.includes('crm.write') && (scope === 'all' || scope === 'team');
  const assignable = useMemo(() => {
    const reached = scope === 'team' ? reachableTeams(teams.data ?? [], session.user) : new Set<string>();
    return people.filter(
      (person) =>
        person.status === 'active' &&
        (scope === 'all' || person.id === session.user.id || (person.teamId !== null && reached.has(person.teamId))),
    );
  }, [people, scope, teams.data, session.user]);
  return { canReassign, assignable };
}
