/**
 * The built server as people run it (`closeloop serve --demo-on-empty`), in a child process on a free port with a
 * throw-away SQLite file and a private copy of the built app, for the screenshot and web benchmark scripts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureWebBuilt, repoRoot, snapshotWebDist } from './web-build.mjs';

export const demoPassword = 'closeloop-demo';
export const demoLogin = (login) => `${login}@demo.closeloop.cn`;

/**
 * Compiles the server (incremental, a no-op when nothing changed) and builds the web app when it is stale. A server
 * that does not compile (someone mid-edit) falls back to its last build, with the errors shown.
 */
export async function buildAll(log = (line) => console.log(line)) {
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-b', 'packages/server'], { cwd: repoRoot, encoding: 'utf8' });
  if (compiled.status !== 0) {
    const problems = `${compiled.stdout}${compiled.stderr}`.trim();
    if (!existsSync(path.join(repoRoot, 'packages/server/dist/cli.js'))) throw new Error(`the server does not compile:\n${problems}`);
    log(`The server does not compile right now; using its last build.\n${problems.split('\n').slice(0, 5).join('\n')}`);
  }
  await ensureWebBuilt({ log });
}

/**
 * Starts `closeloop serve --demo-on-empty` on port 0 and resolves once it printed where it listens.
 * @param {{ env?: Record<string, string> }} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startDemoProcess(options = {}) {
  // Served from a private copy of dist: another build on this machine cannot pull it away mid-run.
  const webDir = await snapshotWebDist();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'closeloop-demo-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'packages/server/bin/closeloop.js'), 'serve', '--demo-on-empty'], {
    cwd: repoRoot,
    env: {
      ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'closeloop.db')}`, DATA_DIR: dir,
      HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', WEB_DIR: webDir, ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  };
  let output = '';
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo server did not start within 60 s:\n${output}`)), 60_000);
      const onData = (chunk) => {
        output += chunk;
        const ready = /Closeloop is ready at (http:\/\/\S+)/.exec(output);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo server exited (${code}) before it was ready:\n${output}`));
      });
    });
    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs a browser context in through the API (its cookie jar is the context's), like a returning visitor. */
export async function signInContext(context, baseUrl, login) {
  const answer = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { login: demoLogin(login), password: demoPassword },
    headers: { 'idempotency-key': randomUUID() },
  });
  if (answer.status() !== 200) throw new Error(`signing in as ${login} failed: ${answer.status()} ${await answer.text()}`);
  return answer.json();
}

/**
 * A Node-side API caller signed in as a demo person (session cookie + CSRF token).
 * @returns {Promise<{ user: { id: string }, call(method: string, path: string, body?: unknown): Promise<any> }>}
 */
export async function apiSession(baseUrl, login) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: demoLogin(login), password: demoPassword }),
  });
  if (!response.ok) throw new Error(`signing in as ${login} failed: ${response.status}`);
  const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const session = await response.json();
  return {
    user: session.user,
    async call(method, apiPath, body) {
      const headers = { cookie, 'x-csrf-token': session.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method === 'POST') headers['idempotency-key'] = randomUUID();
      const answer = await fetch(`${baseUrl}/api/v1${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!answer.ok) throw new Error(`${method} ${apiPath} as ${login}: ${answer.status} ${await answer.text()}`);
      return answer.status === 204 ? null : answer.json();
    },
  };
}
