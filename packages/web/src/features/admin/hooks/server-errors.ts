/**
 * Puts the server's field errors on the form fields they are about. The server names a field by its path in the
 * request (`body.whitelist.regionIds`, `body.eventTypes.3`); a form names its fields the same way, so the longest
 * registered prefix wins; an error about a group (`body.whitelist`) goes to the group's first field. What no field
 * claims is returned, to be shown above the form.
 */
export type NamePath = (string | number)[];

export interface FieldProblem {
  name: NamePath;
  errors: string[];
}

function segmentsOf(path: string): NamePath {
  const parts = path.split('.');
  if (parts[0] === 'body' || parts[0] === 'query') parts.shift();
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function placeFieldErrors(
  fields: Record<string, string>,
  registered: readonly NamePath[],
): { placed: FieldProblem[]; unplaced: string[] } {
  const known = new Map(registered.map((name) => [name.join('.'), name]));
  const placed = new Map<string, FieldProblem>();
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const segments = segmentsOf(path);
    let target: NamePath | undefined;
    for (let length = segments.length; length > 0 && !target; length--) target = known.get(segments.slice(0, length).join('.'));
    const group = `${segments.join('.')}.`;
    target ??= registered.find((name) => name.join('.').startsWith(group));
    if (!target) {
      unplaced.push(message);
      continue;
    }
    const key = target.join('.');
    const problem = placed.get(key) ?? { name: target, errors: [] };
    problem.errors.push(message);
    placed.set(key, problem);
  }
  return { placed: [...placed.values()], unplaced };
}
