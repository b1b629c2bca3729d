/** The team board over HTTP: one read, no writes. */
import { pipelineBoard } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

export function dashboardRoutes(app: TypedApp, { services }: RouteDeps): void {
  app.get('/dashboard/pipeline', {
    schema: {
      tags: ['dashboard'],
      summary: 'The team board: leads by stage, per person, silent leads and the new-lead trend, within your scope',
      description:
        'Counted live from the records you may see (the same scope as the lists): a manager sees the teams they lead, ops and admins ' +
        'the whole company. Requires reports.read (managers, ops, admins; not reps) and crm.read. Days are company-calendar days.',
      response: { 200: pipelineBoard, ...errorResponses },
    },
  }, (req) => services.dashboard.pipeline(authOf(req)));
}
