import { z } from 'zod';
import { apiToken, apiTokenCreate, idSchema, pageOf, passwordReset, region, regionCreate, team, teamCreate, teamUpdate, user, userCreate, userUpdate } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';
import { apiTokenCreated, apiTokenListQuery, regionList, regionUpdate, teamList, userListQuery } from './contracts.js';

const params = z.strictObject({ id: idSchema });

export function peopleRoutes(app: TypedApp, deps: RouteDeps): void {
  userRoutes(app, deps);
  teamRoutes(app, deps);
  regionRoutes(app, deps);
  apiTokenRoutes(app, deps);
}

// Routes whose body carries a password take no Idempotency-Key: the stored request hash would be a fast,
// unsalted hash of the password.
function userRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['people'];
  app.get('/users', {
    schema: { tags, summary: 'List the people of your organisation', querystring: userListQuery, response: { 200: pageOf(user), ...errorResponses } },
  }, (req) => services.people.list(authOf(req), req.query));

  app.get('/users/:id', {
    schema: { tags, summary: 'Get a person', params, response: { 200: user, ...errorResponses } },
  }, (req) => services.people.get(authOf(req), req.params.id));

  app.post('/users', {
    schema: {
      tags, summary: 'Create a person (admins); the data scope defaults from the role', body: userCreate,
      response: { 201: user, ...errorResponses },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const passwordHash = await services.people.passwordHashFor(auth, req.body.password);
    const result = await uow.run(auth, async (w) => ({ status: 201, body: await services.people.create(w, req.body, passwordHash) }));
    return reply.code(201).send(result.body);
  });

  app.patch('/users/:id', {
    schema: {
      tags, summary: 'Change a person\'s role, scope, team, profile or status (admins; disabling ends their sessions)', params, body: userUpdate,
      response: { 200: user, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.people.update(w, req.params.id, req.body) }))).body);

  app.post('/users/:id/password-reset', {
    schema: {
      tags, summary: 'Set a new password for a person (admins): clears a lock-out and ends their sessions', params, body: passwordReset,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    const passwordHash = await services.people.passwordHashFor(auth, req.body.newPassword);
    await uow.run(auth, async (w) => ({ status: 204, body: await services.people.resetPassword(w, req.params.id, passwordHash) }));
    return reply.code(204).send(null);
  });

  app.post('/users/:id/unlock', {
    schema: { tags, summary: 'Lift a sign-in lock-out (admins)', params, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await services.people.unlock(w, req.params.id) }), idempotencyOf(req));
    return reply.code(204).send(null);
  });
}

function teamRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['people'];
  app.get('/teams', {
    schema: { tags, summary: 'Every team of your organisation, flat, with parents (build the tree from parentId)', response: { 200: teamList, ...errorResponses } },
  }, (req) => services.teams.list(authOf(req)));

  app.post('/teams', {
    schema: { tags, summary: 'Create a team (admins)', body: teamCreate, response: { 201: team, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.teams.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.patch('/teams/:id', {
    schema: {
      tags, summary: 'Rename, move or re-lead a team (admins; a team cannot move under itself)', params, body: teamUpdate,
      response: { 200: team, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.teams.update(w, req.params.id, req.body) }))).body);
}

function regionRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['people'];
  app.get('/regions', {
    schema: { tags, summary: 'Every region of your organisation, flat, with parents (build the tree from parentId)', response: { 200: regionList, ...errorResponses } },
  }, (req) => services.regions.list(authOf(req)));

  app.post('/regions', {
    schema: { tags, summary: 'Create a region (admins)', body: regionCreate, response: { 201: region, ...errorResponses } },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.regions.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.patch('/regions/:id', {
    schema: {
      tags, summary: 'Rename or move a region (admins; a region cannot move inside itself)', params, body: regionUpdate,
      response: { 200: region, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.regions.update(w, req.params.id, req.body) }))).body);
}

function apiTokenRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['people'];
  app.get('/api-tokens', {
    schema: {
      tags, summary: 'List API tokens: your own, or the whole organisation\'s for admins (never the secrets)', querystring: apiTokenListQuery,
      response: { 200: pageOf(apiToken), ...errorResponses },
    },
  }, (req) => services.apiTokens.list(authOf(req), req.query));

  // No Idempotency-Key: a replayed response would have to be stored, and it holds the token's secret.
  app.post('/api-tokens', {
    schema: {
      tags, summary: 'Create an API token for yourself, with at most your own permissions; the secret is shown only in this response',
      body: apiTokenCreate, response: { 201: apiTokenCreated, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await services.apiTokens.create(w, req.body) }));
    return reply.code(201).send(result.body);
  });

  app.post('/api-tokens/:id/revoke', {
    schema: { tags, summary: 'Revoke an API token (yours, or any of the organisation\'s for admins)', params, response: { 200: apiToken, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await services.apiTokens.revoke(w, req.params.id) }), idempotencyOf(req))).body);
}
