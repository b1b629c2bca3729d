import { z } from 'zod';
import { pageOf } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorResponses } from '../shared/openapi.js';

const auditListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
  entityType: z.string().max(40).optional().meta({ description: 'customer, lead, product, user, team, ...', example: 'customer' }),
  entityId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional().meta({ description: 'The person who made the change' }),
  action: z.string().max(40).optional().meta({ description: 'create, update, archive, merge, permission_change, login, ...' }),
});

const hash = z.string().meta({ example: '9f2c4b1e8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b' });
const auditEntry = z
  .object({
    seq: z.number().int().meta({ description: 'Position in the organisation\'s chain, from 1' }),
    id: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorKind: z.enum(['user', 'token', 'system', 'cli']),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().meta({ description: 'The changed fields before the change (JSON), or null' }),
    after: z.unknown().meta({ description: 'The changed fields after the change (JSON), or null' }),
    prevHash: hash,
    hash,
  })
  .meta({
    example: {
      seq: 42, id: '01JD0000000000000000000000', at: '2026-11-26T08:30:00.000Z', actorId: '01JD0000000000000000000001', actorKind: 'user',
      action: 'permission_change', entityType: 'user', entityId: '01JD0000000000000000000002',
      before: { role: 'rep', dataScope: 'own' }, after: { role: 'manager', dataScope: 'team' },
      prevHash: '5d41402abc4b2a76b9719d911017c592ae2f6e4d3c2b1a0f9e8d7c6b5a4f3e2d', hash: '9f2c4b1e8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
    },
  });

const chainReport = z
  .object({
    orgId: z.string(),
    entries: z.number().int().meta({ description: 'Entries that verified, in order from the first' }),
    ok: z.boolean(),
    headHash: hash.meta({ description: 'Hash of the last entry that verified' }),
    firstBroken: z
      .object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() })
      .optional()
      .meta({ description: 'The first entry that was edited, removed or forged; absent when the chain is whole' }),
  })
  .meta({ example: { orgId: 'org_demo', entries: 1842, ok: true, headHash: '9f2c4b1e8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b' } });

const signedHead = z
  .object({
    orgId: z.string(),
    entries: z.number().int(),
    headHash: hash,
    at: z.string(),
    signature: z.string().meta({ description: 'HMAC-SHA256, hex, over the RFC 8785 canonical JSON of { orgId, entries, headHash, at }' }),
  })
  .meta({
    example: {
      orgId: 'org_demo', entries: 1842, headHash: '9f2c4b1e8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b', at: '2026-11-26T08:30:00.000Z',
      signature: '3b8f1c2d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c',
    },
  });

export function auditRoutes(app: TypedApp, { services }: RouteDeps): void {
  const tags = ['audit'];
  app.get('/audit', {
    schema: {
      tags, summary: 'Audit entries of your organisation, newest first (admins, ops)', querystring: auditListQuery,
      response: { 200: pageOf(auditEntry), ...errorResponses },
    },
  }, (req) => services.audit.list(authOf(req), req.query));

  app.get('/audit/verify', {
    schema: {
      tags, summary: 'Verify your organisation\'s audit chain and name the first edited or missing entry (admins)',
      response: { 200: chainReport, ...errorResponses },
    },
  }, (req) => services.audit.verify(authOf(req)));

  app.get('/audit/head', {
    schema: {
      tags, summary: 'The audit chain head signed with the installation\'s key, for publishing outside the database (admins)',
      response: { 200: signedHead, ...errorResponses },
    },
  }, (req) => services.audit.signedHead(authOf(req)));
}
