/**
 * A record list read page by page with the server's cursors. Keyed `[kind, query]`, so a live push about a record
 * (which invalidates `[kind]`) refreshes every open list of that kind, and each distinct query has its own cache.
 */
import { useMemo } from 'react';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery, type QueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { ListKind, ListQuery } from './list-spec';

export const pageSize = 50;

function cursorListQuery<T>(kind: ListKind, query: ListQuery, limit = pageSize) {
  return infiniteQueryOptions({
    queryKey: [kind, query, limit],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(`/${kind}`, { query: { ...query, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * Asks for a list's first page as soon as its query changes (a sort click, a settled search), in parallel with drawing
 * the page for the new address; the list then finds the request already on its way.
 */
export function prefetchCursorList(client: QueryClient, kind: ListKind, query: ListQuery): void {
  void client.prefetchInfiniteQuery(cursorListQuery(kind, query));
}

export function useCursorList<T>(kind: ListKind, query: ListQuery, options: { enabled?: boolean; limit?: number } = {}) {
  const result = useInfiniteQuery({
    ...cursorListQuery<T>(kind, query, options.limit),
    // A new filter keeps the old rows on screen until its answer arrives, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
  // The same array until the pages change, so the table below keeps its rows when nothing new arrived.
  const items = useMemo(() => (result.data ? result.data.pages.flatMap((page) => page.items) : []), [result.data]);
  return { ...result, items };
}
