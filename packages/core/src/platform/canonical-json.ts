/**
 * RFC 8785 (JCS) canonical JSON for the values Closeloop hashes: objects with keys sorted by UTF-16 code
 * units, no whitespace, strings escaped as JSON.stringify does. Audit entries hold only strings, integers,
 * booleans, null, arrays and objects, so ECMAScript number serialisation (which JCS also mandates) suffices.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
