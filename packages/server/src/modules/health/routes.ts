import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../routes.js';

export function healthRoutes(app: TypedApp, { services }: RouteDeps): void {
  app.get('/health', {
    config: { public: true },
    schema: {
      tags: ['platform'],
      summary: 'Liveness and database reachability',
      security: [],
      response: { 200: z.object({ status: z.literal('ok') }).meta({ example: { status: 'ok' } }), 503: z.object({ status: z.literal('unavailable') }) },
    },
  }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ok' as const };
    } catch {
      return reply.code(503).send({ status: 'unavailable' as const });
    }
  });
}
