/**
 * A record list read page by page with the server's cursors. Keyed `[kind, query]`, so a live push about a record
 * (which invalidates `[kind]`) refreshes every open list of that kind, and each distinct query has its own cache.
 */
import { useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api/client';
import type { ListKind, ListQuery } from './list-spec';

export const pageSize = 50;

export function useCursorList<T>(kind: ListKind, query: ListQuery, options: { enabled?: boolean; limit?: number } = {}) {
  const limit = options.limit ?? pageSize;
  const result = useInfiniteQuery({
    queryKey: [kind, query, limit],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(`/${kind}`, { query: { ...query, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A new filter keeps the old rows on screen until its answer arrives, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
  // The same array until the pages change, so the table below keeps its rows when nothing new arrived.
  const items = useMemo(() => (result.data ? result.data.pages.flatMap((page) => page.items) : []), [result.data]);
  return { ...result, items };
}
