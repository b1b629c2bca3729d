/** Turns `{ './en/leads.json': {...} }` into `{ leads: {...} }`: each file is the catalogue's key of its name. */
export function gather(files: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [file, texts] of Object.entries(files)) {
    const name = /\/([^/]+)\.json$/.exec(file)?.[1];
    if (name) out[name] = texts;
  }
  return out;
}
