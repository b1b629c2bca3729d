import { z } from 'zod';
import { activity, activityCreate, activityListQuery, activitySummary, activitySummaryRequest, activityUpdate, idSchema, pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 1 } });

export function activityRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['activities'];
  app.get('/activities', {
    schema: { tags, summary: 'List activities in your scope', querystring: activityListQuery, response: { 200: pageOf(activity), ...errorResponses } },
  }, (req) => services.activities.list(authOf(req), req.query));

  app.post('/activities', {
    schema: {
      tags,
      summary: 'Log a call, visit, meeting or note on a lead or customer',
      description:
        "A call, visit or meeting on a lead must plan a `nextAction` (a kind from the company's list in GET /steward/settings, due from now " +
        "on); it becomes the lead's open next action. The text's summary (key points, commitments, dates, amounts) is computed and stored.",
      body: activityCreate,
      response: { 201: activity, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.activities.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.post('/activities/summary', {
    schema: {
      tags,
      summary: 'Preview the summary of a note: key points, commitments, dates and amounts (nothing is saved)',
      description: 'Dates such as "下周三" or "tomorrow" count from occurredAt in the company time zone; amounts without a currency are in the company currency.',
      body: activitySummaryRequest,
      response: { 200: activitySummary, ...errorResponses },
    },
  }, (req) => services.activities.summaryPreview(authOf(req), req.body));

  app.get('/activities/:id', {
    schema: { tags, summary: 'Get an activity', params, response: { 200: activity, ...errorResponses } },
  }, (req) => services.activities.get(authOf(req), req.params.id));

  app.patch('/activities/:id', {
    schema: { tags, summary: 'Correct the text or duration of an activity (send the version you read)', params, body: activityUpdate, response: { 200: activity, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.activities.update(w, req.params.id, req.body) }))).body);

  app.post('/activities/:id/archive', {
    schema: { tags, summary: 'Archive an activity', params, body: versionBody, response: { 200: activity, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.activities.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/activities/:id/restore', {
    schema: { tags, summary: 'Restore an archived activity', params, body: versionBody, response: { 200: activity, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.activities.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);
}
