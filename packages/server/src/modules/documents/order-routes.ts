/** Purchase orders (B1): placed on signed contracts within your scope, then confirmed, fulfilled or cancelled. */
import { z } from 'zod';
import { idSchema, pageOf, purchaseOrder, purchaseOrderAction, purchaseOrderCreate, purchaseOrderListQuery, type PurchaseOrderAction } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

const summaries: Record<PurchaseOrderAction, string> = {
  confirm: 'Confirm a placed purchase order',
  fulfil: 'Mark a confirmed purchase order fulfilled',
  cancel: 'Cancel a purchase order that is not yet fulfilled',
};

export function orderRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['purchase orders'];
  app.get('/purchase-orders', {
    schema: { tags, summary: 'List purchase orders in your scope', querystring: purchaseOrderListQuery, response: { 200: pageOf(purchaseOrder), ...errorResponses } },
  }, (req) => services.purchaseOrders.list(authOf(req), req.query));

  app.post('/purchase-orders', {
    schema: { tags, summary: 'Place a purchase order on a signed contract', body: purchaseOrderCreate, response: { 201: purchaseOrder, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.purchaseOrders.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/purchase-orders/:id', {
    schema: { tags, summary: 'Get a purchase order', params, response: { 200: purchaseOrder, ...errorResponses } },
  }, (req) => services.purchaseOrders.get(authOf(req), req.params.id));

  for (const action of ['confirm', 'fulfil', 'cancel'] as const) {
    app.post(`/purchase-orders/:id/${action}`, {
      schema: { tags, summary: summaries[action], params, body: purchaseOrderAction, response: { 200: purchaseOrder, ...errorResponses } },
    }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.purchaseOrders.act(w, req.params.id, action, req.body) }), idempotencyOf(req))).body);
  }
}
