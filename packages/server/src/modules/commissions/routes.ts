/**
 * Commissions over HTTP (C1–C3). Plans, assignments, quotas, splits, recalculations and locks need commissions.manage;
 * statements are read within the caller's reach (their own; with reports.read their team tree or the company); the
 * simulator is open to every signed-in reader and writes nothing.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  commissionAssignment, commissionAssignmentCreate, commissionAssignmentList, commissionAssignmentQuery, commissionAssignmentUpdate, commissionPeriod,
  commissionPeriodList, commissionPeriodLock, commissionPeriodParams, commissionPlanCreate, commissionPlanList, commissionPlanParams, commissionPlanVersion,
  commissionPlanVersionParams, commissionQuota, commissionQuotaList, commissionQuotaParams, commissionQuotaQuery, commissionQuotaSet, commissionRecalculation,
  commissionRecalculationCreate, commissionRecalculationDecide, commissionRecalculationList, commissionRecalculationQuery, commissionSimulateRequest,
  commissionSimulation, commissionSplits, commissionSplitsParams, commissionSplitsSet, commissionStatement, commissionStatementList, commissionStatementParams,
  commissionStatementQuery, idSchema,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';
import { announceStatementChanges } from './live.js';
import { statementsWorkbook } from './workbook.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParams = z.strictObject({ id: idSchema });
const manage = 'Needs commissions.manage (ops, admins).';
const reach = 'A rep reads their own statement; with reports.read a manager reads the people of the teams they lead (and below), ops and admins everyone; anyone else is answered 404.';
const workbookResponse = {
  200: z.string().describe('The workbook, as an attachment').meta({ content: { [xlsxType]: { schema: { type: 'string', format: 'binary' } } } }),
  ...errorResponses,
};

export function commissionRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['commissions'];
  const commissions = services.commissions;

  // ——— plans ———
  app.get('/commission/plans', {
    schema: { tags, summary: 'Commission plans with their versions, newest first', description: manage, response: { 200: commissionPlanList, ...errorResponses } },
  }, (req) => commissions.listPlans(authOf(req)));

  app.post('/commission/plans', {
    schema: {
      tags, summary: 'Store a plan version from its YAML or JSON text',
      description: `Checked like the CLI does; every problem is a field error keyed plan.<path> (plan.components.0.bands.1.upTo), a syntax error is body.source. The version must be above every stored version of the plan id: versions are never edited. A new version changes nobody's pay until a recalculation of the period is accepted. ${manage}`,
      body: commissionPlanCreate, response: { 201: commissionPlanVersion, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await commissions.createPlan(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/commission/plans/:planKey', {
    schema: { tags, summary: 'The latest version of a plan, with its text', description: manage, params: commissionPlanParams, response: { 200: commissionPlanVersion, ...errorResponses } },
  }, (req) => commissions.getPlan(authOf(req), req.params.planKey));

  app.get('/commission/plans/:planKey/versions/:version', {
    schema: { tags, summary: 'One version of a plan, with its text', description: manage, params: commissionPlanVersionParams, response: { 200: commissionPlanVersion, ...errorResponses } },
  }, (req) => commissions.getPlan(authOf(req), req.params.planKey, req.params.version));

  // ——— assignments ———
  app.get('/commission/assignments', {
    schema: { tags, summary: 'Who is on which plan, from when to when', description: manage, querystring: commissionAssignmentQuery, response: { 200: commissionAssignmentList, ...errorResponses } },
  }, (req) => commissions.listAssignments(authOf(req), req.query));

  app.post('/commission/assignments', {
    schema: {
      tags, summary: 'Put a person or a team on a plan from a day (a person\'s own assignment comes before their team\'s)', description: manage,
      body: commissionAssignmentCreate, response: { 201: commissionAssignment, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await commissions.createAssignment(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.patch('/commission/assignments/:id', {
    schema: { tags, summary: 'End (or reopen) an assignment', description: manage, params: idParams, body: commissionAssignmentUpdate, response: { 200: commissionAssignment, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await commissions.updateAssignment(w, req.params.id, req.body) }), idempotencyOf(req))).body);

  app.delete('/commission/assignments/:id', {
    schema: { tags, summary: 'Remove an assignment made by mistake', description: manage, params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await commissions.deleteAssignment(w, req.params.id) }));
    return reply.code(204).send(null);
  });

  // ——— quotas ———
  app.get('/commission/quotas', {
    schema: { tags, summary: 'Quotas per person and period', description: manage, querystring: commissionQuotaQuery, response: { 200: commissionQuotaList, ...errorResponses } },
  }, (req) => commissions.listQuotas(authOf(req), req.query.period));

  app.put('/commission/quotas/:period/:personId', {
    schema: { tags, summary: 'Set a person\'s quota for a period (minor units)', description: manage, params: commissionQuotaParams, body: commissionQuotaSet, response: { 200: commissionQuota, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await commissions.setQuota(w, req.params.period, req.params.personId, req.body) }), idempotencyOf(req))).body);

  app.delete('/commission/quotas/:period/:personId', {
    schema: { tags, summary: 'Remove a person\'s quota for a period', description: manage, params: commissionQuotaParams, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await commissions.deleteQuota(w, req.params.period, req.params.personId) }));
    return reply.code(204).send(null);
  });

  // ——— credit splits ———
  app.get('/commission/splits/:contractId', {
    schema: { tags, summary: 'Who is credited with a contract\'s payments (empty: its owner, 100%)', description: manage, params: commissionSplitsParams, response: { 200: commissionSplits, ...errorResponses } },
  }, (req) => commissions.getSplits(authOf(req), req.params.contractId));

  app.put('/commission/splits/:contractId', {
    schema: {
      tags, summary: 'Replace a contract\'s credit splits (non-overlay shares add up to 1; overlay comes on top)',
      description: `Applies to payments confirmed from now on. ${manage}`, params: commissionSplitsParams, body: commissionSplitsSet, response: { 200: commissionSplits, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await commissions.setSplits(w, req.params.contractId, req.body) }), idempotencyOf(req))).body);

  // ——— periods ———
  app.get('/commission/periods', {
    schema: { tags, summary: 'Commission periods with their status, people, lines and total', description: manage, response: { 200: commissionPeriodList, ...errorResponses } },
  }, (req) => commissions.listPeriods(authOf(req)));

  app.post('/commission/periods/:period/lock', {
    schema: {
      tags, summary: 'Lock a period: its lines and a snapshot of their inputs never change again',
      description: `Later corrections (a late event, an accepted recalculation) become adjustment lines in the next open period. ${manage}`,
      params: commissionPeriodParams, body: commissionPeriodLock, response: { 200: commissionPeriod, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await commissions.lockPeriod(w, req.params.period) }), idempotencyOf(req))).body);

  // ——— recalculations ———
  app.get('/commission/recalculations', {
    schema: { tags, summary: 'Recalculations proposed, accepted and discarded, newest first', description: manage, querystring: commissionRecalculationQuery, response: { 200: commissionRecalculationList, ...errorResponses } },
  }, (req) => commissions.listRecalculations(authOf(req), req.query.period));

  app.post('/commission/recalculations', {
    schema: {
      tags, summary: 'Recalculate a period with today\'s plans and data and propose the difference (nothing is paid until accepted)',
      description: `The answer lists per person and per line what would change. ${manage}`, body: commissionRecalculationCreate, response: { 201: commissionRecalculation, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run({ ...authOf(req), locale: localeOf(req) }, async (w) => ({ status: 201, body: await commissions.proposeRecalculation(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.get('/commission/recalculations/:id', {
    schema: { tags, summary: 'A recalculation\'s difference per person and per line, explained in your language', description: manage, params: idParams, response: { 200: commissionRecalculation, ...errorResponses } },
  }, (req) => commissions.getRecalculation({ ...authOf(req), locale: localeOf(req) }, req.params.id));

  app.get('/commission/recalculations/:id/xlsx', {
    schema: {
      tags, summary: 'A recalculation\'s difference per person and per line as a spreadsheet, with the arithmetic before and after',
      description: `The lines listed are those the proposal lists (its first 20,000 changed lines); the people's amounts include all. ${manage} Recorded in the audit log.`,
      params: idParams, response: workbookResponse,
    },
  }, async (req, reply) => {
    const auth = { ...authOf(req), locale: localeOf(req) };
    const { body, period, people } = await commissions.recalculationWorkbook(auth, req.params.id);
    await auditExport(uow, auth, 'commission_recalculation', req.params.id, { period, people });
    return sendWorkbook(reply, body, `commission-recalculation-${period}-${req.params.id}.xlsx`);
  });

  app.post('/commission/recalculations/:id/accept', {
    schema: {
      tags, summary: 'Accept a proposal: an open period\'s lines are replaced; a locked period\'s differences become adjustments in the next open period',
      description: `Refused (409) when the lines or their inputs changed since it was proposed: propose again. ${manage}`,
      params: idParams, body: commissionRecalculationDecide, response: { 200: commissionRecalculation, ...errorResponses },
    },
  }, async (req) => (await uow.run({ ...authOf(req), locale: localeOf(req) }, async (w) => {
    const accepted = await commissions.acceptRecalculation(w, req.params.id);
    // Open statements of the people it changed refresh live (in a locked period's case, the next open one's).
    await announceStatementChanges(w.tx, services.notifier, w.auth.orgId, accepted.people.map((p) => ({ personId: p.personId, period: accepted.period, locked: accepted.periodStatus === 'locked' })));
    return { status: 200, body: accepted };
  }, idempotencyOf(req))).body);

  app.post('/commission/recalculations/:id/discard', {
    schema: { tags, summary: 'Discard a proposal', description: manage, params: idParams, body: commissionRecalculationDecide, response: { 200: commissionRecalculation, ...errorResponses } },
  }, async (req) => (await uow.run({ ...authOf(req), locale: localeOf(req) }, async (w) => ({ status: 200, body: await commissions.discardRecalculation(w, req.params.id) }), idempotencyOf(req))).body);

  // ——— statements ———
  app.get('/commission/statements', {
    schema: { tags, summary: 'Statements of a period: per person, the total of their lines', description: reach, querystring: commissionStatementQuery, response: { 200: commissionStatementList, ...errorResponses } },
  }, (req) => commissions.statements(authOf(req), req.query.period));

  app.get('/commission/statements/xlsx', {
    schema: { tags, summary: 'The period\'s statements in your reach as a spreadsheet, with every line explained', description: `${reach} Recorded in the audit log.`, querystring: commissionStatementQuery, response: workbookResponse },
  }, async (req, reply) => {
    const auth = { ...authOf(req), locale: localeOf(req) };
    const list = await commissions.statements(auth, req.query.period);
    const statements = [];
    for (const item of list.items) statements.push(await commissions.statement(auth, req.query.period, item.personId));
    return sendWorkbook(reply, await exported(uow, auth, statements, req.query.period, null), `commissions-${req.query.period}.xlsx`);
  });

  app.get('/commission/statements/:period/:personId', {
    schema: {
      tags, summary: 'A person\'s statement: every line with plan and version, rule, inputs, formula and arithmetic; the total is their sum',
      description: reach, params: commissionStatementParams, response: { 200: commissionStatement, ...errorResponses },
    },
  }, (req) => commissions.statement({ ...authOf(req), locale: localeOf(req) }, req.params.period, req.params.personId));

  app.get('/commission/statements/:period/:personId/xlsx', {
    schema: { tags, summary: 'A person\'s statement as a spreadsheet', description: `${reach} Recorded in the audit log.`, params: commissionStatementParams, response: workbookResponse },
  }, async (req, reply) => {
    const auth = { ...authOf(req), locale: localeOf(req) };
    const statement = await commissions.statement(auth, req.params.period, req.params.personId);
    return sendWorkbook(reply, await exported(uow, auth, [statement], req.params.period, req.params.personId), `commission-${req.params.period}-${req.params.personId}.xlsx`);
  });

  // ——— simulator ———
  app.post('/commission/simulate', {
    schema: {
      tags, summary: 'Try a plan on transactions without touching any data (the CLI simulator over HTTP)',
      description: 'Runs every period the transactions touch, in order. Input problems are field errors: plan.<path>, body.plan, body.transactions (with the CSV line), body.people. Explanations in your language.',
      body: commissionSimulateRequest, response: { 200: commissionSimulation, ...errorResponses },
    },
  }, (req) => commissions.simulate({ ...authOf(req), locale: localeOf(req) }, req.body));
}

async function exported(uow: RouteDeps['uow'], auth: Parameters<RouteDeps['uow']['run']>[0], statements: Parameters<typeof statementsWorkbook>[0], period: string, personId: string | null): Promise<Buffer> {
  const body = await statementsWorkbook(statements, auth.locale);
  await auditExport(uow, auth, 'commission_statement', personId, { period, people: statements.length });
  return body;
}

/** Records a spreadsheet export in the audit log, in a short transaction of its own (the file is made outside it). */
async function auditExport(uow: RouteDeps['uow'], auth: Parameters<RouteDeps['uow']['run']>[0], entityType: string, entityId: string | null, what: { period: string; people: number }): Promise<void> {
  await uow.run(auth, async (w) => {
    await w.audit({ action: 'export', entityType, entityId, after: { format: 'xlsx', ...what } });
    return { status: 200, body: null };
  });
}

function sendWorkbook(reply: FastifyReply, body: Buffer, fileName: string) {
  return reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(body);
}
