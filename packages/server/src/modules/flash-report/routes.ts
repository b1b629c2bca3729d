/** The daily flash report over HTTP (B5): any past company day, as JSON or as a spreadsheet. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { flashReportParams, flashReportSchema } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import { errorResponses } from '../shared/openapi.js';
import { flashWorkbook } from './workbook.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const scopeNote =
  'reports.read: a manager counts the documents of the teams they lead (and the teams below), ops and admins the whole company; ' +
  'a rep is refused (403). Computed from the documents on each request, so it always adds up to them; a day after today is refused.';

export function flashReportRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['documents'];

  app.get('/flash-reports/:day', {
    schema: {
      tags,
      summary: 'The daily flash report of a company day: signed, collected, top 3 reps and anomalous documents, each with its rule',
      description:
        `Days are company days (the company time zone). Signed counts the contracts signed that day, voided the signed contracts voided ` +
        `that day; collected what receipts confirmed that day allocate to contracts, refunded what confirmed receipts refunded or voided ` +
        `that day give back. The net figures are that day's change to GET /figures/sales. ${scopeNote}`,
      params: flashReportParams,
      response: { 200: flashReportSchema, ...errorResponses },
    },
  }, (req) => services.flashReports.report(authOf(req), req.params.day));

  app.get('/flash-reports/:day/xlsx', {
    schema: {
      tags,
      summary: 'The daily flash report as a spreadsheet: summary, top reps, anomalies, signed contracts, receipts',
      description: `In your language (Accept-Language zh-CN or en). ${scopeNote} Recorded in the audit log.`,
      params: flashReportParams,
      response: {
        200: z.string().describe('The workbook, as an attachment named like flash-2026-11-26.xlsx').meta({ content: { [xlsxType]: { schema: { type: 'string', format: 'binary' } } } }),
        ...errorResponses,
      },
    },
  }, async (req, reply) => {
    const auth = { ...authOf(req), locale: localeOf(req) };
    const report = await services.flashReports.report(auth, req.params.day);
    const format = new Intl.DateTimeFormat(auth.locale, { timeZone: report.timeZone, dateStyle: 'medium', timeStyle: 'short' });
    const body = await flashWorkbook(report, auth.locale, (iso) => format.format(new Date(iso)));
    await uow.run(auth, async (w) => {
      await w.audit({ action: 'export', entityType: 'flash_report', entityId: null, after: { format: 'xlsx', day: report.day, scope: report.scope } });
      return { status: 200, body: null };
    });
    return sendWorkbook(reply, `flash-${report.day}.xlsx`, body);
  });
}

/** Sends the workbook as an attachment; the route's JSON response schema does not apply to it. */
function sendWorkbook(reply: FastifyReply, fileName: string, body: Buffer) {
  return reply.header('content-type', xlsxType).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(body);
}
