/** The weekly lead-health reports, the live week and the steward figures over HTTP: reads only, and one export. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { leadHealthCurrent, leadHealthCurrentQuery, leadHealthExportQuery, leadHealthQuery, leadHealthReport, leadHealthReportList, stewardFigures, stewardFiguresQuery } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import { errorResponses } from '../shared/openapi.js';
import { healthWorkbook } from './workbook.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const scopeNote =
  'A rep reads their own reports; a manager (reports.read) those of the reps in the teams they lead and every team below them; ' +
  'ops and admins everyone. Another person\'s report answers 404.';

export function leadHealthRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['lead steward'];

  app.get('/lead-health/reports', {
    schema: {
      tags,
      summary: 'Published weekly lead-health reports of one week: each rep\'s open stages red/amber/green with the rule behind each colour',
      description: `Made every Friday 16:00 in the company time zone. ${scopeNote}`,
      querystring: leadHealthQuery,
      response: { 200: leadHealthReportList, ...errorResponses },
    },
  }, (req) => services.leadHealth.list(authOf(req), req.query));

  app.get('/lead-health/reports/export.xlsx', {
    schema: {
      tags,
      summary: 'The week\'s reports as a spreadsheet: reps × stages in colour, each rule written out in your language',
      description: `The same reports the list answers for these filters (Accept-Language zh-CN or en). ${scopeNote} Recorded in the audit log.`,
      querystring: leadHealthExportQuery,
      response: {
        200: z.string().describe('The workbook, as an attachment named like lead-health-2026-11-06.xlsx').meta({ content: { [xlsxType]: { schema: { type: 'string', format: 'binary' } } } }),
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const auth = { ...authOf(req), locale: localeOf(req) };
    const sheet = await services.leadHealth.forExport(auth, req.query);
    const format = new Intl.DateTimeFormat(auth.locale, { timeZone: sheet.timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const body = await healthWorkbook({ ...sheet, locale: auth.locale, formatTime: (iso) => format.format(new Date(iso)) });
    await uow.run(auth, async (w) => {
      await w.audit({ action: 'export', entityType: 'lead_health_report', entityId: null, after: { format: 'xlsx', week: sheet.week, rows: sheet.items.length, filters: req.query } });
      return { status: 200, body: null };
    });
    return sendWorkbook(reply, `lead-health-${sheet.week ?? 'none'}.xlsx`, body);
  });

  app.get('/lead-health/reports/:id', {
    schema: {
      tags,
      summary: 'One published weekly lead-health report',
      description: scopeNote,
      params: z.strictObject({ id: z.string().min(1).max(64) }),
      response: { 200: leadHealthReport, ...errorResponses },
    },
  }, (req) => services.leadHealth.get(authOf(req), req.params.id));

  app.get('/lead-health/current', {
    schema: {
      tags,
      summary: 'The week in progress, counted now: what Friday\'s report would say at this moment',
      description: `Not stored; counted from the leads on each request with the thresholds in force. ${scopeNote.replace(" Another person's report answers 404.", '')}`,
      querystring: leadHealthCurrentQuery,
      response: { 200: leadHealthCurrent, ...errorResponses },
    },
  }, (req) => services.leadHealth.current(authOf(req), req.query));

  app.get('/steward/figures', {
    schema: {
      tags,
      summary: 'Effective follow-up rate and lead-pool activity rate (30 days) per rep, team or company, each with how it is counted',
      description:
        'Counted live. level=rep: each rep you can see; team: each team you lead (or every team, for ops and admins), each including the teams ' +
        'below it; company: the whole company (ops and admins only). A rep sees their own figures at level rep. `definitions` gives each ' +
        'figure\'s formula, numerator, denominator, sources and freshness in zh-CN and en.',
      querystring: stewardFiguresQuery,
      response: { 200: stewardFigures, ...errorResponses },
    },
  }, (req) => services.stewardFigures.figures(authOf(req), req.query));
}

/** Sends the workbook as an attachment; the route's JSON response schema does not apply to it. */
function sendWorkbook(reply: FastifyReply, fileName: string, body: Buffer) {
  return reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(body);
}
