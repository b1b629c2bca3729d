/**
 * Throws generated bad payloads at every write route in the OpenAPI document: wrong types, unknown fields,
 * oversize strings, invalid phones and emails, arbitrary JSON, unknown ids. No answer may be a 5xx, and a
 * refused request must leave every business table exactly as it was.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../test-support/fixture.js';
import { dialects } from '../test-support/databases.js';
import { fillPath, operationsOf, tableOfSegment, type Operation } from './openapi-doc.js';

// Login failures are meant to write (the failed-attempt counter and an audit entry); uploads (imports, recordings) are
// multipart, and a recording sent where speech-to-text is not set up is rightly a 503 whatever its body.
const skipped = (op: Operation) => op.path.endsWith('/auth/login') || op.path.includes('/imports/') || op.path.includes('/speech/');

const watchedTables = ['customers', 'contacts', 'leads', 'activities', 'products', 'price_policies', 'users', 'teams', 'regions', 'api_tokens', 'audit_log', 'events', 'sessions', 'idempotency_keys'];

async function fingerprint(world: TestWorld): Promise<string> {
  const hasVersion = new Set(['customers', 'contacts', 'leads', 'activities', 'products', 'price_policies', 'users', 'teams']);
  const parts = watchedTables.map((t) =>
    hasVersion.has(t) ? `(select count(*) || ':' || coalesce(sum(version), 0) from ${t})` : `(select count(*) || '' from ${t})`,
  );
  const row = await sql<{ f: string }>`select ${sql.raw(parts.join(` || '|' || `))} as f`.execute(world.database.db);
  return row.rows[0]!.f;
}

const wrongValue = fc.oneof(
  fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.constant(''), fc.constant('   '),
  fc.string({ minLength: 300, maxLength: 400 }), fc.constant('x'.repeat(25_000)), fc.constant('not-a-phone☎'),
  fc.constant('no-at-sign.example'), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER), fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }), fc.constant('2026-13-45'), fc.constant('../../etc/passwd'),
  fc.constant("'; drop table customers; --"), fc.constant('nul\u0000byte'),
);

function badBodies(example: unknown): fc.Arbitrary<unknown> {
  const base = example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : {};
  const keys = Object.keys(base);
  const mutated = keys.length
    ? fc.tuple(fc.constantFrom(...keys), wrongValue).map(([key, value]) => ({ ...base, [key]: value }))
    : wrongValue;
  const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k) && k !== '__proto__'), fc.jsonValue())
    .map(([key, value]) => ({ ...base, [key]: value }));
  const missingAll = fc.constant({});
  return fc.oneof({ weight: 5, arbitrary: mutated }, { weight: 2, arbitrary: unknownField }, { weight: 1, arbitrary: missingAll }, { weight: 2, arbitrary: fc.jsonValue() });
}

describe.each(dialects)('bad input on %s', (dialect) => {
  let world: TestWorld;
  let ops: Operation[] = [];
  const realIds: Record<string, string> = {};
  beforeAll(async () => {
    world = await createWorld(dialect);
    ops = (await operationsOf(world)).filter((op) => op.method !== 'get' && !skipped(op));
    await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: world.as('admin'), payload: { name: '深圳样例电子', industry: 'manufacturing' } });
    for (const [segment, table] of Object.entries(tableOfSegment)) {
      // Never the admin's own token or account: revoking or disabling it would turn every later request into a 401.
      const notTheCaller = table === 'api_tokens' ? sql`and user_id <> ${world.ids.admin}` : table === 'users' ? sql`and id <> ${world.ids.admin}` : sql``;
      const row = await sql<{ id: string }>`select id from ${sql.table(table)} where org_id = ${world.orgId} ${notTheCaller} limit 1`.execute(world.database.db).catch(() => ({ rows: [] }));
      if (row.rows[0]) realIds[segment] = row.rows[0].id;
    }
  });
  afterAll(() => world.close());

  it('covers the write routes', () => {
    expect(ops.length).toBeGreaterThan(5);
  });

  it('never answers a bad payload with a 5xx and never writes on refusal', async () => {
    const runs = dialect === 'sqlite' ? 200 : 60;
    for (const op of ops) {
      const segment = op.path.split('/')[3] ?? '';
      const example = op.requestBody?.content['application/json']?.schema?.example;
      const idChoice = fc.constantFrom(realIds[segment] ?? 'nope', 'does-not-exist', '0', 'ÄÖ%2F..');
      await fc.assert(
        fc.asyncProperty(badBodies(example), idChoice, async (body, id) => {
          const before = await fingerprint(world);
          const res = await world.app.inject({
            method: op.method.toUpperCase() as 'POST',
            url: fillPath(op.path, { id }),
            headers: { ...world.as('admin'), 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          if (res.statusCode === 401) throw new Error(`${op.method} ${op.path} → 401: the test lost its credentials`);
          if (res.statusCode >= 500) throw new Error(`${op.method} ${op.path} → ${res.statusCode} for ${JSON.stringify(body).slice(0, 200)}: ${res.body}`);
          if (res.statusCode >= 400) {
            expect(res.json().error.code, `${op.method} ${op.path}`).toMatch(/^[A-Z_]+$/);
            expect(await fingerprint(world), `${op.method} ${op.path} wrote on a refused request`).toBe(before);
          }
        }),
        { numRuns: runs },
      );
    }
  }, 600_000);

  it('answers malformed JSON, wrong content types and oversize bodies with a clear 4xx', async () => {
    const headers = world.as('admin');
    const malformed = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_REQUEST');
    const wrongType = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(wrongType.statusCode).toBe(415);
    const huge = await world.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), industry: 'retail' }),
    });
    expect(huge.statusCode).toBe(413);
    const zh = await world.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: { ...headers, 'accept-language': 'zh-CN,zh;q=0.9' }, payload: { name: 1 },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.message).toBe('部分字段不正确，请修改后重试。');
    expect(Object.keys(zh.json().error.fields)).toContain('body.name');
  });
});
