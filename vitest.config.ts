import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run on the sources; no build step between an edit and a test.
    alias: { '@closeloop/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          // Two files at a time, sharing their worker's modules instead of importing the server afresh each (~1.6 s a
          // file): CI's SQLite unit files 72 s instead of ~230 s, its PostgreSQL pass ~295 s instead of ~510 s one file at
          // a time. Tests keep no state in modules (each builds its own world and database; stubbed globals are restored
          // after each test). On PostgreSQL files make and drop their schemas in turn (test-support/databases.ts).
          maxWorkers: 2,
          isolate: false,
          // Projects with different worker counts must run as separate groups: the unit files first, then the browser's.
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Real Chromium against a real server serving the built web app. The global setup (re)builds the app only
        // when these files are part of the run, so running server tests never pays for a web build.
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['packages/web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['packages/web/e2e/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
