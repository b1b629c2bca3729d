/** API addresses as requests send them. Self-contained: the build reads it to write the early script's addresses. */
export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The address of an API path with its query, as requests are sent (and as the early script writes them). */
export function apiUrl(path: string, query?: Query): string {
  return withQuery(`/api/v1${path}`, query);
}
