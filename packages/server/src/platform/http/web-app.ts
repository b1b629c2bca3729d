/**
 * Serves the built web app (packages/web/dist) from the same origin as the API: hashed assets cached for a year,
 * index.html and the service worker never cached, and any other GET that accepts HTML answered with index.html so
 * the browser's router handles deep links (/leads/ID). API paths keep their JSON 404. Text files go out as the brotli
 * or gzip copy the build wrote beside them (packages/web/build/compress.ts) when the browser accepts it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/**
 * The Content-Security-Policy sources of index.html's inline scripts, `'sha256-…'` each: the build writes the early
 * requests script into the page (packages/web/build/early-requests.ts), which saves the phone a round trip before the
 * app's first requests, and the policy allows exactly that script besides the files of 'self'. index.html is read
 * again when it changed (a build in place while the server runs), looked at no more than once a second.
 */
export function inlineScriptSources(dir: string): () => string {
  const file = path.join(dir, 'index.html');
  let lookedAt = -Infinity;
  let modifiedAt = -1;
  let sources = '';
  return () => {
    const now = performance.now();
    if (now - lookedAt < 1_000) return sources;
    lookedAt = now;
    try {
      const modified = statSync(file).mtimeMs;
      if (modified !== modifiedAt) {
        sources = inlineScriptHashes(readFileSync(file, 'utf8')).join(' ');
        modifiedAt = modified;
      }
    } catch {
      // No page to allow scripts in: nothing inline runs.
      sources = '';
      modifiedAt = -1;
    }
    return sources;
  };
}

/** `'sha256-…'` of each attribute-less `<script>` in a page, hashed as the browser does: its text, as written. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
}

/** For the not-found handler: a browser navigation outside /api gets the app shell. */
export function isAppNavigation(request: FastifyRequest): boolean {
  return request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

export function sendAppShell(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
}
