/** The people directory the admin pages work with: users, teams, regions and API tokens, as the server answers them. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DataScope, Role, User } from '@closeloop/core';
import { api, type Page } from '../../../api/client';

export type { User };

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

export interface ApiToken {
  id: string;
  name: string;
  permissions: string[];
  userId: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export type ApiTokenCreated = ApiToken & { secret: string };

export type UserStatusFilter = 'active' | 'disabled' | 'all';
export interface UserFilters {
  q?: string | undefined;
  role?: Role | undefined;
  teamId?: string | undefined;
  dataScope?: DataScope | undefined;
  status: UserStatusFilter;
}

export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: ['users', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<Page<User>>('/users', { query: { ...filters, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

// A page of the largest size the server allows; an organisation's staff fits in a few of them.
const directoryPage = 200;

/** Everyone of the organisation, disabled people included, to put names on ids (leaders, token owners, actors). */
export function usePeopleDirectory() {
  return useQuery({
    queryKey: ['users', 'directory'],
    queryFn: async ({ signal }) => {
      const people: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<Page<User>>('/users', { query: { status: 'all', limit: directoryPage, cursor }, signal });
        people.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return new Map(people.map((person) => [person.id, person]));
    },
    staleTime: 60_000,
  });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => api<{ items: Team[] }>('/teams', { signal }).then((r) => r.items) });
}

export function useRegions() {
  return useQuery({ queryKey: ['regions'], queryFn: ({ signal }) => api<{ items: Region[] }>('/regions', { signal }).then((r) => r.items) });
}

export type TokenStatusFilter = 'active' | 'all';

export function useApiTokens(filters: { status: TokenStatusFilter; userId?: string | undefined }) {
  return useInfiniteQuery({
    queryKey: ['api_tokens', 'list', filters],
    queryFn: ({ pageParam, signal }) => api<Page<ApiToken>>('/api-tokens', { query: { ...filters, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
