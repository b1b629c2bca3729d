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

/**
 * Who the signed-in person may hand records to, as the server decides it (platform/access/scope.ts): a team-scope
 * manager their teams' people, an all-scope person anyone active; own and whitelist scopes keep records where they
 * are. The server checks each request anyway; this only keeps the pickers honest.
 */
export function useAssignment() {
  const session = useSignedIn();
  const { people } = usePeople();
  const scope = session.user.dataScope;
  const canReassign = session.permissions.includes('crm.write') && (scope === 'all' || scope === 'team');
  const assignable = useMemo(
    () => people.filter((person) => person.status === 'active' && (scope === 'all' || scope === 'team' || person.id === session.user.id)),
    [people, scope, session.user.id],
  );
  return { canReassign, assignable };
}
