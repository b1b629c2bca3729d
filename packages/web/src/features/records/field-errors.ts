/**
 * The server's field errors on the form fields they are about. The server names a field by its path in the request
 * (`body.phone`, `body.creditLimit.minor`); a record form names its fields by the body's top-level keys, so the
 * first segment after `body` finds the field. What no field of the form claims is returned, to show above it.
 */
export interface FieldProblem {
  name: string;
  errors: string[];
}

export function placeFieldErrors(
  fields: Record<string, string>,
  formFields: readonly string[],
  /** body field → the form field that edits it, where the two differ (a money body field typed as an amount) */
  aliases: Readonly<Record<string, string>> = {},
): { placed: FieldProblem[]; unplaced: string[] } {
  const placed = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const [where, bodyField] = path.split('.');
    const name = bodyField && (aliases[bodyField] ?? bodyField);
    if (where === 'body' && name && formFields.includes(name)) placed.set(name, [...(placed.get(name) ?? []), message]);
    else unplaced.push(message);
  }
  return { placed: [...placed].map(([name, errors]) => ({ name, errors })), unplaced };
}
