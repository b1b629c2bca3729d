/**
 * What each record list accepts, taken from the server's own list-query schemas (core), so the web never offers a
 * filter or sort the server would refuse. A list's query lives in the URL as plain text parameters; defaults are left
 * out, so a shared link stays short and "no filter" reads as no parameter at all.
 */
import { activityListQuery, contactListQuery, customerListQuery, leadListQuery } from '@closeloop/core';

export type ListKind = 'leads' | 'customers' | 'contacts' | 'activities';

/** A list's filters and sort as text, keyed by the server's query parameter names; never empty strings. */
export type ListQuery = Record<string, string>;

const schemas = { leads: leadListQuery, customers: customerListQuery, contacts: contactListQuery, activities: activityListQuery } as const;

// Paging is the list's own business, never part of the query a person shares or saves.
const paging = new Set(['cursor', 'limit']);

export interface ListSpec {
  kind: ListKind;
  /** every parameter the list takes apart from paging */
  keys: readonly string[];
  defaults: Readonly<Record<string, string>>;
}

function specOf(kind: ListKind): ListSpec {
  const schema = schemas[kind];
  const keys = Object.keys(schema.shape).filter((key) => !paging.has(key));
  const parsed = schema.parse({}) as Record<string, unknown>;
  const defaults = Object.fromEntries(keys.filter((key) => typeof parsed[key] === 'string').map((key) => [key, parsed[key] as string]));
  return { kind, keys, defaults };
}

export const listSpecs: Record<ListKind, ListSpec> = {
  leads: specOf('leads'),
  customers: specOf('customers'),
  contacts: specOf('contacts'),
  activities: specOf('activities'),
};

/**
 * The list's query from URL parameters: only its own keys, and only values the server accepts (a hand-edited or
 * outdated link loses its bad parameters instead of turning the page into an error).
 */
export function readQuery(spec: ListSpec, params: URLSearchParams): ListQuery {
  const query: ListQuery = {};
  for (const key of spec.keys) {
    const value = params.get(key)?.trim();
    if (value) query[key] = value;
  }
  const result = schemas[spec.kind].safeParse(query);
  if (!result.success) for (const issue of result.error.issues) delete query[String(issue.path[0])];
  return withoutDefaults(spec, query);
}

export function withoutDefaults(spec: ListSpec, query: ListQuery): ListQuery {
  return Object.fromEntries(Object.entries(query).filter(([key, value]) => value !== '' && spec.defaults[key] !== value));
}

/** The URL parameters for a query, keeping parameters that are not the list's (an open drawer, say). */
export function writeQuery(spec: ListSpec, params: URLSearchParams, query: ListQuery): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) if (!spec.keys.includes(key)) next.append(key, value);
  for (const [key, value] of Object.entries(withoutDefaults(spec, query))) next.set(key, value);
  return next;
}

/** The sort in force: the query's, or the list's default. */
export function sortOf(spec: ListSpec, query: ListQuery): { field: string; order: 'asc' | 'desc' } {
  const [field = '', order] = (query.sort ?? spec.defaults.sort ?? '').split(':');
  return { field, order: order === 'asc' ? 'asc' : 'desc' };
}

/** Whether a query narrows the list (search or filters), as opposed to only sorting it. */
export function isFiltered(query: ListQuery): boolean {
  return Object.keys(query).some((key) => key !== 'sort');
}

/** Two queries ask for the same rows in the same order. */
export function sameQuery(spec: ListSpec, a: ListQuery, b: ListQuery): boolean {
  const x = withoutDefaults(spec, a);
  const y = withoutDefaults(spec, b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].every((key) => x[key] === y[key]);
}
