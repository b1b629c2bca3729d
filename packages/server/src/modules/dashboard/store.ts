/**
 * Every query of the team board. Each one reads through the access layer's scope filters (the same ones the lead
 * and activity lists use), so a figure can never count a record its reader could not open in a list.
 */
import { openLeadStages, type OpenLeadStage } from '@closeloop/core';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { activityScope, ownedScope } from '../../platform/access/scope.js';
import type { Executor } from '../../platform/db/database.js';
import { silentLeadCondition } from '../silence/index.js';

export interface OwnerLeadCounts {
  ownerId: string;
  open: number;
  silent: number;
}

export interface SilentLeadRow {
  id: string;
  name: string;
  company: string | null;
  stage: string;
  ownerId: string;
  ownerName: string;
  lastActivityAt: string;
}

export class DashboardStore {
  /** Active leads per stage. */
  async stageCounts(db: Executor, auth: AuthContext): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('leads')
      .where(ownedScope(auth, 'leads'))
      .where('leads.status', '=', 'active')
      .select((eb) => ['leads.stage', eb.fn.countAll<number | string>().as('n')])
      .groupBy('leads.stage')
      .execute();
    return new Map(rows.map((r) => [r.stage, Number(r.n)]));
  }

  /** Per owner: active leads in an open stage, and how many of them are silent (last action at or before their stage's cutoff). */
  async openLeadsByOwner(db: Executor, auth: AuthContext, cutoffs: Record<OpenLeadStage, string>): Promise<OwnerLeadCounts[]> {
    const rows = await db
      .selectFrom('leads')
      .where(ownedScope(auth, 'leads'))
      .where('leads.status', '=', 'active')
      .where('leads.stage', 'in', openLeadStages)
      .select((eb) => [
        'leads.owner_id',
        eb.fn.countAll<number | string>().as('open'),
        eb.fn.sum<number | string>(eb.case().when(silentLeadCondition(cutoffs)(eb)).then(1).else(0).end()).as('silent'),
      ])
      .groupBy('leads.owner_id')
      .execute();
    return rows.map((r) => ({ ownerId: r.owner_id, open: Number(r.open), silent: Number(r.silent ?? 0) }));
  }

  /** Per author: active activities that happened in [from, to]. */
  async activitiesByOwner(db: Executor, auth: AuthContext, from: string, to: string): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('activities')
      .where(activityScope(auth))
      .where('activities.status', '=', 'active')
      .where('activities.occurred_at', '>=', from)
      .where('activities.occurred_at', '<=', to)
      .select((eb) => ['activities.owner_id', eb.fn.countAll<number | string>().as('n')])
      .groupBy('activities.owner_id')
      .execute();
    return new Map(rows.map((r) => [r.owner_id, Number(r.n)]));
  }

  /** The longest-silent open leads, oldest first, with their owner's name. */
  silentLeads(db: Executor, auth: AuthContext, cutoffs: Record<OpenLeadStage, string>, limit: number): Promise<SilentLeadRow[]> {
    return db
      .selectFrom('leads')
      .innerJoin('users', (join) => join.onRef('users.id', '=', 'leads.owner_id').onRef('users.org_id', '=', 'leads.org_id'))
      .where(ownedScope(auth, 'leads'))
      .where('leads.status', '=', 'active')
      .where('leads.stage', 'in', openLeadStages)
      .where(silentLeadCondition(cutoffs))
      .select([
        'leads.id', 'leads.name', 'leads.company', 'leads.stage', 'leads.owner_id as ownerId', 'users.name as ownerName',
        'leads.last_activity_at as lastActivityAt',
      ])
      .orderBy('leads.last_activity_at', 'asc')
      .orderBy('leads.id', 'asc')
      .limit(limit)
      .execute();
  }

  /**
   * Leads created in each of the given days (day starts ascending, `end` closing the last). Merged-away duplicates
   * are not new leads; archived ones were new when they came in and still count.
   */
  async createdPerDay(db: Executor, auth: AuthContext, starts: readonly string[], end: string): Promise<number[]> {
    const counts = starts.map(() => 0);
    if (starts.length === 0) return counts;
    const bucketed = db
      .selectFrom('leads')
      .where(ownedScope(auth, 'leads'))
      .where('leads.merged_into', 'is', null)
      .where('leads.created_at', '>=', starts[0]!)
      .where('leads.created_at', '<', end)
      .select((eb) => {
        // The day index: the last day whose start is not after the creation time.
        let day = eb.case().when('leads.created_at', '<', starts[1] ?? end).then(0);
        for (let i = 2; i < starts.length; i++) day = day.when('leads.created_at', '<', starts[i]!).then(i - 1);
        return day.else(starts.length - 1).end().as('day');
      });
    // Grouping an outer query by the inner alias keeps PostgreSQL from comparing two parameterised CASE texts.
    const rows = await db
      .selectFrom(bucketed.as('created'))
      .select((eb) => ['created.day', eb.fn.countAll<number | string>().as('n')])
      .groupBy('created.day')
      .execute();
    for (const row of rows) counts[Number(row.day)] = Number(row.n);
    return counts;
  }

  async namesOf(db: Executor, orgId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', [...userIds]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async timeZoneOf(db: Executor, orgId: string): Promise<string> {
    return (await db.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow()).time_zone;
  }
}
