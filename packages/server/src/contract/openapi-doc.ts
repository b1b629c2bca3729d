/** Reads the served OpenAPI document, so contract tests cover every route without a hand-kept list. */
import type { TestWorld } from '../test-support/fixture.js';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string; // OpenAPI form: /api/v1/customers/{id}
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema?: Record<string, unknown> & { example?: unknown } }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> & { example?: unknown } }> }>;
}

export async function operationsOf(world: TestWorld): Promise<Operation[]> {
  const res = await world.app.inject({ method: 'GET', url: '/api/docs/json' });
  const doc = res.json() as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (['get', 'post', 'patch', 'put', 'delete'].includes(method)) ops.push({ ...op, method: method as Operation['method'], path });
    }
  }
  return ops;
}

/** The table behind a resource path segment, for picking real ids in tests. */
export const tableOfSegment: Record<string, string> = {
  customers: 'customers', leads: 'leads', contacts: 'contacts', activities: 'activities', products: 'products',
  'price-policies': 'price_policies', users: 'users', teams: 'teams', regions: 'regions', 'api-tokens': 'api_tokens',
};

/** Fills `{id}`-style path parameters. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'missing'));
}
