/**
 * Every query on silence alerts. The sweep's reads ride the partial index leads_silence (open, active, unmerged
 * leads by organisation, stage and last action); its predicate is repeated here word for word, because SQLite uses a
 * partial index only when the query states the index's condition itself (not through bound parameters).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { OpenLeadStage, SilenceAlertListQuery } from '@closeloop/core';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { Database, SilenceAlertTable } from '../../platform/db/schema.js';
import { pageOf } from '../../platform/http/pagination.js';

/** leads_silence's predicate (migration 202611270900), for the planner. */
const openLeadPredicate = sql<SqlBool>`leads.status = 'active' and leads.merged_into is null and leads.stage not in ('won', 'lost')`;

/** A lead that has fallen silent, with what its alert is made of. */
export interface SilentLead {
  id: string;
  name: string;
  company: string | null;
  stage: OpenLeadStage;
  last_activity_at: string;
  owner_id: string;
  team_id: string | null;
  next_action_kind: string | null;
  next_action_due_at: string | null;
  next_action_note: string | null;
  owner_locale: string;
}

export interface RecentActivity {
  id: string;
  lead_id: string;
  kind: string;
  occurred_at: string;
  text: string;
  owner_id: string;
}

export type NewSilenceAlert = SilenceAlertTable;

/** An alert as claimed for telling: who is told, about what. */
export interface UntoldAlert {
  id: string;
  lead_id: string;
  owner_id: string;
  team_id: string | null;
  stage: string;
  silent_since: string;
  status: string;
  lead_name: string;
  company: string | null;
  owner_name: string;
}

export const alertSortColumns = { silentSince: 'silence_alerts.silent_since', raisedAt: 'silence_alerts.raised_at' };

const silentLeadColumns = [
  'leads.id', 'leads.name', 'leads.company', 'leads.stage', 'leads.last_activity_at', 'leads.owner_id', 'leads.team_id',
  'leads.next_action_kind', 'leads.next_action_due_at', 'leads.next_action_note', 'users.locale as owner_locale',
] as const;

export class SilenceStore {
  constructor(private readonly dialect: Dialect) {}

  /**
   * PostgreSQL: a sweep holds its organisation's silence lock (exclusive) until it commits, a follow-up of a lead
   * event holds it shared. So two processes never sweep one organisation at once, and a follow-up never runs beside a
   * sweep: an activity committed while a sweep raises an alert for its lead is followed up after that sweep commits,
   * and finds (and ends) the alert. Cheaper than locking the swept leads, which would dirty every row it reads.
   * SQLite runs one write transaction at a time anyway.
   */
  async lockSweep(tx: Executor, orgId: string, mode: 'sweep' | 'follow-up'): Promise<void> {
    if (this.dialect !== 'postgres') return;
    const key = `silence:${orgId}`;
    if (mode === 'sweep') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(tx);
    else await sql`select pg_advisory_xact_lock_shared(hashtext(${key}))`.execute(tx);
  }

  /** The sweep's marks of an organisation, one per open stage, made on its first sweep. */
  async marks(tx: Executor, orgId: string, stages: readonly OpenLeadStage[], now: string): Promise<Map<string, string>> {
    // '' sorts before every time: the first sweep looks at every lead.
    await tx
      .insertInto('silence_sweep_marks')
      .values(stages.map((stage) => ({ org_id: orgId, stage, swept_to: '', updated_at: now })))
      .onConflict((oc) => oc.columns(['org_id', 'stage']).doNothing())
      .execute();
    const rows = await tx.selectFrom('silence_sweep_marks').select(['stage', 'swept_to']).where('org_id', '=', orgId).execute();
    return new Map(rows.map((r) => [r.stage, r.swept_to]));
  }

  async moveMark(tx: Executor, orgId: string, stage: OpenLeadStage, sweptTo: string, now: string): Promise<void> {
    await tx.updateTable('silence_sweep_marks').set({ swept_to: sweptTo, updated_at: now }).where('org_id', '=', orgId).where('stage', '=', stage).execute();
  }

