/** Talk tracks: the library (everyone reads, admins edit), a lead's suggested scripts, and reps' marks on them. */
import { z } from 'zod';
import {
  idSchema, starterLibraryResult, talkTrack, talkTrackCreate, talkTrackFeedbackCreate, talkTrackFeedbackResult, talkTrackListQuery,
  talkTrackSuggestion, talkTrackSuggestionsQuery, talkTrackUpdate,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const versionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ example: { version: 2 } });

export function talkTrackRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['talk tracks'];
  app.get('/talk-tracks', {
    schema: {
      tags, summary: 'The company\'s talk-track library, by language and title', querystring: talkTrackListQuery,
      response: { 200: z.object({ items: z.array(talkTrack) }), ...errorResponses },
    },
  }, (req) => services.talkTracks.list(authOf(req), req.query));

  app.post('/talk-tracks', {
    schema: { tags, summary: 'Add a script with its matching rules (admins)', body: talkTrackCreate, response: { 201: talkTrack, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.talkTracks.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.patch('/talk-tracks/:id', {
    schema: {
      tags, summary: 'Edit a script or its matching rules (admins; send the version you read)', params, body: talkTrackUpdate,
      response: { 200: talkTrack, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.talkTracks.update(w, req.params.id, req.body) }))).body);

  app.post('/talk-tracks/:id/archive', {
    schema: { tags, summary: 'Stop suggesting a script (admins)', params, body: versionBody, response: { 200: talkTrack, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.talkTracks.setArchived(w, req.params.id, true, req.body.version) }), idempotencyOf(req))).body);

  app.post('/talk-tracks/:id/restore', {
    schema: { tags, summary: 'Suggest an archived script again (admins)', params, body: versionBody, response: { 200: talkTrack, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.talkTracks.setArchived(w, req.params.id, false, req.body.version) }), idempotencyOf(req))).body);

  app.post('/talk-tracks/starter-library', {
    schema: {
      tags,
      summary: 'Add the starter scripts the company does not have, in zh-CN and en (admins)',
      description: 'Starter scripts already there, edited or archived, are left as they are.',
      response: { 200: starterLibraryResult, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.talkTracks.restoreStarterLibrary(w) }), idempotencyOf(req))).body);

  app.post('/talk-tracks/:id/feedback', {
    schema: {
      tags,
      summary: 'Mark a script as used, helpful or not helpful for a lead; the same mark twice counts once',
      description: 'Helpful and not helpful exclude each other: marking one takes back the other.',
      params, body: talkTrackFeedbackCreate,
      response: { 200: talkTrackFeedbackResult, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.talkTracks.feedback(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.get('/leads/:id/talk-tracks', {
    schema: {
      tags: ['talk tracks', 'leads'],
      summary: 'The scripts that fit a lead best (3 by default), each with its score and the reasons it was picked',
      params, querystring: talkTrackSuggestionsQuery,
      response: { 200: z.object({ items: z.array(talkTrackSuggestion) }), ...errorResponses },
    },
  }, (req) => services.talkTracks.suggestionsForLead(authOf(req), req.params.id, req.query.locale ?? localeOf(req), req.query.limit));
}
