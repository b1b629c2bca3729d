/**
 * Serves the built web app (packages/web/dist) from the same origin as the API: hashed assets cached for a year,
 * index.html and the service worker never cached, and any other GET that accepts HTML answered with index.html so
 * the browser's router handles deep links (/leads/ID). API paths keep their JSON 404. Text files go out as the brotli
 * or gzip copy the build wrote beside them (packages/web/build/compress.ts) when the browser accepts it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const defaultWebDir = fileURLToPath(new URL('../../../../web/dist', import.meta.url));

export function webAppAvailable(dir: string): boolean {
  return existsSync(path.join(dir, 'index.html'));
}

export async function installWebApp(app: FastifyInstance, dir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: true,
    index: false,
    // Our own cache policy (below) instead of the plugin's max-age=0.
    cacheControl: false,
    preCompressed: true,
    setHeaders: (res, file) => {
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      // The same address answers in more than one encoding: caches in between must key on what the browser accepts.
      res.setHeader('vary', 'Accept-Encoding');
    },
  });
}

/** For the not-found handler: a browser navigation outside /api gets the app shell. */
export function isAppNavigation(request: FastifyRequest): boolean {
  return request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

export function sendAppShell(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
}
