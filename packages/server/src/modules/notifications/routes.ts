/** The inbox, its live stream, each person's notification settings, and the admins' robots and test message (H2). */
import type { OutgoingHttpHeaders } from 'node:http';
import { z } from 'zod';
import {
  idSchema, notification, notificationListQuery, notificationPreferences, notificationPreferencesUpdate, pageOf, readAllResult, robot,
  robotCreate, testNotificationRequest, testNotificationResult, unreadCount,
} from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { idempotencyOf } from '../../platform/http/unit-of-work.js';
import { errorResponses } from '../shared/openapi.js';

const params = z.strictObject({ id: idSchema });

const eventStream = z
  .string()
  .describe(
    'text/event-stream. `event: notification` (with `id:` = the notification id, `data:` = the notification as JSON) for each new ' +
      'notification; `event: unread` (`data: {"count": n}`) on connect and whenever the count changes; a `: heartbeat` comment every 25 s.',
  )
  .meta({ content: { 'text/event-stream': { schema: { type: 'string', format: 'binary' } } } });

const streamHeaders = z.object({
  'last-event-id': z.string().max(64).optional().meta({ description: 'Sent by a reconnecting browser: the notifications after it are sent first' }),
});

export function notificationRoutes(app: TypedApp, { services, uow }: RouteDeps): void {
  const tags = ['notifications'];
  const { inbox, preferences, admin } = services.notifications;
  const center = services.notifier;
  center.useLog(app.log);
  // Open streams end before the server stops accepting connections (they would hold it open); then the rest closes.
  app.addHook('preClose', async () => center.live.closeAll());
  app.addHook('onClose', async () => center.close());

  app.get('/notifications', {
    schema: { tags, summary: 'Your notifications, newest first', querystring: notificationListQuery, response: { 200: pageOf(notification), ...errorResponses } },
  }, (req) => inbox.list(authOf(req), req.query));

  app.get('/notifications/unread-count', {
    schema: { tags, summary: 'How many of your notifications are unread', response: { 200: unreadCount, ...errorResponses } },
  }, (req) => inbox.unreadCount(authOf(req)));

  app.post('/notifications/:id/read', {
    schema: { tags, summary: 'Mark one of your notifications read', params, response: { 200: notification, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await inbox.markRead(w, req.params.id) }))).body);

  app.post('/notifications/read-all', {
    schema: { tags, summary: 'Mark all your notifications read', response: { 200: readAllResult, ...errorResponses } },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await inbox.readAll(w) }))).body);

  app.get('/notifications/stream', {
    schema: {
      tags,
      summary: 'Live push of your notifications (Server-Sent Events)',
      description:
        'Open with EventSource (the session cookie authenticates it) or with a bearer token. Only notifications addressed to you are ' +
        'sent. A reconnect with Last-Event-ID first gets what was missed.',
      headers: streamHeaders,
      response: { 200: eventStream, ...errorResponses },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    try {
      await center.live.attach(auth, reply.raw, req.headers['last-event-id']);
    } catch (error) {
      // The status is sent already: ending the stream makes the browser reconnect.
      req.log.error({ err: error }, 'notification stream failed');
      reply.raw.end();
    }
  });

  app.get('/notifications/preferences', {
    schema: { tags, summary: 'Your channels per notification and your quiet hours', response: { 200: notificationPreferences, ...errorResponses } },
  }, (req) => preferences.get(authOf(req)));

  app.put('/notifications/preferences', {
    schema: {
      tags, summary: 'Set your channels per notification and your quiet hours', body: notificationPreferencesUpdate,
      response: { 200: notificationPreferences, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await preferences.replace(w, req.body) }))).body);

  const adminTags = ['admin'];
  app.get('/admin/robots', {
    schema: { tags: adminTags, summary: 'The organisation\'s DingTalk and WeCom group robots (admins)', response: { 200: z.object({ items: z.array(robot) }), ...errorResponses } },
  }, (req) => admin.listRobots(authOf(req)));

  app.post('/admin/robots', {
    schema: {
      tags: adminTags, summary: 'Connect a DingTalk or WeCom group robot (admins)', body: robotCreate,
      response: { 201: robot, ...errorResponses },
    },
  }, async (req, reply) => {
    const result = await uow.run(authOf(req), async (w) => ({ status: 201, body: await admin.createRobot(w, req.body) }), idempotencyOf(req));
    return reply.code(201).send(result.body);
  });

  app.delete('/admin/robots/:id', {
    schema: { tags: adminTags, summary: 'Disconnect a group robot (admins)', params, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await uow.run(authOf(req), async (w) => ({ status: 204, body: await admin.removeRobot(w, req.params.id) }));
    return reply.code(204).send(null);
  });

  app.post('/admin/notifications/test', {
    schema: {
      tags: adminTags, summary: 'Send a test notification on every channel (admins)', body: testNotificationRequest,
      response: { 200: testNotificationResult, ...errorResponses },
    },
  }, async (req) => (await uow.run(authOf(req), async (w) => ({ status: 200, body: await admin.sendTest(w, req.body) }), idempotencyOf(req))).body);
}
