/**
 * Once per test run, before any browser test: make sure packages/web/dist is built from the current sources, and tell
 * the test files whether Chromium is there. A developer machine without Chromium skips the browser tests with a
 * message; CI must have it, so there a missing browser fails the run instead of passing it silently.
 */
import type { TestProject } from 'vitest/node';
import { chromiumAvailable, chromiumMissingMessage } from './chromium.mjs';
import { ensureWebBuilt } from './web-build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const available = chromiumAvailable();
  project.provide('chromium', available);
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`${chromiumMissingMessage} (CI=true: failing instead of skipping)`);
    console.warn(chromiumMissingMessage);
    return;
  }
  await ensureWebBuilt({ log: (line) => console.log(line) });
}
