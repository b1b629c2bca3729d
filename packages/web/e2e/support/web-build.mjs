/**
 * The built web app (packages/web/dist) that browser tests, screenshots and benchmarks load through the real server.
 * It is rebuilt only when a source is newer than the build, and one build at a time on this machine: a lock directory
 * keeps two test runs (or a test run and a screenshot run) from emptying dist under each other.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(webRoot, '../..');
export const webDist = path.join(webRoot, 'dist');

// What the bundle is made of: the app, its static files and config, and core's sources (the web builds from them).
const inputs = ['src', 'build', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(webRoot, p))
  .concat(path.join(repoRoot, 'packages/core/src'));

const lockDir = path.join(os.tmpdir(), `closeloop-web-build-${createHash('sha1').update(repoRoot).digest('hex').slice(0, 10)}.lock`);
// A build takes well under a minute; a lock older than this belongs to a run that died.
const staleLockMs = 5 * 60_000;

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when dist exists and nothing it is built from changed after it was written. */
export function webBuildIsFresh() {
  const index = path.join(webDist, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return inputs.every((input) => newestMtime(input) <= built);
}

async function withBuildLock(work) {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const age = Date.now() - (existsSync(lockDir) ? statSync(lockDir).mtimeMs : Date.now());
      if (age > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * `vite build` in a child process with NODE_ENV=production: a test runner sets NODE_ENV=test, and Vite would then
 * bundle React's development build — bigger and slower than what people get.
 */
function viteBuild(log) {
  const viteBin = path.join(path.dirname(createRequire(path.join(webRoot, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
      cwd: webRoot,
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        if (output.trim()) log(output.trim());
        resolve();
      } else reject(new Error(`vite build failed (exit ${code}):\n${output.trim().split('\n').slice(0, 60).join('\n')}`));
    });
  });
}

/**
 * Builds packages/web/dist unless it is up to date. Returns whether it built.
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function ensureWebBuilt(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  if (webBuildIsFresh()) return false;
  return withBuildLock(async () => {
    // Another run may have built it while this one waited for the lock.
    if (webBuildIsFresh()) return false;
    const started = performance.now();
    const startedAt = new Date();
    log('Building the web app (packages/web/dist is older than its sources)…');
    await viteBuild(log);
    // Dated to the start of the build, so a source saved while it ran counts as newer and triggers the next build.
    utimesSync(path.join(webDist, 'index.html'), startedAt, startedAt);
    log(`Built the web app in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return true;
  });
}

/**
 * A private copy of dist in a temporary directory, checked to be whole (every file index.html names is there), so a
 * build started elsewhere on this machine cannot empty the app under a running test or benchmark. The caller removes it.
 */
export async function snapshotWebDist() {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'closeloop-web-'));
    cpSync(webDist, dir, { recursive: true });
    const index = path.join(dir, 'index.html');
    const named = existsSync(index) ? [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]) : null;
    if (named && named.every((file) => existsSync(path.join(dir, file)))) return dir;
    rmSync(dir, { recursive: true, force: true });
    // A build elsewhere is writing dist: give it the time a build takes.
    if (attempt === 40) throw new Error(`${webDist} stayed incomplete for 80 s (a build running elsewhere?); try again`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
