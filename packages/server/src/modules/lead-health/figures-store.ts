/**
 * The counts behind the steward figures (A7), per owner, in one grouped query each. The definitions are in core
 * (steward/figures.ts); these queries are their SQL and are checked against core's `isFollowedUp` in the tests.
 */
import { sql, type RawBuilder } from 'kysely';
import { figureRules, openLeadStages, type FigureCounts } from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';

type Window = { now: string; activityFrom: string; dueAfter: string; dueUntil: string };

const chunk = 500;

/** A next action's deadline (due time + grace) as ISO-8601 text, the form every time column is stored in. */
function deadlineOf(dialect: Dialect): RawBuilder<string> {
  const seconds = figureRules.followUpGraceHours * 3600;
  return dialect === 'sqlite'
    ? sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', planned.next_action_due_at, ${`+${seconds} seconds`})`
    : sql<string>`to_char((planned.next_action_due_at::timestamptz + make_interval(secs => ${seconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export class FiguresStore {
  /** SQLite needs the per-row step materialised to plan it apart; PostgreSQL plans it well inlined and pays for materialising. */
  private readonly apart: boolean;

  constructor(private readonly dialect: Dialect) {
    this.apart = dialect === 'sqlite';
  }

  /** Per planner: next actions whose deadline fell in the window, and how many were followed by an activity on their lead in time. */
  async followUps(db: Executor, orgId: string, w: Window, ownerIds: readonly string[] | null): Promise<Map<string, Pick<FigureCounts, 'followUpDue' | 'followedUp'>>> {
    const deadline = deadlineOf(this.dialect);
    return this.byOwner(ownerIds, async (owners) => {
      const rows = await db
        // Each next action is judged in a step of its own, then grouped: grouping in one step makes SQLite walk every
        // activity by the owner index instead of the few in the window by their due time (see this.apart).
        .with((cte) => (this.apart ? cte('judged').materialized() : cte('judged')), (q) =>
          q
            .selectFrom('activities as planned')
            .where('planned.org_id', '=', orgId)
            .where('planned.status', '=', 'active')
            .where('planned.lead_id', 'is not', null)
            .where('planned.next_action_due_at', '>', w.dueAfter)
            .where('planned.next_action_due_at', '<=', w.dueUntil)
            .$if(owners !== null, (f) => f.where('planned.owner_id', 'in', [...owners!]))
            .select((eb) => [
              'planned.owner_id',
              eb.case()
                .when(eb.exists(
                  eb.selectFrom('activities as later')
                    .select(sql`1`.as('one'))
                    .whereRef('later.org_id', '=', 'planned.org_id')
                    .whereRef('later.lead_id', '=', 'planned.lead_id')
                    .where('later.status', '=', 'active')
                    .whereRef('later.occurred_at', '>', 'planned.occurred_at')
                    .where('later.occurred_at', '<=', deadline),
                ))
                .then(1).else(0).end().as('followed'),
            ]),
        )
        .selectFrom('judged')
        .select((eb) => ['judged.owner_id', eb.fn.countAll<number | string>().as('due'), eb.fn.sum<number | string>('judged.followed').as('followed')])
        .groupBy('judged.owner_id')
        .execute();
      return rows.map((r) => [r.owner_id, { followUpDue: Number(r.due), followedUp: Number(r.followed ?? 0) }] as const);
    });
  }

  /** Per owner: open leads, and how many had an activity in the window. */
  async leadPool(db: Executor, orgId: string, w: Window, ownerIds: readonly string[] | null): Promise<Map<string, Pick<FigureCounts, 'openLeads' | 'activeLeads'>>> {
    return this.byOwner(ownerIds, async (owners) => {
      const rows = await db
        // Judged row by row, then grouped (see followUps): one pass over the leads rather than a walk by owner.
        .with((cte) => (this.apart ? cte('pool').materialized() : cte('pool')), (q) =>
          q
            .selectFrom('leads')
            .where('leads.org_id', '=', orgId)
            .where('leads.status', '=', 'active')
            .where('leads.merged_into', 'is', null)
            .where('leads.stage', 'in', openLeadStages)
            .$if(owners !== null, (f) => f.where('leads.owner_id', 'in', [...owners!]))
            .select((eb) => [
              'leads.owner_id',
              eb.case()
                // last_activity_at is the latest activity (or the creation): older than the window means none in it,
                // so the activity lookup runs only for leads that may have one.
                .when(eb.and([
                  eb('leads.last_activity_at', '>=', w.activityFrom),
                  eb.exists(
                    eb.selectFrom('activities')
                      .select(sql`1`.as('one'))
                      .whereRef('activities.org_id', '=', 'leads.org_id')
                      .whereRef('activities.lead_id', '=', 'leads.id')
                      .where('activities.status', '=', 'active')
                      .where('activities.occurred_at', '>=', w.activityFrom)
                      .where('activities.occurred_at', '<=', w.now),
                  ),
                ]))
                .then(1).else(0).end().as('active'),
            ]),
        )
        .selectFrom('pool')
        .select((eb) => ['pool.owner_id', eb.fn.countAll<number | string>().as('open'), eb.fn.sum<number | string>('pool.active').as('active')])
        .groupBy('pool.owner_id')
        .execute();
      return rows.map((r) => [r.owner_id, { openLeads: Number(r.open), activeLeads: Number(r.active ?? 0) }] as const);
    });
  }

  private async byOwner<T>(ownerIds: readonly string[] | null, read: (owners: readonly string[] | null) => Promise<ReadonlyArray<readonly [string, T]>>): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (ownerIds !== null && ownerIds.length === 0) return out;
    const batches = ownerIds === null ? [null] : Array.from({ length: Math.ceil(ownerIds.length / chunk) }, (_, i) => ownerIds.slice(i * chunk, (i + 1) * chunk));
    for (const owners of batches) for (const [owner, counts] of await read(owners)) out.set(owner, counts);
    return out;
  }
}
