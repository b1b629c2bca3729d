/**
 * The user list and API tokens the admin pages page through. The whole directory (people, teams, regions) that names
 * ids and fills pickers is the shared one in api/directory.ts.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { DataScope, Role, User } from '@closeloop/core';
import { api, type Page } from '../../../api/client';

export type { User };

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
