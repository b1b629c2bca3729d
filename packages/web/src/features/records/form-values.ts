/** From form values to a request body: empty optional text is "none" (null), and an edit sends only what changed. */

export function blankToNull<V extends object>(values: V, keys: ReadonlyArray<keyof V>): V {
  const out: Record<string, unknown> = { ...(values as Record<string, unknown>) };
  for (const key of keys) {
    const value = out[key as string];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) out[key as string] = null;
  }
  return out as V;
}

/** The fields whose value differs from the record as it was read; an edit that changes nothing sends nothing. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(before[key] ?? null)) out[key] = value;
  }
  return out;
}
