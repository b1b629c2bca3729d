/**
 * One record by id and the writes every record kind shares: edit (with the version read), archive and restore.
 * A write puts the server's answer in the record's cache and marks the kind's lists stale.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { ListKind } from './list-spec';

export interface Versioned {
  id: string;
  version: number;
  status: 'active' | 'archived';
}

export const recordKey = (kind: ListKind, id: string | undefined) => [kind, 'one', id] as const;

export function useRecord<T>(kind: ListKind, id: string | undefined) {
  return useQuery({
    queryKey: recordKey(kind, id),
    queryFn: ({ signal }) => api<T>(`/${kind}/${id}`, { signal }),
    enabled: !!id,
  });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** Someone else saved the record since it was read (409 STALE_VERSION). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'STALE_VERSION';
}

export function patchRecord<T extends Versioned>(kind: ListKind, record: Versioned, changes: Record<string, unknown>): Promise<T> {
  return api<T>(`/${kind}/${record.id}`, { method: 'PATCH', body: { ...changes, version: record.version } });
}

export function setArchived<T extends Versioned>(kind: ListKind, record: Versioned, archived: boolean): Promise<T> {
  return api<T>(`/${kind}/${record.id}/${archived ? 'archive' : 'restore'}`, { method: 'POST', body: { version: record.version } });
}

/** After a write: the record as the server answered it, and every list of its kind to be read again. */
export function saved<T extends Versioned>(client: QueryClient, kind: ListKind, record: T): T {
  client.setQueryData(recordKey(kind, record.id), record);
  // Everything of the kind but the record just answered: lists, other records (a merge moves things), pickers.
  void client.invalidateQueries({ queryKey: [kind], predicate: (query) => !(query.queryKey[1] === 'one' && query.queryKey[2] === record.id) });
  return record;
}

export function useSaved() {
  const client = useQueryClient();
  return <T extends Versioned>(kind: ListKind, record: T) => saved(client, kind, record);
}
