import { z } from 'zod';
import { idSchema, lead, leadCreate, leadListQuery, leadUpdate, pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const duplicateReport = z.object({
  duplicates: z.array(z.object({ id: z.string(), name: z.string(), matchedOn: z.array(z.enum(['phone', 'email', 'company'])) })),
  hiddenDuplicateCount: z.number().int().meta({ description: 'Matching leads outside your scope, counted but not shown' }),
});
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 2 } });
const mergeBody = z
  .strictObject({ sourceIds: z.array(idSchema).min(1).max(20) })
  .meta({ example: { sourceIds: ['01JD0000000000000000000001'] } });

export function leadRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['leads'];
  app.get('/leads', {
    schema: { tags, summary: 'List leads in your scope', querystring: leadListQuery, response: { 200: pageOf(lead), ...errorResponses } },
  }, (req) => services.leads.list(authOf(req), req.query));

  app.post('/leads', {
    schema: {
      tags, summary: 'Create a lead (reports duplicates)', body: leadCreate,
      response: { 201: duplicateReport.extend({ lead }), ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.leads.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/leads/:id', {
    schema: { tags, summary: 'Get a lead', params, response: { 200: lead, ...errorResponses } },
  }, (req) => services.leads.get(authOf(req), req.params.id));

  app.patch('/leads/:id', {
    schema: { tags, summary: 'Update a lead (send the version you read)', params, body: leadUpdate, response: { 200: lead, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.leads.update(w, req.params.id, req.body) }))).body);

  app.post('/leads/:id/archive', {
    schema: { tags, summary: 'Archive a lead', params, body: versionBody, response: { 200: lead, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.leads.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/leads/:id/restore', {
    schema: { tags, summary: 'Restore an archived lead', params, body: versionBody, response: { 200: lead, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.leads.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);

  app.get('/leads/:id/duplicates', {
    schema: { tags, summary: 'Leads that look like this one', params, response: { 200: duplicateReport, ...errorResponses } },
  }, (req) => services.leads.duplicates(authOf(req), req.params.id));

  app.post('/leads/:id/merge', {
    schema: { tags, summary: 'Merge other leads into this one', params, body: mergeBody, response: { 200: lead, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.leads.merge(w, req.params.id, req.body.sourceIds) }), idempotencyOf(req))).body);
}
