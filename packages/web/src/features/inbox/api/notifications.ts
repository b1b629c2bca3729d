/**
 * The inbox and notification settings as the server answers them. Every key starts with 'notifications', so the
 * live stream's pushes (src/api/live.ts) refresh an open inbox without a reload.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPreferences, NotificationPreferencesUpdate, NotificationView } from '@closeloop/core';
import { api, type Page } from '../../../api/client';

export type InboxFilter = 'all' | 'unread';
const pageSize = 30;

export function useInbox(filter: InboxFilter) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'inbox', filter],
    queryFn: ({ pageParam, signal }) =>
      api<Page<NotificationView>>('/notifications', { query: { unread: filter === 'unread' ? 'true' : 'false', limit: pageSize, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Marking read changes the list and the badge; the stream's `unread` event follows, this just does not wait for it. */
function useRefreshInbox() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['notifications'] });
}

export function useMarkRead() {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: (id: string) => api<NotificationView>(`/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: refresh,
  });
}

export function useMarkAllRead() {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: () => api<{ marked: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: refresh,
  });
}

const preferencesKey = ['notifications', 'preferences'] as const;

export function usePreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: ({ signal }) => api<NotificationPreferences>('/notifications/preferences', { signal }) });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: NotificationPreferencesUpdate) => api<NotificationPreferences>('/notifications/preferences', { method: 'PUT', body: update }),
    onSuccess: (saved) => client.setQueryData(preferencesKey, saved),
  });
}
