import { z } from 'zod';
import { contact, contactCreate, contactListQuery, contactUpdate, idSchema, pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 1 } });

export function contactRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['contacts'];
  app.get('/contacts', {
    schema: {
      tags, summary: 'List contacts of the customers in your scope', querystring: contactListQuery,
      response: { 200: pageOf(contact), ...errorResponses },
    },
  }, (req) => services.contacts.list(authOf(req), req.query));

  app.post('/contacts', {
    schema: { tags, summary: 'Add a contact to a customer', body: contactCreate, response: { 201: contact, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.contacts.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/contacts/:id', {
    schema: { tags, summary: 'Get a contact', params, response: { 200: contact, ...errorResponses } },
  }, (req) => services.contacts.get(authOf(req), req.params.id));

  app.patch('/contacts/:id', {
    schema: { tags, summary: 'Update a contact (send the version you read)', params, body: contactUpdate, response: { 200: contact, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.contacts.update(w, req.params.id, req.body) }))).body);

  app.post('/contacts/:id/archive', {
    schema: { tags, summary: 'Archive a contact', params, body: versionBody, response: { 200: contact, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.contacts.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/contacts/:id/restore', {
    schema: { tags, summary: 'Restore an archived contact', params, body: versionBody, response: { 200: contact, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.contacts.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);
}
