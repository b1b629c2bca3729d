/**
 * Import (multipart upload → JSON summary, or the error report as a file) and export (a streamed CSV/XLSX
 * download) over HTTP. The work is in ImportService and ExportService, which the CLI calls as well.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AppError, activityListQuery, contactListQuery, customerListQuery, fieldMessagesOf, leadListQuery, productListQuery, type FieldMessages,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { localeOf } from '../../platform/http/error-handler.js';
import { errorBody, errorResponses } from '../shared/openapi.js';
import { errorReport } from './error-report.js';
import { importTemplate } from './import-template.js';
import { type ExportKind } from './export-columns.js';
import { importKinds, fieldsOf } from './import-fields.js';
import type { ImportSummary } from './import-service.js';
import type { ExportFilters } from './export-service.js';
import type { SheetFormat } from './sheet-reader.js';
import { contentTypes } from './sheet-writer.js';

/** At most this many row errors and duplicates in a JSON answer; the downloadable report has them all. */
const listedLimit = 1000;

const booleanText = z.enum(['true', 'false']);
const templateQuery = z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
const importForm = z.strictObject({
  mapping: z
    .string()
    .max(10_000)
    .optional()
    .meta({ description: 'JSON object: target field → source column header, e.g. {"name":"客户名称","phone":"手机"}. Without it, headers are matched by field name or label in English or Chinese.' }),
  dryRun: booleanText.default('false').meta({ description: 'true: validate and count, write nothing' }),
  onDuplicate: z
    .enum(['skip', 'create'])
    .default('skip')
    .meta({ description: 'A row whose normalised phone, email or company matches an existing record or an earlier row: skip it (reported in `duplicates`) or create it anyway' }),
  reportFormat: z
    .enum(['json', 'xlsx', 'csv'])
    .default('json')
    .meta({ description: 'json: the summary below. xlsx/csv: the error report as a download (every row error; XLSX adds a sheet of the failed rows to fix and re-import), with the counts in X-Import-* headers' }),
});

const multipartBody = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'CSV (UTF-8 with or without BOM, or GB18030) or XLSX (first sheet). The first non-empty row is the header.' }),
    ...importForm.shape,
  })
  .nullish();

const rowError = z.object({
  row: z.number().int().meta({ description: 'Spreadsheet row number; the header is row 1' }),
  column: z.string().nullable().meta({ description: 'The source column header' }),
  field: z.string(),
  message: z.string(),
});
const importSummary = z
  .object({
    dryRun: z.boolean(),
    total: z.number().int(),
    created: z.number().int().meta({ description: 'Rows written (on a dry run: rows that would be written)' }),
    skipped: z.number().int(),
    failed: z.number().int(),
    errors: z.array(rowError).meta({ description: `The first ${listedLimit} row errors` }),
    errorsTruncated: z.boolean(),
    duplicates: z.array(
      z.object({
        row: z.number().int(),
        matchedOn: z.array(z.enum(['phone', 'email', 'name', 'company'])),
        existingId: z.string().optional().meta({ description: 'The existing record, when you may see it' }),
        earlierRow: z.number().int().optional().meta({ description: 'The earlier row of the file it repeats' }),
      }),
    ),
    duplicatesTruncated: z.boolean(),
  })
  .meta({
    example: {
      dryRun: false, total: 3, created: 1, skipped: 1, failed: 1, errorsTruncated: false, duplicatesTruncated: false,
      errors: [{ row: 3, column: '行业', field: 'industry', message: '“餐饮”不是可选值：制造业、教育、零售、医疗健康、软件/SaaS、金融、物流、能源、建筑、政府、其他' }],
      duplicates: [{ row: 4, matchedOn: ['phone'], existingId: '01JD0000000000000000000000' }],
    },
  });

/** A file download, documented with its media types. */
const download = (description: string, types: readonly string[]) =>
  z.string().describe(description).meta({ content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) });

const exportQueries = {
  customers: customerListQuery,
  leads: leadListQuery,
  contacts: contactListQuery,
  activities: activityListQuery,
  products: productListQuery,
} as const;

