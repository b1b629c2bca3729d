/**
 * Silence alerts over the API (A5). Keys start with `silences`: the live stream's hint when an alert is raised or
 * ends, so every list of them refreshes by itself. No UI library here: the phone and the desk share it.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { SilenceAlert } from '@closeloop/core';
import { api, type Page } from '../../api/client';

/** A type, not an interface: it passes as a query string's parameters. */
export type SilenceFilters = {
  status: 'open' | 'resolved';
  ownerId?: string | undefined;
  teamId?: string | undefined;
  stage?: string | undefined;
  minDays?: number | undefined;
};

/** The first alerts of a filter, the longest silent first (the phone home's few cards). */
export function useSilenceAlerts(filters: SilenceFilters, limit: number) {
  return useQuery({
    queryKey: ['silences', 'first', filters, limit],
    queryFn: ({ signal }) => api<Page<SilenceAlert>>('/silence-alerts', { query: { ...filters, limit }, signal }),
  });
}

/** Every alert of a filter, a page at a time. */
export function useSilencePages(filters: SilenceFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['silences', 'pages', filters, limit],
    queryFn: ({ pageParam, signal }) => api<Page<SilenceAlert>>('/silence-alerts', { query: { ...filters, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
