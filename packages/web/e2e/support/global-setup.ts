/**
 * Once per test run, before any browser test: make sure packages/web/dist is built from the current sources, and tell
 * the test files whether Chromium is there and where the app to serve is: a private copy of dist, so a build started
 * elsewhere on this machine (another engineer, another test run) cannot empty it under a running test. A developer machine without Chromium skips the browser tests with a
 * message; CI must have it, so there a missing browser fails the run instead of passing it silently.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromiumAvailable, chromiumMissingMessage, failureDir } from './chromium.mjs';
import { ensureWebBuilt, webDist } from './web-build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
    webDir: string;
  }
}

/** Copies dist, and checks the copy is whole (every asset index.html names is there); a build may be mid-way. */
function snapshotDist(): string {
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'closeloop-e2e-web-'));
    cpSync(webDist, dir, { recursive: true });
    const index = path.join(dir, 'index.html');
    const assets = existsSync(index) ? [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!) : null;
    if (assets && assets.every((asset) => existsSync(path.join(dir, asset)))) return dir;
    rmSync(dir, { recursive: true, force: true });
    if (attempt === 3) throw new Error(`${webDist} is incomplete (a build running elsewhere?); run the tests again`);
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const available = chromiumAvailable();
  project.provide('chromium', available);
  project.provide('webDir', '');
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`${chromiumMissingMessage} (CI=true: failing instead of skipping)`);
    console.warn(chromiumMissingMessage);
    return undefined;
  }
  rmSync(failureDir, { recursive: true, force: true });
  await ensureWebBuilt({ log: (line) => console.log(line) });
  const webDir = snapshotDist();
  project.provide('webDir', webDir);
  return () => rmSync(webDir, { recursive: true, force: true });
}
