/** Saved views of the record lists: each person's own, listed per list, saved by name, deleted by id. */
import { z } from 'zod';
import { idSchema, savedView, savedViewCreate, savedViewListQuery } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function savedViewRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['saved-views'];
  app.get('/saved-views', {
    schema: {
      tags, summary: 'Your saved views of one record list, by name', querystring: savedViewListQuery,
      response: { 200: z.object({ items: z.array(savedView) }), ...errorResponses },
    },
  }, (req) => services.savedViews.list(authOf(req), req.query.list));

  app.post('/saved-views', {
    schema: {
      tags,
      summary: 'Save the filters and sort of a list under a name (201); a name you already use for that list is replaced (200)',
      body: savedViewCreate,
      response: { 200: savedView, 201: savedView, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => {
      const { created, view } = await services.savedViews.save(w, req.body);
      return { status: created ? 201 : 200, body: view };
    }, idempotencyOf(req));
    return reply.code(result.status === 201 ? 201 : 200).send(result.body);
  });

  app.delete('/saved-views/:id', {
    schema: { tags, summary: 'Delete one of your saved views', params, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await services.savedViews.remove(w, req.params.id) }));
    return reply.code(204).send(null);
  });
}