  /**
   * The last action of the `n`-th lead (in last-action order) of a stage last touched in (after, upTo]; undefined
   * when there are fewer. A sweep batch ends there, so it holds about `n` leads and never splits equal times.
   */
  async batchEnd(tx: Executor, orgId: string, stage: OpenLeadStage, after: string, upTo: string, n: number): Promise<string | undefined> {
    const row = await tx
      .selectFrom('leads')
      .select('leads.last_activity_at')
      .where('leads.org_id', '=', orgId)
      .where('leads.stage', '=', stage)
      .where(openLeadPredicate)
      .where('leads.last_activity_at', '>', after)
      .where('leads.last_activity_at', '<=', upTo)
      .orderBy('leads.last_activity_at')
      .limit(1)
      .offset(n - 1)
      .executeTakeFirst();
    return row?.last_activity_at;
  }

  /** Leads of a stage last touched in (after, upTo] with no alert for that silence yet. */
  silentLeads(tx: Executor, orgId: string, stage: OpenLeadStage, after: string, upTo: string): Promise<SilentLead[]> {
    return tx
      .selectFrom('leads')
      .innerJoin('users', 'users.id', 'leads.owner_id')
      .select(silentLeadColumns)
      .where('leads.org_id', '=', orgId)
      .where('leads.stage', '=', stage)
      .where(openLeadPredicate)
      .where('leads.last_activity_at', '>', after)
      .where('leads.last_activity_at', '<=', upTo)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('silence_alerts').select('silence_alerts.id').whereRef('silence_alerts.lead_id', '=', 'leads.id').whereRef('silence_alerts.silent_since', '=', 'leads.last_activity_at'))),
      )
      .execute() as Promise<SilentLead[]>;
  }

  /** One lead as the follow-up of an event sees it (any state), with its owner's language. */
  leadForFollowUp(tx: Executor, orgId: string, leadId: string) {
    return tx
      .selectFrom('leads')
      .innerJoin('users', 'users.id', 'leads.owner_id')
      .select([...silentLeadColumns, 'leads.status', 'leads.merged_into'])
      .where('leads.org_id', '=', orgId)
      .where('leads.id', '=', leadId)
      .executeTakeFirst();
  }

  /** The last `perLead` active activities of each lead, newest first; texts cut at 200 characters. */
  async recentActivities(tx: Executor, orgId: string, leadIds: readonly string[], perLead = 3): Promise<Map<string, RecentActivity[]>> {
    const byLead = new Map<string, RecentActivity[]>();
    for (let i = 0; i < leadIds.length; i += 1000) {
      const ranked = tx
        .selectFrom('activities')
        .select([
          'activities.id', 'activities.lead_id', 'activities.kind', 'activities.occurred_at', 'activities.owner_id',
          sql<string>`substr(activities.text, 1, 200)`.as('text'),
          sql<number>`row_number() over (partition by activities.lead_id order by activities.occurred_at desc, activities.id desc)`.as('rank'),
        ])
        .where('activities.org_id', '=', orgId)
        .where('activities.lead_id', 'in', leadIds.slice(i, i + 1000))
        .where('activities.status', '=', 'active');
      const rows = await tx.selectFrom(ranked.as('ranked')).selectAll().where('ranked.rank', '<=', perLead).orderBy('ranked.lead_id').orderBy('ranked.rank').execute();
      for (const row of rows) {
        const list = byLead.get(row.lead_id!) ?? [];
        list.push({ id: row.id, lead_id: row.lead_id!, kind: row.kind, occurred_at: row.occurred_at, text: row.text, owner_id: row.owner_id });
        byLead.set(row.lead_id!, list);
      }
    }
    return byLead;
  }

  /** Inserts alerts; a silence already alerted (same lead, same last action) is skipped. Returns those inserted. */
  async insertAlerts(tx: Executor, rows: readonly NewSilenceAlert[]): Promise<Array<Pick<NewSilenceAlert, 'id' | 'lead_id' | 'owner_id' | 'team_id' | 'stage' | 'silent_since'>>> {
    const inserted = [];
    for (let i = 0; i < rows.length; i += 500) {
      inserted.push(
        ...(await tx
          .insertInto('silence_alerts')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['lead_id', 'silent_since']).doNothing())
          .returning(['id', 'lead_id', 'owner_id', 'team_id', 'stage', 'silent_since'])
          .execute()),
      );
    }
    return inserted;
  }

  openAlertsOf(tx: Executor, orgId: string, leadId: string) {
    return tx
      .selectFrom('silence_alerts')
      .select(['id', 'owner_id', 'team_id', 'silent_since'])
      .where('org_id', '=', orgId)
      .where('lead_id', '=', leadId)
      .where('status', '=', 'open')
      .execute();
  }

  /** Ends an open alert; false when it had ended already (a concurrent follow-up got there first). */
  async resolve(tx: Executor, alertId: string, resolvedBy: string, now: string): Promise<boolean> {
    const result = await tx
      .updateTable('silence_alerts')
      .set({ status: 'resolved', resolved_at: now, resolved_by: resolvedBy })
      .where('id', '=', alertId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The alert of this very silence, ended because the lead was closed or archived, opens again when the lead comes back
   * (restored, reopened) still silent since the same action: the same silence, so the same alert, not a second one.
   */
  async reopen(tx: Executor, orgId: string, leadId: string, silentSince: string, ownerId: string, teamId: string | null) {
    return tx
      .updateTable('silence_alerts')
      .set({ status: 'open', resolved_at: null, resolved_by: null, owner_id: ownerId, team_id: teamId })
      .where('org_id', '=', orgId)
      .where('lead_id', '=', leadId)
      .where('silent_since', '=', silentSince)
      .where('status', '=', 'resolved')
      .where('resolved_by', 'in', ['won', 'lost', 'archived'])
      .returning(['id', 'stage'])
      .execute();
  }

  /** An open alert follows its lead to a new owner. */
  async reassign(tx: Executor, alertId: string, ownerId: string, teamId: string | null): Promise<void> {
    await tx.updateTable('silence_alerts').set({ owner_id: ownerId, team_id: teamId }).where('id', '=', alertId).where('status', '=', 'open').execute();
  }

  /** The newest activity on a lead after `since`: the action that ended its silence. */
  async actionAfter(tx: Executor, orgId: string, leadId: string, since: string): Promise<string | undefined> {
    const row = await tx
      .selectFrom('activities')
      .select('id')
      .where('org_id', '=', orgId)
      .where('lead_id', '=', leadId)
      .where('occurred_at', '>', since)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  /**
   * Owners with alerts nobody has been told about yet, at most `n`, team by team (a manager hears about a backlog of
   * their team's leads in as few messages as the batches allow), and whether there are more.
   */
  async untoldOwners(tx: Executor, orgId: string, n: number): Promise<{ owners: string[]; more: boolean }> {
    const rows = await tx
      .selectFrom('silence_alerts')
      .select(['team_id', 'owner_id'])
      .distinct()
      .where('org_id', '=', orgId)
      .where('notified_at', 'is', null)
      .orderBy('team_id')
      .orderBy('owner_id')
      .limit(n + 1)
      .execute();
    return { owners: [...new Set(rows.slice(0, n).map((r) => r.owner_id))], more: rows.length > n };
  }

  /**
   * Claims the untold alerts of these owners for telling: marks them told and returns their ids. The mark is the
   * claim, so two sweeps never tell the same alert twice.
   */
  async claimUntold(tx: Executor, orgId: string, ownerIds: readonly string[], now: string): Promise<string[]> {
    const rows = await tx
      .updateTable('silence_alerts')
      .set({ notified_at: now })
      .where('org_id', '=', orgId)
      .where('notified_at', 'is', null)
      .where('owner_id', 'in', [...ownerIds])
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Alerts with what their message needs, the longest silent first. */
  async toTell(tx: Executor, ids: readonly string[]): Promise<UntoldAlert[]> {
    const alerts: UntoldAlert[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      alerts.push(
        ...(await tx
          .selectFrom('silence_alerts')
          .innerJoin('leads', 'leads.id', 'silence_alerts.lead_id')
          .innerJoin('users', 'users.id', 'silence_alerts.owner_id')
          .select([
            'silence_alerts.id', 'silence_alerts.lead_id', 'silence_alerts.owner_id', 'silence_alerts.team_id', 'silence_alerts.stage',
            'silence_alerts.silent_since', 'silence_alerts.status', 'leads.name as lead_name', 'leads.company', 'users.name as owner_name',
          ])
          .where('silence_alerts.id', 'in', ids.slice(i, i + 1000))
          .orderBy('silence_alerts.silent_since')
          .orderBy('silence_alerts.id')
          .execute()),
      );
    }
    return alerts;
  }

  // ——— reads for the API: alerts are seen through their lead, exactly as leads are ———

  private visible(db: Executor, auth: AuthContext) {
    return db
      .selectFrom('silence_alerts')
      .innerJoin('leads', 'leads.id', 'silence_alerts.lead_id')
      .innerJoin('users', 'users.id', 'silence_alerts.owner_id')
      .where('silence_alerts.org_id', '=', auth.orgId)
      .where(ownedScope(auth, 'leads') as (eb: ExpressionBuilder<Database, 'silence_alerts' | 'leads' | 'users'>) => Expression<SqlBool>)
      .select([
        'silence_alerts.id', 'silence_alerts.status', 'silence_alerts.lead_id', 'silence_alerts.owner_id', 'silence_alerts.team_id',
        'silence_alerts.stage', 'silence_alerts.silent_since', 'silence_alerts.threshold_hours', 'silence_alerts.raised_at',
        'silence_alerts.snapshot', 'silence_alerts.suggested_track_id', 'silence_alerts.resolved_at', 'silence_alerts.resolved_by',
        'leads.name as lead_name', 'leads.company as lead_company', 'leads.stage as lead_stage', 'leads.industry as lead_industry',
        'users.name as owner_name',
      ]);
  }

  findVisible(db: Executor, auth: AuthContext, id: string) {
    return this.visible(db, auth).where('silence_alerts.id', '=', id).executeTakeFirst();
  }

  list(db: Executor, auth: AuthContext, query: SilenceAlertListQuery & { teamIds?: readonly string[]; silentBefore?: string }) {
    let q = this.visible(db, auth);
    if (query.status !== 'all') q = q.where('silence_alerts.status', '=', query.status);
    // By the lead's owner and team now, as the lead lists filter (a lead handed over, a rep moved to another team).
    if (query.ownerId) q = q.where('leads.owner_id', '=', query.ownerId);
    if (query.teamIds) q = q.where('leads.team_id', 'in', query.teamIds.length > 0 ? [...query.teamIds] : ['']);
    if (query.stage) q = q.where('silence_alerts.stage', '=', query.stage);
    if (query.silentBefore) q = q.where('silence_alerts.silent_since', '<=', query.silentBefore);
    return pageOf(q, query, alertSortColumns, 'silence_alerts.id');
  }

  /** A team and every team below it. */
  async teamAndBelow(db: Executor, orgId: string, teamId: string): Promise<string[]> {
    const teams = await db.selectFrom('teams').select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
    const found = new Set<string>();
    const add = (id: string) => {
      if (found.has(id)) return;
      found.add(id);
      for (const t of teams) if (t.parent_id === id) add(t.id);
    };
    if (teams.some((t) => t.id === teamId)) add(teamId);
    return [...found];
  }
}
