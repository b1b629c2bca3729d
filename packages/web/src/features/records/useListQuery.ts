/**
 * A list's query kept in the URL: the address is the list's state, so a list can be shared as a link, and back and
 * forward step through the filters a person tried. Each change is one history entry.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { listSpecs, readQuery, writeQuery, type ListKind, type ListQuery } from './list-spec';

export interface ListQueryState {
  query: ListQuery;
  /** Sets some parameters; an empty or undefined value removes one. */
  update(patch: Record<string, string | undefined>): void;
  /** Replaces the whole query (a saved view, or "clear filters"). */
  replace(query: ListQuery): void;
}

export function useListQuery(kind: ListKind): ListQueryState {
  const spec = listSpecs[kind];
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(spec, params), [spec, params]);

  const replace = useCallback(
    (next: ListQuery) => setParams((current) => writeQuery(spec, current, next)),
    [spec, setParams],
  );
  const update = useCallback(
    (patch: Record<string, string | undefined>) =>
      setParams((current) => {
        const next: ListQuery = { ...readQuery(spec, current) };
        for (const [key, value] of Object.entries(patch)) {
          if (value) next[key] = value;
          else delete next[key];
        }
        return writeQuery(spec, current, next);
      }),
    [spec, setParams],
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
