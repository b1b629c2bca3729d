/** Shipping notes (B1): planned on signed contracts within your scope, shipped (payment terms permitting), delivered or cancelled. */
import { z } from 'zod';
import { idSchema, pageOf, shipment, shipmentAction, shipmentCreate, shipmentListQuery, shipmentShip } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function shipmentRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['shipments'];
  app.get('/shipments', {
    schema: { tags, summary: 'List shipping notes in your scope', querystring: shipmentListQuery, response: { 200: pageOf(shipment), ...errorResponses } },
  }, (req) => services.shipments.list(authOf(req), req.query));

  app.post('/shipments', {
    schema: { tags, summary: 'Plan a shipment of a signed contract', body: shipmentCreate, response: { 201: shipment, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.shipments.plan(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/shipments/:id', {
    schema: { tags, summary: 'Get a shipping note', params, response: { 200: shipment, ...errorResponses } },
  }, (req) => services.shipments.get(authOf(req), req.params.id));

  app.post('/shipments/:id/ship', {
    schema: {
      tags, summary: 'Ship a planned shipment (refused before payment in full where the contract forbids it, unless an approver overrides with a reason)',
      params, body: shipmentShip, response: { 200: shipment, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.shipments.ship(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.post('/shipments/:id/deliver', {
    schema: { tags, summary: 'Mark a shipped shipment delivered', params, body: shipmentAction, response: { 200: shipment, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.shipments.deliver(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.post('/shipments/:id/cancel', {
    schema: { tags, summary: 'Cancel a planned shipment', params, body: shipmentAction, response: { 200: shipment, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.shipments.cancel(w, req.params.id, req.body) }), idempotencyOf(req))).body);
}
