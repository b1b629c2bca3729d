/** Payment receipts (B1, B3): finance registers, matches, confirms, refunds and voids; readers see those in their scope. */
import { z } from 'zod';
import { idSchema, pageOf, receipt, receiptConfirm, receiptCreate, receiptListQuery, receiptRefund, receiptReverse, receiptUpdate } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

export function receiptRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['receipts'];
  app.get('/receipts', {
    schema: { tags, summary: 'List payment receipts of customers in your scope', querystring: receiptListQuery, response: { 200: pageOf(receipt), ...errorResponses } },
  }, (req) => services.receipts.list(authOf(req), req.query));

  app.post('/receipts', {
    schema: { tags, summary: 'Register a payment receipt, matched to contracts of its customer (payments.manage)', body: receiptCreate, response: { 201: receipt, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.receipts.register(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/receipts/:id', {
    schema: { tags, summary: 'Get a payment receipt', params, response: { 200: receipt, ...errorResponses } },
  }, (req) => services.receipts.get(authOf(req), req.params.id));

  app.patch('/receipts/:id', {
    schema: { tags, summary: 'Change a registered receipt: amount, day, references, allocations (send the version you read)', params, body: receiptUpdate, response: { 200: receipt, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.receipts.update(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.post('/receipts/:id/confirm', {
    schema: {
      tags, summary: 'Confirm a fully allocated receipt: its contracts are paid and move on, payment.confirmed is emitted', params, body: receiptConfirm,
      response: { 200: receipt, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.receipts.confirm(w, req.params.id, req.body.version) }), idempotencyOf(req))).body);

  app.post('/receipts/:id/refund', {
    schema: {
      tags, summary: 'Refund a confirmed receipt, whole or in part (an amount pro rata, or a split per contract): its contracts\' paid amounts are reduced again',
      params, body: receiptRefund, response: { 200: receipt, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.receipts.refund(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.post('/receipts/:id/void', {
    schema: { tags, summary: 'Void a receipt (a confirmed one is reversed like a refund)', params, body: receiptReverse, response: { 200: receipt, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.receipts.void(w, req.params.id, req.body.reason, req.body.version) }), idempotencyOf(req))).body);
}
