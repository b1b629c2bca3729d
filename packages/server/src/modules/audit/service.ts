/**
 * Reading the audit log (B4): entries by record or by person, newest first; verifying the organisation's chain;
 * and the signed chain head, to be published outside the database.
 */
import { AppError, type Permission } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { AuditRow } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { orgScope } from '../../platform/access/scope.js';
import { signHead, verifyChain, type AuditEntry, type ChainReport } from '../../platform/audit/chain.js';
import { auditSigningKey } from '../../platform/audit/signing-key.js';
import { pageOf } from '../../platform/http/pagination.js';
import { decodeCursor } from '../../platform/http/cursor.js';

export interface AuditFilters {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface AuditEntryView {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorKind: AuditEntry['actorKind'];
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export function toAuditEntry(row: AuditRow): AuditEntryView {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorKind: row.actor_kind as AuditEntry['actorKind'],
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export class AuditService {
  private signingKey: Promise<string> | undefined;

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  async list(auth: AuthContext, filters: AuditFilters) {
    requirePermission(auth, 'audit.read');
    let query = this.db.selectFrom('audit_log').selectAll().where(orgScope(auth, 'audit_log'));
    if (filters.entityType) query = query.where('entity_type', '=', filters.entityType);
    if (filters.entityId) query = query.where('entity_id', '=', filters.entityId);
    if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
    if (filters.action) query = query.where('action', '=', filters.action);
    // The cursor's value meets an integer column: PostgreSQL rejects anything else with an error, not a 400.
    const cursor = decodeCursor(filters.cursor);
    if (cursor && !(Number.isSafeInteger(cursor.v) && (cursor.v as number) > 0)) throw new AppError('BAD_CURSOR');
    const { rows, nextCursor } = await pageOf(query, { sort: 'seq:desc', cursor: filters.cursor, limit: filters.limit }, { seq: 'audit_log.seq' }, 'audit_log.id');
    return { items: rows.map(toAuditEntry), nextCursor };
  }

  /** Walks the caller's organisation's whole chain and names the first entry that does not hold together. */
  async verify(auth: AuthContext): Promise<ChainReport> {
    requireAdmin(auth, 'audit.read');
    return verifyChain(this.db, auth.orgId);
  }

  /**
   * The chain head signed with the installation's key. Only a chain that verifies is signed: a signature over a
   * broken chain would vouch for the tampering.
   */
  async signedHead(auth: AuthContext) {
    requireAdmin(auth, 'audit.read');
    const report = await verifyChain(this.db, auth.orgId);
    if (!report.ok) {
      throw new AppError('CONFLICT', {
        detail: `The audit chain does not verify (first broken entry: ${report.firstBroken?.seq}); its head cannot be signed. See GET /api/v1/audit/verify.`,
      });
    }
    this.signingKey ??= auditSigningKey(this.config).catch((error: unknown) => {
      this.signingKey = undefined; // a key file fixed by the operator is picked up on the next call
      throw error;
    });
    return signHead(auth.orgId, report, await this.signingKey, this.clock.now().toISOString());
  }
}

/**
 * Verifying walks the entire chain and the signed head is what the company publishes, so both are for admins
 * only, and an admin's API token must also carry the permission.
 */
function requireAdmin(auth: AuthContext, permission: Permission): void {
  requirePermission(auth, permission);
  if (auth.role !== 'admin') throw new AppError('FORBIDDEN');
}
