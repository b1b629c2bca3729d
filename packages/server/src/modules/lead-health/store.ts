/**
 * Every query of the weekly lead-health report. The counts are set-based: one grouped pass over the organisation's
 * open leads gives every rep's every stage, however many reps there are; reports are written in multi-row inserts
 * that skip a (rep, week) already there, so a rerun or a second process never doubles one.
 */
import { SqliteAdapter, sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import { openLeadStages, type OpenLeadStage, type StageCounts, type StageHealth } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { Database, LeadHealthReportTable } from '../../platform/db/schema.js';
import type { RepVisibility } from './visibility.js';

export interface Rep {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
}

export interface Team {
  id: string;
  name: string;
  parentId: string | null;
}

export interface StoredReport extends Rep {
  reportId: string;
  week: string;
  generatedAt: string;
  stages: StageHealth[];
}

export type CountsByRep = Map<string, Partial<Record<OpenLeadStage, StageCounts>>>;

const nothing = sql<SqlBool>`1 = 0`;

/** SQLite allows 32,766 bound values per statement; 500 rows of a few columns stay far below it. */
const chunk = 500;

export class LeadHealthStore {
  /** Active reps (role rep) the visibility allows, with their team's name, by team then name. */
  async reps(db: Executor, orgId: string, visible: RepVisibility, repId?: string, teamIds?: readonly string[]): Promise<Rep[]> {
    const rows = await db
      .selectFrom('users')
      .leftJoin('teams', (join) => join.onRef('teams.id', '=', 'users.team_id').onRef('teams.org_id', '=', 'users.org_id'))
      .select(['users.id', 'users.name', 'users.team_id as teamId', 'teams.name as teamName'])
      .where('users.org_id', '=', orgId)
      .where('users.role', '=', 'rep')
      .where('users.status', '=', 'active')
      .where((eb) => visibleUsers(eb, visible))
      .$if(repId !== undefined, (q) => q.where('users.id', '=', repId!))
      .$if(teamIds !== undefined, (q) => (teamIds!.length === 0 ? q.where(nothing) : q.where('users.team_id', 'in', [...teamIds!])))
      .execute();
    return rows.sort(byTeamThenName);
  }

  async teams(db: Executor, orgId: string): Promise<Team[]> {
    const rows = await db.selectFrom('teams').select(['id', 'name', 'parent_id']).where('org_id', '=', orgId).execute();
    return rows.map((t) => ({ id: t.id, name: t.name, parentId: t.parent_id }));
  }

  /**
   * Per owner and open stage: active, unmerged leads and how many show each risk signal at `now`. `ownerIds` narrows
   * it to some owners (a live view); null reads the whole organisation in one pass (the Friday run).
   */
  async stageCounts(db: Executor, orgId: string, cut: { now: string; silentBefore: string }, ownerIds: readonly string[] | null): Promise<CountsByRep> {
    const counts: CountsByRep = new Map();
    if (ownerIds !== null && ownerIds.length === 0) return counts;
    // On SQLite flagged row by row in a materialised step, then grouped: grouping in one step makes it walk the owner
    // index and fetch every lead by it (about three times the work of one pass). PostgreSQL plans either form as one
    // pass, and pays for a materialised step, so there the step is inlined.
    const apart = db.getExecutor().adapter instanceof SqliteAdapter;
    const query = (owners: readonly string[] | null) =>
      db
        .with((cte) => (apart ? cte('flagged').materialized() : cte('flagged')), (q) =>
          q
            .selectFrom('leads')
            .where('leads.org_id', '=', orgId)
            .where('leads.status', '=', 'active')
            .where('leads.merged_into', 'is', null)
            .where('leads.stage', 'in', openLeadStages)
            .$if(owners !== null, (w) => w.where('leads.owner_id', 'in', [...owners!]))
            .select((eb) => [
              'leads.owner_id',
              'leads.stage',
              eb.case().when('leads.last_activity_at', '<', cut.silentBefore).then(1).else(0).end().as('silent'),
              eb.case().when('leads.next_action_due_at', '<', cut.now).then(1).else(0).end().as('overdue'),
              eb.case().when(eb.and([eb('leads.next_action_due_at', 'is', null), eb('leads.first_contact_at', 'is not', null)])).then(1).else(0).end().as('unplanned'),
            ]),
        )
        .selectFrom('flagged')
        .select((eb) => [
          'flagged.owner_id',
          'flagged.stage',
          eb.fn.countAll<number | string>().as('leads'),
          eb.fn.sum<number | string>('flagged.silent').as('silent'),
          eb.fn.sum<number | string>('flagged.overdue').as('overdue'),
          eb.fn.sum<number | string>('flagged.unplanned').as('unplanned'),
        ])
        .groupBy(['flagged.owner_id', 'flagged.stage'])
        .execute();
    const batches = ownerIds === null ? [null] : Array.from({ length: Math.ceil(ownerIds.length / chunk) }, (_, i) => ownerIds.slice(i * chunk, (i + 1) * chunk));
    for (const owners of batches) {
      for (const row of await query(owners)) {
        const byStage = counts.get(row.owner_id) ?? {};
        byStage[row.stage as OpenLeadStage] = { leads: Number(row.leads), silent: Number(row.silent ?? 0), overdue: Number(row.overdue ?? 0), unplanned: Number(row.unplanned ?? 0) };
        counts.set(row.owner_id, byStage);
      }
    }
    return counts;
  }

  /** Inserts the reports not yet there for their (rep, week); answers the reps whose report this call wrote. */
  async insertReports(tx: Executor, rows: ReadonlyArray<LeadHealthReportTable>): Promise<Set<string>> {
    const written = new Set<string>();
    for (let i = 0; i < rows.length; i += chunk) {
      const inserted = await tx
        .insertInto('lead_health_reports')
        .values(rows.slice(i, i + chunk))
        .onConflict((oc) => oc.columns(['rep_id', 'week']).doNothing())
        .returning('rep_id')
        .execute();
      for (const row of inserted) written.add(row.rep_id);
    }
    return written;
  }

  /** The published reports of a week the visibility allows, narrowed to a rep or to teams (the report's team then). */
  async reports(db: Executor, orgId: string, week: string, visible: RepVisibility, repId?: string, teamIds?: readonly string[]): Promise<StoredReport[]> {
    const rows = await this.reportQuery(db, orgId, visible)
      .where('lead_health_reports.week', '=', week)
      .$if(repId !== undefined, (q) => q.where('lead_health_reports.rep_id', '=', repId!))
      .$if(teamIds !== undefined, (q) => (teamIds!.length === 0 ? q.where(nothing) : q.where('lead_health_reports.team_id', 'in', [...teamIds!])))
      .execute();
    return rows.map(toStored).sort(byTeamThenName);
  }

  async report(db: Executor, orgId: string, id: string, visible: RepVisibility): Promise<StoredReport | null> {
    const row = await this.reportQuery(db, orgId, visible).where('lead_health_reports.id', '=', id).executeTakeFirst();
    return row ? toStored(row) : null;
  }

  /** Published weeks with at least one report the visibility allows, latest first. */
  async weeks(db: Executor, orgId: string, visible: RepVisibility, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('lead_health_reports')
      .select('lead_health_reports.week')
      .distinct()
      .where('lead_health_reports.org_id', '=', orgId)
      .where((eb) => visibleReports(eb, visible))
      .orderBy('lead_health_reports.week', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.week);
  }

  private reportQuery(db: Executor, orgId: string, visible: RepVisibility) {
    return db
      .selectFrom('lead_health_reports')
      .innerJoin('users', 'users.id', 'lead_health_reports.rep_id')
      .leftJoin('teams', 'teams.id', 'lead_health_reports.team_id')
      .select([
        'lead_health_reports.id as reportId', 'lead_health_reports.rep_id as id', 'users.name', 'lead_health_reports.team_id as teamId',
        'teams.name as teamName', 'lead_health_reports.week', 'lead_health_reports.generated_at as generatedAt', 'lead_health_reports.stages',
      ])
      .where('lead_health_reports.org_id', '=', orgId)
      .where((eb) => visibleReports(eb, visible));
  }
}

/** A rep is visible to themselves, to whoever leads their team (or a team above it), and to the whole-company scopes. */
function visibleUsers(eb: ExpressionBuilder<Database, 'users' | 'teams'>, visible: RepVisibility) {
  switch (visible.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'self':
      return eb('users.id', '=', visible.userId);
    case 'teams':
      return eb.or([eb('users.id', '=', visible.userId), ...(visible.teamIds.length > 0 ? [eb('users.team_id', 'in', [...visible.teamIds])] : [])]);
  }
}

/** A report is visible by its rep and by the team the rep was in when it was made. */
function visibleReports(eb: ExpressionBuilder<Database, 'lead_health_reports'>, visible: RepVisibility) {
  switch (visible.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'self':
      return eb('lead_health_reports.rep_id', '=', visible.userId);
    case 'teams':
      return eb.or([
        eb('lead_health_reports.rep_id', '=', visible.userId),
        ...(visible.teamIds.length > 0 ? [eb('lead_health_reports.team_id', 'in', [...visible.teamIds])] : []),
      ]);
  }
}

function toStored(row: { reportId: string; id: string; name: string; teamId: string | null; teamName: string | null; week: string; generatedAt: string; stages: string }): StoredReport {
  return { reportId: row.reportId, id: row.id, name: row.name, teamId: row.teamId, teamName: row.teamName, week: row.week, generatedAt: row.generatedAt, stages: JSON.parse(row.stages) as StageHealth[] };
}

function byTeamThenName(a: { teamName: string | null; name: string; id: string }, b: { teamName: string | null; name: string; id: string }): number {
  return (a.teamName ?? '').localeCompare(b.teamName ?? '', 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id);
}
