/**
 * One error shape for the whole API: `{ error: { code, message, fields? } }`, message in the caller's
 * language. A user's mistake is always a 4xx; anything else is logged with its stack and answered with a
 * plain 500 that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, fieldMessagesOf, pickLocale, type IssueLike, type Locale } from '@closeloop/core';

export function localeOf(request: FastifyRequest): Locale {
  return request.auth?.locale && !request.headers['accept-language'] ? request.auth.locale : pickLocale(request.headers['accept-language']);
}

function send(reply: FastifyReply, request: FastifyRequest, error: AppError) {
  return reply.code(error.status).type('application/json; charset=utf-8').send(JSON.stringify(error.toBody(localeOf(request))));
}

/** Fastify's own parse/limit errors, by code, as the AppError a person can act on. */
function fromFastify(error: FastifyError, limit: number): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_REQUEST', { detail: 'the body is not valid JSON' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE', { limit: `${Math.round(limit / 1024)} KiB` });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'send application/json (or multipart/form-data for uploads)' });
    case 'FST_ERR_VALIDATION':
      return new AppError('VALIDATION_FAILED', {}, { [error.validationContext ?? 'request']: error.message });
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', { after: error.message.match(/retry in (.+)$/)?.[1] ?? '1 minute' });
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('MALFORMED_REQUEST', { detail: error.message });
  }
  return null;
}

/** The part of the request a validation context names, as the client sent it (zod keeps no input on its issues). */
function requestPart(request: FastifyRequest, where: string): unknown {
  switch (where) {
    case 'body': return request.body;
    case 'querystring': return request.query;
    case 'params': return request.params;
    case 'headers': return request.headers;
    default: return undefined;
  }
}

/** `fallback` may answer a not-found request itself (the web app's shell for browser navigations). */
export function installErrorHandling(
  app: FastifyInstance,
  bodyLimit: number,
  fallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined,
): void {
  app.setErrorHandler((raw: FastifyError | AppError | Error, request, reply) => {
    if (raw instanceof AppError) return send(reply, request, raw);
    if (hasZodFastifySchemaValidationErrors(raw)) {
      const where = raw.validationContext ?? 'body';
      // The zod issues as the provider hands them over: code and parameters apart, the path as a JSON pointer.
      const issues: IssueLike[] = raw.validation.map((v) => ({
        ...(v.params as Record<string, unknown>),
        code: v.keyword,
        message: v.message ?? '',
        path: v.instancePath.split('/').filter(Boolean),
      }));
      // Every field message in every language; the answer picks the caller's.
      return send(reply, request, new AppError('VALIDATION_FAILED', {}, fieldMessagesOf(issues, where, requestPart(request, where))));
    }
    const mapped = fromFastify(raw as FastifyError, bodyLimit);
    if (mapped) return send(reply, request, mapped);
    request.log.error({ err: raw }, 'unhandled error');
    const locale = localeOf(request);
    return reply
      .code(500)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ error: { code: 'INTERNAL', message: locale === 'zh-CN' ? '服务器内部错误，已记录，请稍后重试。' : 'Something went wrong on our side. It has been logged; please try again.' } }));
  });
  app.setNotFoundHandler((request, reply) => fallback?.(request, reply) ?? send(reply, request, new AppError('NOT_FOUND', { entity: 'record' })));
}
