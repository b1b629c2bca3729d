/**
 * A list's query kept in the URL: the address is the list's state, so a list can be shared as a link, and back and
 * forward step through the filters a person tried. Each change is one history entry.
 */
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { listSpecs, readQuery, writeQuery, type ListKind, type ListQuery } from './list-spec';
import { afterNextPaint } from '../../lib/after-paint';
import { prefetchCursorList } from './useCursorList';

export interface ListQueryState {
  query: ListQuery;
  /** Sets some parameters; an empty or undefined value removes one. */
  update(patch: Record<string, string | undefined>): void;
  /** Replaces the whole query (a saved view, or "clear filters"). */
  replace(query: ListQuery): void;
}

export function useListQuery(kind: ListKind): ListQueryState {
  const spec = listSpecs[kind];
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(spec, params), [spec, params]);
  const setAddress = useRef(setParams);
  useLayoutEffect(() => {
    setAddress.current = setParams;
  });
  // An address asked for but not yet navigated to: a second change in the same frame builds on it.
  const pending = useRef<URLSearchParams | null>(null);

  // The new rows are asked for at once; the address, and the page drawn for it, follow after the next paint, so the
  // click or keystroke that asked shows its answer (the sort arrow, the loading bar) within a frame. update and replace
  // read the address when called, so they stay the same functions for the life of the page.
  const go = useCallback(
    (next: (current: URLSearchParams) => URLSearchParams) => {
      const written = next(pending.current ?? new URLSearchParams(window.location.search));
      pending.current = written;
      prefetchCursorList(client, kind, readQuery(spec, written));
      afterNextPaint(() => {
        if (pending.current !== written) return;
        pending.current = null;
        setAddress.current(written);
      });
    },
    [client, kind, spec],
  );
  const replace = useCallback((next: ListQuery) => go((current) => writeQuery(spec, current, next)), [spec, go]);
  const update = useCallback(
    (patch: Record<string, string | undefined>) =>
      go((current) => {
        const next: ListQuery = { ...readQuery(spec, current) };
        for (const [key, value] of Object.entries(patch)) {
          if (value) next[key] = value;
          else delete next[key];
        }
        return writeQuery(spec, current, next);
      }),
    [spec, go],
  );
  return useMemo(() => ({ query, update, replace }), [query, update, replace]);
}

/** Whether the list's create form is open: `create=1` in the URL, so "add a lead" can link straight to the form. */
export function useCreateParam(): [boolean, (open: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const setOpen = useCallback(
    (open: boolean) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (open) next.set('create', '1');
        else next.delete('create');
        return next;
      }),
    [setParams],
  );
  return [params.get('create') === '1', setOpen];
}
