/** The OpenAPI document is the API's contract: every route documents its input, its output and an example. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../test-support/fixture.js';
import { operationsOf, type Operation } from './openapi-doc.js';

describe('the OpenAPI document', () => {
  let world: TestWorld;
  let ops: Operation[];
  beforeAll(async () => {
    world = await createWorld('sqlite');
    ops = (await operationsOf(world)).filter((op) => op.path.startsWith('/api/v1/'));
  });
  afterAll(() => world.close());

  it('is served as JSON at /api/docs/json and as a UI at /api/docs', async () => {
    const ui = await world.app.inject({ method: 'GET', url: '/api/docs/' });
    expect([200, 302]).toContain(ui.statusCode);
    expect(ops.length).toBeGreaterThan(3);
  });

  it('sends a visitor of the front door to the API documentation when the web app is not installed', async () => {
    const home = await world.app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toBe('/api/docs');
  });

  it('gives every route a summary and a tag', () => {
    const missing = ops.filter((op) => !op.summary || !op.tags?.length).map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
  });

  it('documents a success response with a schema and an example for every route', () => {
    const missing = ops
      .filter((op) => {
        const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
        if (!success) return true;
        if (success[0] === '204') return false;
        // File downloads (exports, error reports) document their media types with a binary schema instead.
        const content = success[1].content ?? {};
        const isDownload = Object.keys(content).length > 0 && Object.values(content).every((m) => m.schema?.format === 'binary');
        if (isDownload) return false;
        const media = content['application/json'];
        return !media?.schema || (media.schema.example === undefined && (media as { example?: unknown }).example === undefined);
      })
      .map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
  });

  it('documents a request body schema with a hand-written example for every JSON body', () => {
    const missing = ops
      .filter((op) => op.requestBody?.content['application/json'])
      .filter((op) => op.requestBody!.content['application/json']!.schema?.example === undefined)
      .map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
  });

  it('documents the error answers of every private route', () => {
    const missing = ops
      .filter((op) => !(op.security && op.security.length === 0))
      .filter((op) => !op.responses['401'] || !op.responses['404'])
      .map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
  });
});
