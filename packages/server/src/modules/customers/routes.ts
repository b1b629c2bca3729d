import { z } from 'zod';
import { customer, customerCreate, customerListQuery, customerUpdate, idSchema, pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const duplicateReport = z.object({
  duplicates: z.array(z.object({ id: z.string(), name: z.string(), matchedOn: z.array(z.enum(['phone', 'email', 'name'])) })),
  hiddenDuplicateCount: z.number().int(),
});
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 3 } });
const mergeBody = z
  .strictObject({ sourceIds: z.array(idSchema).min(1).max(20) })
  .meta({ example: { sourceIds: ['01JD0000000000000000000001'] } });

export function customerRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['customers'];
  app.get('/customers', {
    schema: { tags, summary: 'List customers in your scope', querystring: customerListQuery, response: { 200: pageOf(customer), ...errorResponses } },
  }, (req) => services.customers.list(authOf(req), req.query));

  app.post('/customers', {
    schema: {
      tags, summary: 'Create a customer (reports duplicates)', body: customerCreate,
      response: { 201: duplicateReport.extend({ customer }), ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.customers.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/customers/:id', {
    schema: { tags, summary: 'Get a customer', params, response: { 200: customer, ...errorResponses } },
  }, (req) => services.customers.get(authOf(req), req.params.id));

  app.patch('/customers/:id', {
    schema: { tags, summary: 'Update a customer (send the version you read)', params, body: customerUpdate, response: { 200: customer, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.customers.update(w, req.params.id, req.body) }))).body);

  app.post('/customers/:id/archive', {
    schema: { tags, summary: 'Archive a customer', params, body: versionBody, response: { 200: customer, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.customers.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/customers/:id/restore', {
    schema: { tags, summary: 'Restore an archived customer', params, body: versionBody, response: { 200: customer, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.customers.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);

  app.get('/customers/:id/duplicates', {
    schema: { tags, summary: 'Customers that look like this one', params, response: { 200: duplicateReport, ...errorResponses } },
  }, (req) => services.customers.duplicates(authOf(req), req.params.id));

  app.post('/customers/:id/merge', {
    schema: { tags, summary: 'Merge other customers into this one', params, body: mergeBody, response: { 200: customer, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.customers.merge(w, req.params.id, req.body.sourceIds) }), idempotencyOf(req))).body);
}
