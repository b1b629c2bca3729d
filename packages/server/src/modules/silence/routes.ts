/** Silence alerts: the caller's open (or past) alerts, filtered by rep, team, stage and age; one alert. */
import { z } from 'zod';
import { idSchema, silenceAlert, silenceAlertListQuery, silenceAlertPage } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function silenceRoutes(app: TypedApp, { services }: RouteDeps): void {
  const tags = ['lead steward'];
  app.get('/silence-alerts', {
    schema: {
      tags,
      summary: 'Silence alerts of the leads you may see (a rep: their own; a manager: their teams’), the longest silent first',
      description: 'One alert per silence of a lead; it resolves itself when an activity is logged on the lead or the lead is won, lost, archived or merged.',
      querystring: silenceAlertListQuery,
      response: { 200: silenceAlertPage, ...errorResponses },
    },
  }, (req) => services.silence.list(authOf(req), req.query));

  app.get('/silence-alerts/:id', {
    schema: { tags, summary: 'One silence alert with its snapshot and suggested script', params, response: { 200: silenceAlert, ...errorResponses } },
  }, (req) => services.silence.get(authOf(req), req.params.id));
}
