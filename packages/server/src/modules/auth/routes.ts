/** Sign in and out, the current session, and changing one's own password. */
import { z } from 'zod';
import { AppError, loginRequest, passwordChange, permissions, session } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { sessionCookie } from '../../platform/auth/authenticator.js';
import { errorResponses } from '../shared/openapi.js';
import { toUser } from '../people/mappers.js';

export function authRoutes(app: TypedApp, { services, deps }: RouteDeps): void {
  const tags = ['auth'];
  const secureCookie = (protocol: string) =>
    deps.config.COOKIE_SECURE === 'true' || (deps.config.COOKIE_SECURE === 'auto' && protocol === 'https');

  app.post('/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Sign in with email or phone and password', security: [], body: loginRequest, response: { 200: session, ...errorResponses } },
  }, async (req, reply) => {
    const signIn = await services.authenticator.signIn(req.body.login, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    reply.setCookie(sessionCookie, signIn.token, {
      httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookie(req.protocol), expires: new Date(signIn.expiresAt),
    });
    return {
      user: toUser(signIn.user),
      org: await services.people.orgOf(signIn.user.org_id),
      permissions: permissions.filter((p) => services.people.roleAllows(signIn.user.role, p)),
      csrfToken: signIn.csrfToken,
      expiresAt: signIn.expiresAt,
    };
  });

  app.post('/auth/logout', {
    schema: { tags, summary: 'Sign out of this session', response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const auth = authOf(req);
    if (auth.principal.kind === 'session') await services.authenticator.signOut(auth.principal.id);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/auth/me', {
    schema: { tags, summary: 'The signed-in person, their permissions and CSRF token', response: { 200: session, ...errorResponses } },
  }, async (req) => {
    const auth = authOf(req);
    if (!req.session) throw new AppError('FORBIDDEN');
    return {
      user: toUser(await services.people.userRow(auth.orgId, auth.userId)),
      org: await services.people.orgOf(auth.orgId),
      permissions: [...auth.permissions],
      csrfToken: req.session.csrfToken,
      expiresAt: req.session.expiresAt,
    };
  });

  app.post('/auth/password', {
    schema: { tags, summary: 'Change your own password (ends your other sessions)', body: passwordChange, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const auth = authOf(req);
    // A person's password is theirs to change in person; an integration's token never may.
    if (auth.principal.kind !== 'session') throw new AppError('FORBIDDEN');
    await services.people.changeOwnPassword(auth, req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send(null);
  });
}
