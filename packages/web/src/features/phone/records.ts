/**
 * How the phone pages read the server: one record by id, cursor-paged lists for infinite scroll, and a failed save's
 * field errors. Query keys start with the record type plural, so the live stream's pushes refresh them.
 */
import { queryOptions, useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError, type Page, type Query } from '../../api/client';
import { errorText } from '../../lib/errors';

export type ListPath = '/leads' | '/customers' | '/activities' | '/contacts' | '/notifications';

/** A list read page by page (`limit` rows each) as the person scrolls. */
export function usePagedList<T>(path: ListPath, query: Query, options: { limit?: number; enabled?: boolean } = {}) {
  const limit = options.limit ?? 20;
  return useInfiniteQuery({
    queryKey: [path.slice(1), 'pages', query, limit],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(path, { query: { ...query, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  });
}

export function itemsOf<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data ? data.pages.flatMap((page) => page.items) : [];
}

/** The first rows of a list, for summaries (home, a customer's leads); also what the phone home prefetches. */
export function firstRowsQuery<T>(path: ListPath, query: Query, limit: number) {
  return queryOptions({
    queryKey: [path.slice(1), 'first', query, limit],
    queryFn: ({ signal }) => api<Page<T>>(path, { query: { ...query, limit }, signal }),
  });
}

export function useFirstRows<T>(path: ListPath, query: Query, limit: number, enabled = true) {
  return useQuery({ ...firstRowsQuery<T>(path, query, limit), enabled });
}

export function useRecord<T>(type: 'leads' | 'customers', id: string | null | undefined) {
  return useQuery({
    queryKey: [type, 'one', id],
    queryFn: ({ signal }) => api<T>(`/${type}/${id}`, { signal }),
    enabled: !!id,
  });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** Server field errors arrive keyed `body.phone`; a form field is `phone`. */
export function bodyFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(error.fields)) {
    if (key.startsWith('body.')) out[key.slice('body.'.length).split('.')[0]!] ??= message;
  }
  return out;
}

/** The sentence above a form whose save failed: field problems sit on their fields; a lost connection may be retried. */
export function saveFailure(error: unknown, hasFieldErrors: boolean, t: TFunction): string {
  if (hasFieldErrors && error instanceof ApiError) return error.message;
  if (error instanceof ApiError && error.status === 0) return `${errorText(error, t)} ${t('phone.form.retrySafe')}`;
  return errorText(error, t);
}
