/** Fills `{name}` placeholders of a message template; a name with no value becomes empty text. */
export function fillPlaceholders(template: string, valueOf: (name: string) => string | number | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = valueOf(name);
    return value === undefined ? '' : String(value);
  });
}
