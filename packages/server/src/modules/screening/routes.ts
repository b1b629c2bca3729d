/** Screening cards: a lead's card (read, complete, correct) and the cards still open. */
import { z } from 'zod';
import { idSchema, screeningCard, screeningCardListQuery, screeningCardPage, screeningCompletion } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function screeningRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['lead steward'];
  app.get('/leads/:id/screening-card', {
    schema: {
      tags,
      summary: 'A lead’s screening card: as saved, or as it starts — the facts the lead and its customer already give, the company’s tags and cadences',
      params,
      response: { 200: screeningCard, ...errorResponses },
    },
  }, (req) => services.screening.get(authOf(req), req.params.id));

  app.put('/leads/:id/screening-card', {
    schema: {
      tags,
      summary: 'Complete (or correct) a lead’s screening card; writes the lead’s intent level, tags, cadence and industry',
      description: 'Send the version you read (0 for a card not completed yet). Anyone who may edit the lead may complete its card.',
      params,
      body: screeningCompletion,
      response: { 200: screeningCard, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.screening.complete(w, req.params.id, req.body) }))).body);

  app.get('/screening-cards', {
    schema: {
      tags,
      summary: 'Screening cards of the leads you may see: the open ones (the oldest first) or the completed ones',
      querystring: screeningCardListQuery,
      response: { 200: screeningCardPage, ...errorResponses },
    },
  }, (req) => services.screening.list(authOf(req), req.query));
}
