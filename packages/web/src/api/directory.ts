/**
 * The organisation's directory — people, teams, regions — read whole, as every page that puts names on ids or offers
 * them in a picker needs it. Each list lives under one query key, so the admin pages, the record pages and the phone
 * share one fetch, and an admin's edit (which invalidates ['users'], ['teams'] or ['regions']) refreshes them all.
 */
import { useMemo } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@closeloop/core';
import { api, type Page } from './client';

export interface Team {
  id: string;
  name: string;
  parentId: string | null;
  regionId: string | null;
  leaderId: string | null;
  version: number;
}

export interface Region {
  id: string;
  name: string;
  parentId: string | null;
  code: string | null;
}

// The largest page the server allows; an organisation's staff fits in a few of them.
const pageSize = 200;
// Names change seldom and an admin's own edits invalidate these keys: moving between pages need not refetch them.
const staleTime = 60_000;
const none: never[] = [];

function indexById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** Everyone, disabled people included: old records, audit entries and tokens still name them. */
const peopleQuery = queryOptions({
  queryKey: ['users', 'directory'],
  queryFn: async ({ signal }) => {
    const people: User[] = [];
    let cursor: string | undefined;
    do {
      const page = await api<Page<User>>('/users', { query: { status: 'all', limit: pageSize, cursor }, signal });
      people.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return people;
  },
  staleTime,
});

export function usePeople() {
  const query = useQuery(peopleQuery);
  const byId = useMemo(() => indexById(query.data ?? none), [query.data]);
  return { ...query, people: query.data ?? none, byId };
}

/** The same people as a Map by id in `data`, for pages that only look names up. */
export function usePeopleDirectory() {
  return useQuery({ ...peopleQuery, select: indexById<User> });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: ['teams', 'directory'],
    queryFn: ({ signal }) => api<{ items: Team[] }>('/teams', { signal }).then((answer) => answer.items),
    staleTime,
    enabled,
  });
}

export function useRegions() {
  const query = useQuery({
    queryKey: ['regions', 'directory'],
    queryFn: ({ signal }) => api<{ items: Region[] }>('/regions', { signal }).then((answer) => answer.items),
    staleTime,
  });
  const byId = useMemo(() => indexById(query.data ?? none), [query.data]);
  return { ...query, regions: query.data ?? none, byId };
}
