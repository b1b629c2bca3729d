/** The lead steward's settings: read by everyone signed in, changed by admins. */
import { stewardSettingsResponse, stewardSettingsUpdate } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

export function stewardSettingsRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['lead steward'];
  app.get('/steward/settings', {
    schema: {
      tags,
      summary: 'The lead steward rules in force: silence limits per stage, screening reminder, cadences, next actions, talk-track weights, health thresholds',
      response: { 200: stewardSettingsResponse, ...errorResponses },
    },
  }, (req) => services.stewardSettings.get(authOf(req)));

  app.patch('/steward/settings', {
    schema: {
      tags,
      summary: 'Change the lead steward rules (admins); sections not sent stay as they are',
      description: 'Send the version you read (0 while the defaults are in force); a concurrent change answers 409.',
      body: stewardSettingsUpdate,
      response: { 200: stewardSettingsResponse, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.stewardSettings.update(w, req.body) }))).body);
}
