/**
 * The people and regions the record pages put names on (owners, regions) and offer in pickers. The whole directory
 * is read once and kept for a few minutes: an organisation's staff fits in a few pages of the largest size.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@closeloop/core';
import { api, type Page } from '../../api/client';
import { useSignedIn } from '../../api/session';

export interface Region {
  id: string;
  name: string;
  parentId: string | null;
  code: string | null;
}

const directoryPage = 200;

export function usePeople() {
  const query = useQuery({
    queryKey: ['users', 'owners'],
    queryFn: async ({ signal }) => {
      const people: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<Page<User>>('/users', { query: { status: 'all', limit: directoryPage, cursor }, signal });
        people.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return people;
    },
    staleTime: 5 * 60_000,
  });
  const byId = useMemo(() => new Map((query.data ?? []).map((person) => [person.id, person])), [query.data]);
  return { ...query, people: query.data ?? [], byId };
}

export function useRegions() {
  const query = useQuery({
    queryKey: ['regions', 'all'],
    queryFn: ({ signal }) => api<{ items: Region[] }>('/regions', { signal }).then((answer) => answer.items),
    staleTime: 5 * 60_000,
  });
  const byId = useMemo(() => new Map((query.data ?? []).map((region) => [region.id, region])), [query.data]);
  return { ...query, regions: query.data ?? [], byId };
}

interface Team {
  id: string;
  parentId: string | null;
  leaderId: string | null;
}

function useTeams(enabled: boolean) {
  return useQuery({
    queryKey: ['teams', 'tree'],
    queryFn: ({ signal }) => api<{ items: Team[] }>('/teams', { signal }).then((answer) => answer.items),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/**
 * The teams a team-scope person reaches, as the server works them out (platform/access/auth-context.ts): the teams
 * they lead, a manager's own team, and every team below those.
 */
export function reachableTeams(teams: readonly Team[], user: Pick<User, 'id' | 'role' | 'teamId'>): Set<string> {
  const reached = new Set(teams.filter((team) => team.leaderId === user.id).map((team) => team.id));
  if (user.role === 'manager' && user.teamId) reached.add(user.teamId);
  for (let grew = true; grew; ) {
    grew = false;
    for (const team of teams) {
      if (team.parentId && reached.has(team.parentId) && !reached.has(team.id)) {
        reached.add(team.id);
        grew = true;
      }
    }
  }
  return reached;
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
