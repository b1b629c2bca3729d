import { z } from 'zod';
import { idSchema, pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../http/auth-hook.js';
import { errorResponses } from '../../modules/shared/openapi.js';

const listQuery = z.strictObject({
  status: z.enum(['dead', 'resolved']).optional().meta({ description: 'dead: still failing; resolved: a retry succeeded. Both when absent.' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

const params = z.strictObject({ id: idSchema });

const deadLetter = z
  .object({
    id: z.string(),
    source: z.enum(['reaction', 'timer']).meta({ description: 'reaction: delivering an event; timer: a timer or schedule falling due' }),
    handler: z.string().meta({ description: 'The reaction\'s name or the timer\'s kind' }),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    subject: z.string().nullable().meta({ description: 'The record the event is about, or the timer\'s key' }),
    dueAt: z.string().nullable().meta({ description: 'When the timer was due (timers only)' }),
    attempts: z.number().int().meta({ description: 'Tries so far, retries included' }),
    lastError: z.string(),
    status: z.enum(['dead', 'resolved']),
    failedAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable().meta({ description: 'The admin whose retry succeeded' }),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000009', source: 'reaction', handler: 'leads.silence-rearm', eventId: '01JD0000000000000000000005',
      eventType: 'activity.logged', subject: '01JD0000000000000000000006', dueAt: null, attempts: 8,
      lastError: 'Error: connect ECONNREFUSED 127.0.0.1:25', status: 'dead', failedAt: '2026-11-26T08:30:00.000Z', resolvedAt: null, resolvedBy: null,
    },
  });

export function deadLetterRoutes(app: TypedApp, { services }: RouteDeps): void {
  const tags = ['admin'];
  app.get('/admin/dead-letters', {
    schema: {
      tags, summary: 'Background work that kept failing: reactions to events and timers (admins)', querystring: listQuery,
      response: { 200: pageOf(deadLetter), ...errorResponses },
    },
  }, (req) => services.jobs.deadLetters.list(authOf(req), req.query));

  app.post('/admin/dead-letters/:id/retry', {
    schema: {
      tags, summary: 'Run a dead letter\'s work again now; resolves it on success, keeps the new error otherwise (admins)', params,
      response: { 200: deadLetter, ...errorResponses },
    },
  }, (req) => services.jobs.deadLetters.retry(authOf(req), req.params.id));
}
