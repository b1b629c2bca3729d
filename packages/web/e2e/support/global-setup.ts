/**
 * Once per test run, before any browser test: make sure packages/web/dist is built from the current sources, and tell
 * the test files whether Chromium is there and where the app to serve is (a private copy of dist, so a build started
 * elsewhere on this machine cannot empty it under a running test). A developer machine without Chromium skips the
 * browser tests with a message; CI must have it, so there a missing browser fails the run instead of passing it.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { chromiumAvailable, chromiumMissingMessage, chromiumPath, failureDir } from './chromium.mjs';
import { ensureWebBuilt, snapshotWebDist } from './web-build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
    webDir: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const available = chromiumAvailable();
  project.provide('chromium', available);
  project.provide('webDir', '');
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`Chromium not found at ${chromiumPath}: CI must run the browser tests (.ci/run installs Debian's chromium).`);
    console.warn(chromiumMissingMessage);
    return undefined;
  }
  rmSync(failureDir, { recursive: true, force: true });
  await ensureWebBuilt({ log: (line) => console.log(line) });
  const webDir = await snapshotWebDist();
  project.provide('webDir', webDir);
  return () => rmSync(webDir, { recursive: true, force: true });
}
