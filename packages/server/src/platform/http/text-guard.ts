/**
 * Refuses text holding the NUL character anywhere in a request's body, query or path. PostgreSQL cannot store
 * or even compare it (any query that carries it fails), while SQLite accepts it: left alone, the same request
 * would be a 500 on one engine and a stored record on the other.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '@closeloop/core';

/** Registered after the auth hook, so an anonymous caller still gets 401 first. */
export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const where = firstNul({ params: request.params, query: request.query, body: request.body });
    if (where) throw new AppError('VALIDATION_FAILED', {}, { [where]: 'must not contain the NUL character (\\u0000)' });
  });
}

/** The dotted path of the first string (or key) holding NUL, or null. */
function firstNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = firstNul(item, at);
    if (found) return found;
  }
  return null;
}
