/**
 * Gives every response schema in the OpenAPI document an example. Hand-written examples (zod `.meta`) win;
 * where a response is composed of parts (a page of customers, a record plus its duplicates), the example is
 * composed from the parts' examples, so nothing needs writing twice.
 */
type JsonSchema = {
  example?: unknown;
  examples?: unknown[];
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  nullable?: boolean;
  minimum?: number;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

const formatExamples: Record<string, string> = {
  'date-time': '2026-11-26T08:30:00.000Z',
  date: '2026-11-26',
  email: 'chen.jing@example.cn',
  uri: 'https://example.cn/',
};

export function exampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    for (const variant of variants) {
      const found = exampleOf(variant, depth + 1);
      if (found !== undefined && found !== null) return found;
    }
    return null;
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(s, depth + 1) ?? {}));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = exampleOf(child, depth + 1) ?? null;
      return out;
    }
    case 'array': {
      const item = exampleOf(schema.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'string':
      return schema.format ? (formatExamples[schema.format] ?? 'text') : 'text';
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return schema.nullable ? null : undefined;
  }
}

/** Sets `example` on each response body schema of a route that has none. */
export function addResponseExamples(response: Record<string, unknown> | undefined): void {
  if (!response) return;
  for (const schema of Object.values(response) as JsonSchema[]) {
    if (!schema || typeof schema !== 'object' || schema.example !== undefined) continue;
    const example = exampleOf(schema);
    if (example !== undefined) schema.example = example;
  }
}
