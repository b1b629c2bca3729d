/**
 * Every /api/v1 route is private unless it says `config: { public: true }`. The hook resolves the caller from the
 * session cookie or a bearer API token, and checks the CSRF token on unsafe requests made with the cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@closeloop/core';
import type { AuthContext } from '../access/auth-context.js';
import { sessionCookie, type Authenticator } from '../auth/authenticator.js';
import { sameSecret } from '../auth/tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    session: { csrfToken: string; expiresAt: string } | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    // The web app's files need no caller; resolving a session for each would cost a query per asset.
    if (!request.url.startsWith('/api/')) return;
    const bearer = bearerOf(request);
    if (bearer) {
      request.auth = await authenticator.fromApiToken(bearer);
      return;
    }
    const cookie = request.cookies[sessionCookie];
    if (!cookie) return;
    const found = await authenticator.fromSession(cookie);
    if (!found) return;
    request.auth = found.auth;
    request.session = { csrfToken: found.csrfToken, expiresAt: found.expiresAt };
  });
  app.addHook('preHandler', async (request) => {
    // Data lives only under /api/v1; everything else (API docs, the web app's files) is public by nature.
    const route = request.routeOptions.url ?? '';
    if (request.routeOptions.config?.public || !route.startsWith('/api/v1/')) return;
    if (!request.auth) throw new AppError('UNAUTHENTICATED');
    if (request.session && !safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, request.session.csrfToken)) throw new AppError('CSRF_MISMATCH');
    }
  });
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? null;
}

/** The caller of a private route (the hook guarantees one). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
}
