/**
 * A write is one transaction: the business rows, their audit entries, their outbox events and the
 * idempotency record commit together or not at all. A retried POST with the same Idempotency-Key replays
 * the stored response instead of doing the work twice (H5).
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, canonicalJson } from '@closeloop/core';
import type { Clock } from '../clock.js';
import type { DatabaseHandle, Executor } from '../db/database.js';
import type { AuthContext } from '../access/auth-context.js';
import { appendAudit, appendAuditBatch, sealAudit, type AuditEntry } from '../audit/chain.js';
import type { EventBell } from '../events/event-bell.js';
import { appendEvent, type DomainEvent } from '../events/outbox.js';

export interface Write {
  tx: Executor;
  auth: AuthContext;
  now: string;
  audit(entry: Omit<AuditEntry, 'orgId' | 'actorId' | 'actorKind'>): Promise<void>;
  emit(event: Omit<DomainEvent, 'orgId'>): Promise<void>;
}

export interface WriteResult<T> {
  status: number;
  body: T;
}

export class UnitOfWork {
  /** `bell` wakes the job runners when a write's events commit; without one they find them at their next poll. */
  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly bell?: EventBell,
  ) {}

  /** Runs `work` in a transaction on behalf of `auth`. */
  async run<T>(auth: AuthContext, work: (write: Write) => Promise<WriteResult<T>>, idempotency?: { key: string; requestHash: string }): Promise<WriteResult<T>> {
    const principalId = auth.principal.kind === 'token' ? `token:${auth.principal.id}` : auth.userId;
    let emitted = false;
    const attempt = () =>
      this.database.db.transaction().execute(async (tx) => {
        if (idempotency) {
          const stored = await this.stored(tx, auth.orgId, principalId, idempotency.key);
          if (stored) return replay<T>(stored, idempotency.requestHash);
        }
        const pendingAudit: AuditEntry[] = [];
        const result = await work(this.writeFor(tx, auth, pendingAudit, () => (emitted = true)));
        if (emitted) await this.bell?.ringOnCommit(tx);
        if (idempotency) {
          await tx
            .insertInto('idempotency_keys')
            .values({
              org_id: auth.orgId, principal_id: principalId, key: idempotency.key, request_hash: idempotency.requestHash,
              status_code: result.status, response_body: JSON.stringify(result.body), created_at: this.clock.now().toISOString(),
            })
            .execute();
        }
        await appendAuditBatch(tx, this.database.dialect, this.clock, auth.orgId, pendingAudit);
        return result;
      });
    try {
      const result = await attempt();
      // PostgreSQL: the write's audit entries committed unchained; chain them before answering, so a client that reads
      // the audit log right after its write finds its entry (imports append theirs directly, so this always looks).
      // A seal that fails (the database went away after the commit) is left to the job runner's next pass: the write
      // itself committed and must not be reported as failed.
      await sealAudit(this.database.db, this.database.dialect, auth.orgId).catch(() => 0);
      if (emitted) this.bell?.ring();
      return result;
    } catch (error) {
      // Two copies of one request raced: the loser's transaction rolled back; answer with the winner's result.
      if (idempotency && isUniqueViolation(error)) {
        const stored = await this.stored(this.database.db, auth.orgId, principalId, idempotency.key);
        if (stored) return replay<T>(stored, idempotency.requestHash);
      }
      throw error;
    }
  }

  /** A transaction for system work that has no caller (seeding, CLI, jobs). */
  async system<T>(orgId: string, actorKind: 'system' | 'cli', work: (tx: Executor, audit: (e: Omit<AuditEntry, 'orgId' | 'actorKind'>) => Promise<void>) => Promise<T>): Promise<T> {
    const result = await this.database.db.transaction().execute((tx) =>
      work(tx, (entry) => appendAudit(tx, this.database.dialect, this.clock, { ...entry, orgId, actorKind })),
    );
    await sealAudit(this.database.db, this.database.dialect, orgId);
    return result;
  }

  private writeFor(tx: Executor, auth: AuthContext, pendingAudit: AuditEntry[], emitting: () => void): Write {
    return {
      tx,
      auth,
      now: this.clock.now().toISOString(),
      audit: async (entry) => {
        pendingAudit.push({ ...entry, orgId: auth.orgId, actorId: auth.userId, actorKind: auth.principal.kind === 'token' ? 'token' : 'user' });
      },
      emit: (event) => {
        emitting();
        return appendEvent(tx, this.clock, { ...event, orgId: auth.orgId });
      },
    };
  }

  private stored(db: Executor, orgId: string, principalId: string, key: string) {
    return db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response_body'])
      .where('org_id', '=', orgId)
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .executeTakeFirst();
  }
}

function replay<T>(stored: { request_hash: string; status_code: number; response_body: string }, requestHash: string): WriteResult<T> {
  if (stored.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: stored.status_code, body: JSON.parse(stored.response_body) as T };
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return !!e && (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/** The Idempotency-Key of a request, with a hash of what it asked for. */
export function idempotencyOf(request: FastifyRequest): { key: string; requestHash: string } | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] ?? '' : header;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', {}, { 'headers.idempotency-key': 'use 1–200 visible ASCII characters, e.g. a UUID' });
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n${canonicalJson(request.params ?? {})}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
  return { key, requestHash };
}
