/** Contracts, their approvals, their life story (B1, B2, B4) and the trace-code lookup. */
import { z } from 'zod';
import {
  approvalDecision, approvalInboxPage, approvalInboxQuery, approvalRejection, contract, contractCreate, contractLife, contractListQuery, contractSummary,
  contractUpdate, contractVersionBody, contractVoid, documentReference, idSchema, pageOf,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import type { FastifyRequest } from 'fastify';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });
const approvalParams = z.strictObject({ id: idSchema, approvalId: idSchema });
/** The caller, speaking the request's language: violation messages are rendered in it, like error messages. */
const callerOf = (req: FastifyRequest): AuthContext => ({ ...authOf(req), locale: localeOf(req) });
const traceParams = z.strictObject({ code: z.string().trim().min(1).max(40) });

export function contractRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['contracts'];
  const contracts = services.contracts;

  app.get('/contracts', {
    schema: { tags, summary: 'List contracts in your scope', querystring: contractListQuery, response: { 200: pageOf(contractSummary), ...errorResponses } },
  }, (req) => contracts.list(callerOf(req), req.query));

  app.post('/contracts', {
    schema: {
      tags, summary: 'Draft a contract for a customer in your scope, with lines from the catalog',
      description: "Owner, team, region and industry are the customer's; the amount of a line is quantity × unit price. Honours Idempotency-Key.",
      body: contractCreate, response: { 201: contract, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(callerOf(req), async (w) => ({ status: 201, body: await contracts.create(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/contracts/:id', {
    schema: { tags, summary: 'Get a contract with its lines, approval steps and the checks of its last submit', params, response: { 200: contract, ...errorResponses } },
  }, (req) => contracts.get(callerOf(req), req.params.id));

  app.patch('/contracts/:id', {
    schema: { tags, summary: 'Change a draft or rejected contract (send the version you read)', params, body: contractUpdate, response: { 200: contract, ...errorResponses } },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.update(w, req.params.id, req.body) }))).body);

  app.post('/contracts/:id/submit', {
    schema: {
      tags, summary: 'Submit a contract: run the checks and start its approval',
      description: 'Checks the credit limit, floor prices, discount bands and rebate rules at once. With failures no approval step may override, answers 409 listing each. With an empty approval chain and no failures, signs at once.',
      params, body: contractVersionBody, response: { 200: contract, ...errorResponses },
    },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.submit(w, req.params.id, req.body.version) }), idempotencyOf(req))).body);

  app.post('/contracts/:id/approvals/:approvalId/approve', {
    schema: {
      tags, summary: 'Approve the pending approval step (the last one signs the contract)',
      description: 'Failed checks need override: true and a comment, on a step that may override; the override is audited.',
      params: approvalParams, body: approvalDecision, response: { 200: contract, ...errorResponses },
    },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.approve(w, req.params.id, req.params.approvalId, req.body) }), idempotencyOf(req))).body);

  app.post('/contracts/:id/approvals/:approvalId/reject', {
    schema: { tags, summary: 'Reject the pending approval step (the contract goes back to its owner)', params: approvalParams, body: approvalRejection, response: { 200: contract, ...errorResponses } },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.reject(w, req.params.id, req.params.approvalId, req.body.comment) }), idempotencyOf(req))).body);

  app.post('/contracts/:id/revise', {
    schema: { tags, summary: 'Take a rejected contract back to draft', params, body: contractVersionBody, response: { 200: contract, ...errorResponses } },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.revise(w, req.params.id, req.body.version) }), idempotencyOf(req))).body);

  app.post('/contracts/:id/void', {
    schema: {
      tags, summary: 'Void a contract (a reason is required)',
      description: 'Drafts and rejected contracts: whoever may edit them. In approval or signed: approvers only, and only while nothing is paid.',
      params, body: contractVoid, response: { 200: contract, ...errorResponses },
    },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.void(w, req.params.id, req.body.version, req.body.reason) }), idempotencyOf(req))).body);

  app.post('/contracts/:id/complete', {
    schema: { tags, summary: 'Complete a paid contract whose shipments are all delivered', params, body: contractVersionBody, response: { 200: contract, ...errorResponses } },
  }, async (req) => (await uow.run(callerOf(req), async (w) => ({ status: 200, body: await contracts.complete(w, req.params.id, req.body.version) }), idempotencyOf(req))).body);

  app.get('/contracts/:id/life', {
    schema: {
      tags, summary: "A contract's whole life: its documents, approvals, payments, shipments and who did what when (B4)",
      params, response: { 200: contractLife, ...errorResponses },
    },
  }, (req) => contracts.life(callerOf(req), req.params.id));

  app.get('/approvals', {
    schema: { tags, summary: 'My approval inbox: the steps I may decide now (or the ones I decided)', querystring: approvalInboxQuery, response: { 200: approvalInboxPage, ...errorResponses } },
  }, (req) => contracts.inbox(callerOf(req), req.query));

  app.get('/documents/by-trace/:code', {
    schema: { tags: ['documents'], summary: 'Find a contract, order, receipt or shipping note by its trace code (in your scope)', params: traceParams, response: { 200: documentReference, ...errorResponses } },
  }, (req) => contracts.byTraceCode(callerOf(req), req.params.code));
}
