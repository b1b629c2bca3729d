/**
 * Open statements refresh live (C3): when a person's commission lines change — the reaction to a confirmed, refunded
 * or voided payment, or an accepted recalculation — the streams whose commission reach holds that person hear
 * `event: change {type: 'commissions', id: <person>, period}` once the transaction commits, and re-read the statement
 * through the scoped API. The hint carries no amount. Nothing is read for it when no stream could hear it.
 */
import type { Executor } from '../../platform/db/database.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import { nextOpenPeriod } from './calculation.js';

/** A person whose lines of `period` changed; `locked`: the period is locked, so the change landed in the next open one. */
export interface StatementChange {
  personId: string;
  period: string;
  locked?: boolean;
}

export async function announceStatementChanges(tx: Executor, notifier: NotificationCenter, orgId: string, changed: readonly StatementChange[]): Promise<void> {
  if (changed.length === 0 || !notifier.changesHeard()) return;
  const into = new Map<string, string>();
  for (const change of changed) if (change.locked && !into.has(change.period)) into.set(change.period, await nextOpenPeriod(tx, orgId, change.period));
  const people = [...new Set(changed.map((c) => c.personId))];
  const teamOf = new Map<string, string | null>();
  for (let i = 0; i < people.length; i += 500) {
    const rows = await tx.selectFrom('users').select(['id', 'team_id']).where('org_id', '=', orgId).where('id', 'in', people.slice(i, i + 500)).execute();
    for (const row of rows) teamOf.set(row.id, row.team_id);
  }
  const hints = new Map<string, { personId: string; period: string }>();
  for (const change of changed) {
    const period = change.locked ? into.get(change.period)! : change.period;
    if (teamOf.has(change.personId)) hints.set(`${change.personId}|${period}`, { personId: change.personId, period });
  }
  await notifier.announceChanges(tx, orgId, [...hints.values()].map(({ personId, period }) => ({
    type: 'commissions', id: personId, period,
    seenThrough: [{ orgId, ownerId: personId, teamId: teamOf.get(personId) ?? null, regionId: null, industry: null }],
  })));
}
