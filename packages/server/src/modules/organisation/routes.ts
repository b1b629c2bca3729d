/** The signed-in person's organisation and, for admins, its settings. */
import { organisation, organisationUpdate } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

export function organisationRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['organisation'];
  app.get('/organisation', {
    schema: { tags, summary: 'Your organisation: its name, time zone and currency', response: { 200: organisation, ...errorResponses } },
  }, (req) => services.organisation.get(authOf(req)));

  app.patch('/organisation', {
    schema: {
      tags,
      summary: 'Rename the organisation or change its time zone (admins); schedules move to the new zone at once',
      description: 'Schedules such as the Friday 16:00 report run at their local time in the new zone from their next run on. An occurrence already due still runs.',
      body: organisationUpdate,
      response: { 200: organisation, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.organisation.update(w, req.body) }))).body);
}
