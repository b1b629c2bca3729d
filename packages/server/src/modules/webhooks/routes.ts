/** Outgoing webhooks for admins (H5): register, change, delete, rotate the secret, test, and read and redeliver deliveries. */
import { z } from 'zod';
import {
  idSchema, pageOf, webhook, webhookCreate, webhookDelivery, webhookDeliveryDetail, webhookDeliveryListQuery, webhookDeliveryParams,
  webhookEventTypeList, webhookUpdate, webhookWithSecret,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function webhookRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['admin'];
  const { admin, delivery } = services.webhooks;
  app.addHook('onClose', async () => delivery.stop());

  app.get('/admin/webhooks', {
    schema: { tags, summary: 'The organisation\'s webhooks (admins; never the secrets)', response: { 200: z.object({ items: z.array(webhook) }), ...errorResponses } },
  }, (req) => admin.list(authOf(req)));

  // No Idempotency-Key on create and rotate: a replayed answer would have to be stored, and it holds the secret.
  app.post('/admin/webhooks', {
    schema: {
      tags, summary: 'Register a webhook (admins); the signing secret is shown only in this answer', body: webhookCreate,
      response: { 201: webhookWithSecret, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await admin.create(w, req.body) }));
    return reply.code(201).send(result.body);
  });

  app.get('/admin/webhooks/event-types', {
    schema: { tags, summary: 'The event types a webhook can subscribe to (admins)', response: { 200: webhookEventTypeList, ...errorResponses } },
  }, (req) => admin.eventTypes(authOf(req)));

  app.get('/admin/webhooks/:id', {
    schema: { tags, summary: 'Get a webhook (admins)', params, response: { 200: webhook, ...errorResponses } },
  }, (req) => admin.get(authOf(req), req.params.id));

  app.patch('/admin/webhooks/:id', {
    schema: {
      tags, summary: 'Change a webhook\'s address, events, description or whether it is on (admins; send the version you read)', params, body: webhookUpdate,
      response: { 200: webhook, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await admin.update(w, req.params.id, req.body) }))).body);

  app.delete('/admin/webhooks/:id', {
    schema: { tags, summary: 'Delete a webhook; deliveries still waiting are cancelled (admins)', params, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await admin.remove(w, req.params.id) }));
    return reply.code(204).send(null);
  });

  app.post('/admin/webhooks/:id/rotate-secret', {
    schema: {
      tags, summary: 'Replace a webhook\'s signing secret, in force at once; the new one is shown only in this answer (admins)', params,
      response: { 200: webhookWithSecret, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await admin.rotateSecret(w, req.params.id) }))).body);

  app.post('/admin/webhooks/:id/test', {
    schema: {
      tags, summary: 'Send a test ping (webhook.ping) now and answer with its outcome (admins)',
      description: 'Tried once, within 10 s; not retried. Works on a disabled webhook too, to check it before turning it on.',
      params, response: { 200: webhookDeliveryDetail, ...errorResponses },
    },
  }, async (req) => {
    const auth = authOf(req);
    const queued = await uow.run(auth, async (w) => ({ status: 200, body: { deliveryId: await admin.queuePing(w, req.params.id) } }), idempotencyOf(req));
    await delivery.sendNow(queued.body.deliveryId, req.log);
    return admin.delivery(auth, req.params.id, queued.body.deliveryId);
  });

  app.get('/admin/webhooks/:id/deliveries', {
    schema: {
      tags, summary: 'A webhook\'s deliveries, newest first (admins)', params, querystring: webhookDeliveryListQuery,
      response: { 200: pageOf(webhookDelivery), ...errorResponses },
    },
  }, (req) => admin.deliveries(authOf(req), req.params.id, req.query));

  app.get('/admin/webhooks/:id/deliveries/:deliveryId', {
    schema: {
      tags, summary: 'One delivery: the body it sends and its latest attempts (admins)', params: webhookDeliveryParams,
      response: { 200: webhookDeliveryDetail, ...errorResponses },
    },
  }, (req) => admin.delivery(authOf(req), req.params.id, req.params.deliveryId));

  app.post('/admin/webhooks/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      tags, summary: 'Send a delivery again now, with the same id and body, and answer with its outcome (admins)',
      description: 'If this attempt fails too, the delivery is retried on the usual schedule.',
      params: webhookDeliveryParams, response: { 200: webhookDeliveryDetail, ...errorResponses },
    },
  }, async (req) => {
    const auth = authOf(req);
    const { id, deliveryId } = req.params;
    await uow.run(auth, async (w) => ({ status: 200, body: await admin.queueRedelivery(w, id, deliveryId) }), idempotencyOf(req));
    await delivery.sendNow(deliveryId, req.log);
    return admin.delivery(auth, id, deliveryId);
  });
}