export function transferRoutes(app: TypedApp, { services, deps }: RouteDeps): void {
  const tags = ['import-export'];
  const uploadLimit = `${Math.round(deps.config.UPLOAD_LIMIT_BYTES / (1024 * 1024))} MiB`;

  for (const kind of importKinds) {
    app.post(`/imports/${kind}`, {
      schema: {
        tags,
        summary: `Import ${kind} from CSV or XLSX`,
        description:
          `Fields a column can map to: ${fieldsOf(kind).map((f) => `\`${f.key}\` (${f.label['zh-CN']})`).join(', ')}. ` +
          'Each row is validated like a single create; bad rows are reported with their row number and column and never written, good rows are written in batches. ' +
          'Requires crm.import. Upload limit ' + uploadLimit + '.',
        consumes: ['multipart/form-data'],
        body: multipartBody,
        response: {
          200: importSummary.describe('Import summary (reportFormat=json), or the error report file (reportFormat=xlsx|csv)'),
          ...errorResponses,
          413: errorBody.describe('The file is larger than the upload limit'),
          415: errorBody.describe('Not a multipart/form-data upload'),
          422: errorBody.describe('The file cannot be imported at all (unreadable, or no column for a required field)'),
        },
      },
    }, async (req, reply) => {
      const auth = authOf(req);
      services.imports.authorise(auth);
      const locale = localeOf(req);
      const form = await readUpload(req, uploadLimit);
      const result = await services.imports.importFile(auth, kind, form.file, 'auto', {
        mapping: form.mapping, dryRun: form.dryRun === 'true', onDuplicate: form.onDuplicate, locale,
      });
      if (form.reportFormat === 'json') return reply.send(listed(result.summary));
      const { summary } = result;
      const counts = { total: summary.total, created: summary.created, skipped: summary.skipped, failed: summary.failed, 'dry-run': summary.dryRun };
      for (const [name, value] of Object.entries(counts)) reply.header(`x-import-${name}`, String(value));
      return sendDownload(reply, form.reportFormat, `${kind}-import-errors.${form.reportFormat}`, await errorReport(result, form.reportFormat, locale));
    });

    app.get(`/imports/${kind}/template`, {
      schema: {
        tags,
        summary: `The file to fill in for an import of ${kind}`,
        description:
          'One column per field the import reads, headed in your language (Accept-Language zh-CN or en); a leading * marks a required ' +
          'column. XLSX adds a sheet saying what each column takes, with the accepted values. Requires crm.import.',
        querystring: templateQuery,
        response: { 200: download(`The template, as an attachment named ${kind}-import-template.xlsx (or .csv)`, Object.values(contentTypes)), ...errorResponses },
      },
    }, async (req, reply) => {
      services.imports.authorise(authOf(req));
      const { format } = req.query;
      return sendDownload(reply, format, `${kind}-import-template.${format}`, await importTemplate(kind, format, localeOf(req)));
    });
  }

  for (const kind of Object.keys(exportQueries) as ExportKind[]) {
    const querystring = exportQuery(exportQueries[kind]);
    app.get(`/exports/${kind}`, {
      schema: {
        tags,
        summary: `Export ${kind} as CSV or XLSX`,
        description:
          'Every row you can see that the filters select (the same filters as the list), streamed. Headers in your language ' +
          '(Accept-Language zh-CN or en), money as decimal text, times in the company time zone. ' +
          `Requires crm.export${kind === 'products' ? ' and catalog.read' : ''}.`,
        querystring,
        response: { 200: download('The file, as an attachment named like customers-2026-11-26.xlsx', Object.values(contentTypes)), ...errorResponses },
      },
    }, async (req, reply) => {
      const auth = { ...authOf(req), locale: localeOf(req) };
      services.exports.authorise(auth, kind);
      const { format, ...filters } = req.query as { format: 'csv' | 'xlsx' } & Record<string, string | undefined>;
      const fileName = await services.exports.fileName(auth, kind, format);
      const body = new PassThrough();
      services.exports.exportTo(auth, kind, format, filters as ExportFilters[ExportKind], body).catch((error: unknown) => {
        // Headers are gone by now; cutting the stream short tells the client the file is incomplete.
        req.log.error({ err: error }, 'export failed');
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return sendDownload(reply, format, fileName, body);
    });
  }
}

/** The list query minus paging, plus the file format. */
function exportQuery(listQuery: z.ZodObject) {
  return listQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
}

/** Sends a file as an attachment; the route's JSON response schema does not apply to it. */
function sendDownload(reply: FastifyReply, format: SheetFormat, fileName: string, body: Buffer | Readable) {
  return reply
    .header('content-type', contentTypes[format])
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

interface Upload extends Omit<z.infer<typeof importForm>, 'mapping'> {
  file: Buffer;
  mapping: Record<string, string> | undefined;
}

/** Reads the multipart form: one file and a few text fields, validated like any other request. */
async function readUpload(req: FastifyRequest, uploadLimit: string): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'upload the file as multipart/form-data' });
  let file: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', {}, { [`body.${part.fieldname}`]: 'send the file in the field "file"' });
        file = await part.toBuffer();
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { limit: uploadLimit });
    throw error;
  }
  const parsed = importForm.safeParse(fields);
  const problems: FieldMessages = parsed.success ? {} : fieldMessagesOf(parsed.error.issues, 'body', fields);
  if (!file || file.length === 0) problems['body.file'] = 'attach a CSV or XLSX file in the field "file"';
  const mapping = parsed.success && parsed.data.mapping !== undefined ? parseMapping(parsed.data.mapping, problems) : undefined;
  if (Object.keys(problems).length > 0 || !parsed.success) throw new AppError('VALIDATION_FAILED', {}, problems);
  return { ...parsed.data, mapping, file: file! };
}

function parseMapping(text: string, problems: FieldMessages): Record<string, string> | undefined {
  const shape = z.record(z.string().min(1).max(64), z.string().min(1).max(200));
  try {
    const result = shape.safeParse(JSON.parse(text));
    if (result.success) return result.data;
  } catch {
    // reported below
  }
  problems['body.mapping'] = 'a JSON object of field → column header, e.g. {"name":"客户名称"}';
  return undefined;
}

function listed(summary: ImportSummary) {
  return {
    ...summary,
    errors: summary.errors.slice(0, listedLimit),
    errorsTruncated: summary.errors.length > listedLimit,
    duplicates: summary.duplicates.slice(0, listedLimit),
    duplicatesTruncated: summary.duplicates.length > listedLimit,
  };
}
