/** The live sales figures over HTTP (B5): read only; boards refetch when the live stream hints `figures` changed. */
import { salesFigures, salesFiguresQuery } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

export function salesFiguresRoutes(app: TypedApp, { services }: RouteDeps): void {
  app.get('/figures/sales', {
    schema: {
      tags: ['documents'],
      summary: 'Signed, collected and receivables over company days, each rep\'s ranking and a series by day, kept live from the documents',
      description:
        'Days are company days (the company time zone); the default range is this month up to today. A movement counts on the day it ' +
        'happens: a void of a signed contract subtracts on the void day, a refund or void of a confirmed receipt on the day it is reversed. ' +
        'Receivables are as of now. A rep sees their own figures; a manager (reports.read) those of the teams they lead; ops and admins the ' +
        'whole company. Open streams (GET /notifications/stream) receive `event: change` with `{"type":"figures","id":"<day>"}` within a ' +
        'second of a figure moving, for the reps they may see.',
      querystring: salesFiguresQuery,
      response: { 200: salesFigures, ...errorResponses },
    },
  }, (req) => services.salesFigures.figures(authOf(req), req.query));
}
