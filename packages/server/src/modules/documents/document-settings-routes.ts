/** The document flow's settings: read by everyone signed in, replaced by admins. */
import { documentSettingsResponse, documentSettingsUpdate } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

export function documentSettingsRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['documents'];
  app.get('/document-settings', {
    schema: {
      tags,
      summary: 'The document flow settings in force: trace-code prefixes, approval chain, rebate tiers, payment terms, flash report time',
      response: { 200: documentSettingsResponse, ...errorResponses },
    },
  }, (req) => services.documentSettings.get(authOf(req)));

  app.put('/document-settings', {
    schema: {
      tags,
      summary: 'Replace the document flow settings (admins); fields left out take their defaults',
      description: 'Send the version you read (0 while the defaults are in force); a concurrent change answers 409.',
      body: documentSettingsUpdate,
      response: { 200: documentSettingsResponse, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.documentSettings.replace(w, req.body) }))).body);
}
