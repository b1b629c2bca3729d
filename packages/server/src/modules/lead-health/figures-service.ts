/**
 * The steward figures (A7) per rep, team or company, counted live within the caller's reach: a rep their own, a
 * manager the teams they lead (each team with the teams below it), ops and admins everything. Each answer carries
 * the figures' definitions (G3). Counts are attributed to people (the planner of a next action, the owner of a
 * lead) and added up along the team tree.
 */
import {
  AppError, addFigureCounts, figureDefinitions, figureMetrics, figuresOf, figureWindow, noFigureCounts, teamCounts, type FigureCounts,
  type StewardFigures, type stewardFiguresQuery,
} from '@closeloop/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Clock } from '../../platform/clock.js';
import type { Dialect, Executor } from '../../platform/db/database.js';
import { FiguresStore } from './figures-store.js';
import { RecentCounts } from './recent-counts.js';
import { LeadHealthStore } from './store.js';
import { repVisibility, teamAndBelow } from './visibility.js';

type FiguresQuery = z.infer<typeof stewardFiguresQuery>;
type FollowUps = Map<string, Pick<FigureCounts, 'followUpDue' | 'followedUp'>>;
type Pool = Map<string, Pick<FigureCounts, 'openLeads' | 'activeLeads'>>;

export class StewardFiguresService {
  private readonly counts: FiguresStore;
  private readonly wholeCompany: RecentCounts<{ followUps: FollowUps; pool: Pool }>;

  constructor(
    private readonly db: Executor,
    dialect: Dialect,
    private readonly clock: Clock,
    private readonly people = new LeadHealthStore(),
  ) {
    this.counts = new FiguresStore(dialect);
    this.wholeCompany = new RecentCounts(clock);
  }

  async figures(auth: AuthContext, query: FiguresQuery): Promise<StewardFigures> {
    const visible = repVisibility(auth);
    if (query.level === 'company' && visible.kind !== 'all') throw new AppError('FORBIDDEN');
    if (query.level === 'team' && visible.kind === 'self') throw new AppError('FORBIDDEN');
    const teams = await this.people.teams(this.db, auth.orgId);
    const within = query.teamId === undefined ? undefined : teamAndBelow(query.teamId, teams, visible);
    const members = await this.db
      .selectFrom('users')
      .select(['id', 'team_id'])
      .where('org_id', '=', auth.orgId)
      .$if(visible.kind !== 'all', (q) =>
        q.where((eb) => eb.or([eb('id', '=', auth.userId), ...(visible.kind === 'teams' && visible.teamIds.length > 0 ? [eb('team_id', 'in', [...visible.teamIds])] : [])])),
      )
      .execute();
    // Whole-company readers count the organisation in one pass (kept a while when slow, see RecentCounts); a
    // manager takes from such a pass when there is a fresh one, else counts only the people they may see.
    const whole = visible.kind === 'all' ? await this.wholeCompany.get(auth.orgId, (at) => this.countPeople(auth.orgId, at, null)) : this.wholeCompany.fresh(auth.orgId);
    const at = whole?.at ?? this.clock.now();
    const { followUps, pool } = whole?.value ?? (await this.countPeople(auth.orgId, at, members.map((m) => m.id)));
    const countsOf = (userId: string): FigureCounts => ({ ...noFigureCounts, ...followUps.get(userId), ...pool.get(userId) });
    const asOf = at.toISOString();
    const definitions = figureMetrics.map((m) => figureDefinitions[m]);

    if (query.level === 'rep') {
      const reps = await this.people.reps(this.db, auth.orgId, visible, undefined, within);
      return { level: 'rep', asOf, definitions, rows: reps.map((r) => ({ kind: 'rep', id: r.id, name: r.name, teamId: r.teamId, ...figuresOf(countsOf(r.id)) })) };
    }
    if (query.level === 'company') {
      const ids = new Set([...followUps.keys(), ...pool.keys()]);
      const total = [...ids].reduce((sum, id) => addFigureCounts(sum, countsOf(id)), noFigureCounts);
      const org = await this.db.selectFrom('orgs').select('name').where('id', '=', auth.orgId).executeTakeFirstOrThrow();
      return { level: 'company', asOf, definitions, rows: [{ kind: 'company', id: auth.orgId, name: org.name, teamId: null, ...figuresOf(total) }] };
    }
    const totals = teamCounts(members.map((m) => ({ teamId: m.team_id, counts: countsOf(m.id) })), teams);
    const shown = teams
      .filter((t) => (visible.kind === 'all' || (visible.kind === 'teams' && visible.teamIds.includes(t.id))) && (within === undefined || within.includes(t.id)))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return {
      level: 'team', asOf, definitions,
      rows: shown.map((t) => ({ kind: 'team', id: t.id, name: t.name, teamId: t.parentId, ...figuresOf(totals.get(t.id) ?? noFigureCounts) })),
    };
  }

  /** The counts of these owners (null: the whole organisation) as of `at`. */
  private async countPeople(orgId: string, at: Date, owners: readonly string[] | null): Promise<{ followUps: FollowUps; pool: Pool }> {
    const window = figureWindow(at);
    const [followUps, pool] = await Promise.all([this.counts.followUps(this.db, orgId, window, owners), this.counts.leadPool(this.db, orgId, window, owners)]);
    return { followUps, pool };
  }
}
