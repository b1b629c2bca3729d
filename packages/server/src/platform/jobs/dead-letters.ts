/**
 * The dead-letter list for admins: what kept failing, why, and a retry that runs the same handler again once
 * the cause is fixed. A retry is exactly as safe as the first delivery: it runs in one transaction with
 * `ctx.once` effect keys, so whatever had already been applied is not applied again.
 */
import { AppError } from '@closeloop/core';
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { requirePermission, type AuthContext } from '../access/auth-context.js';
import { orgScope } from '../access/scope.js';
import { appendAudit, sealAudit } from '../audit/chain.js';
import { pageOf } from '../http/pagination.js';
import { runReaction, toDeliveredEvent } from '../events/dispatcher.js';
import type { ReactionRegistry } from '../events/reactions.js';
import { toDeadLetterView, type DeadLetterRow, type DeadLetterView } from './dead-letter-store.js';
import { failureText } from './retry-policy.js';
import { runTimer } from './timer-firing.js';
import type { Timers } from './timers.js';
import { inJobTransaction, type Attempt, type JobTransaction } from './transactions.js';

export interface DeadLetterQuery {
  status?: 'dead' | 'resolved' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export class DeadLetterService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly reactions: ReactionRegistry,
    private readonly timers: Timers,
  ) {}

  /** The organisation's dead letters, most recent failure first. */
  async list(auth: AuthContext, query: DeadLetterQuery): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
    requireAdmin(auth);
    let rows = this.database.db.selectFrom('dead_letters').selectAll().where(orgScope(auth, 'dead_letters'));
    if (query.status) rows = rows.where('status', '=', query.status);
    const page = await pageOf(rows, { sort: 'failedAt:desc', cursor: query.cursor, limit: query.limit }, { failedAt: 'dead_letters.failed_at' }, 'dead_letters.id');
    return { items: page.rows.map(toDeadLetterView), nextCursor: page.nextCursor };
  }

  /**
   * Runs the failed work again now. Success resolves the dead letter; another failure keeps it, with the new
   * error. Two admins retrying at once run it once: the row is locked and the second finds it resolved.
   */
  async retry(auth: AuthContext, id: string): Promise<DeadLetterView> {
    requireAdmin(auth);
    const { dialect } = this.database;
    const view = await inJobTransaction(this.database.db, async (trx) => {
      const row = await trx
        .selectFrom('dead_letters')
        .selectAll()
        .where(orgScope(auth, 'dead_letters'))
        .where('id', '=', id)
        .$if(dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', { entity: 'dead_letter' });
      if (row.status === 'resolved') throw new AppError('CONFLICT', { detail: 'This dead letter has already been retried successfully.' });
      const result = await this.rerun(trx, row);
      const now = this.clock.now().toISOString();
      const attempts = row.attempts + 1;
      const changes = result.ok
        ? { status: 'resolved', attempts, resolved_at: now, resolved_by: auth.userId }
        : { attempts, last_error: failureText(result.error) };
      const saved = await trx.updateTable('dead_letters').set(changes).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(trx, dialect, this.clock, {
        orgId: auth.orgId, actorId: auth.userId, actorKind: auth.principal.kind === 'token' ? 'token' : 'user',
        action: 'retry', entityType: 'dead_letter', entityId: row.id,
        before: { status: row.status, attempts: row.attempts }, after: { status: saved.status, attempts },
      });
      return toDeadLetterView(saved);
    });
    await sealAudit(this.database.db, dialect, auth.orgId);
    return view;
  }

  private async rerun(trx: JobTransaction, row: DeadLetterRow): Promise<Attempt> {
    const { dialect } = this.database;
    if (row.source === 'reaction') {
      const reaction = this.reactions.get(row.handler);
      if (!reaction) throw gone(`The reaction "${row.handler}" is no longer part of this server.`);
      const event = await trx.selectFrom('events').selectAll().where('org_id', '=', row.org_id).where('id', '=', row.event_id ?? '').executeTakeFirst();
      if (!event) throw gone('Its event is no longer in the outbox.');
      return runReaction(trx, dialect, this.clock, reaction, toDeliveredEvent(event));
    }
    const kind = this.timers.get(row.handler);
    if (!kind) throw gone(`The timer kind "${row.handler}" is no longer part of this server.`);
    const timer = {
      orgId: row.org_id, key: row.subject ?? '', kind: row.handler, dueAt: row.due_at ?? row.failed_at,
      payload: JSON.parse(row.payload ?? '{}') as Record<string, unknown>, attempts: row.attempts,
    };
    return runTimer(trx, dialect, this.clock, kind, timer);
  }
}

const gone = (why: string) => new AppError('CONFLICT', { detail: `This dead letter cannot be retried: ${why}` });

/** Dead letters show the system's internals and a retry re-runs its work: admins only, tokens with audit.read. */
function requireAdmin(auth: AuthContext): void {
  requirePermission(auth, 'audit.read');
  if (auth.role !== 'admin') throw new AppError('FORBIDDEN');
}
