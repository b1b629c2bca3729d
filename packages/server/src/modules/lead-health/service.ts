/**
 * The weekly lead-health report (A6): every Friday 16:00 in the company's time zone each rep's open stages are
 * coloured by the rules in core (steward/health.ts) with the company's thresholds, stored one row per rep and week,
 * and the rep is told. Managers read their teams' reports on one board; the week in progress is counted live.
 */
import {
  AppError, colourTally, currentHealthWeek, healthCutoffs, repHealth, type HealthThresholds, type LeadHealthCurrent, type LeadHealthReport,
  type LeadHealthReportList, type leadHealthCurrentQuery, type leadHealthExportQuery, type leadHealthQuery,
} from '@closeloop/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { LeadHealthReportTable } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { RecentCounts } from './recent-counts.js';
import { LeadHealthStore, type CountsByRep, type Rep, type StoredReport } from './store.js';
import { repVisibility, teamAndBelow, type RepVisibility } from './visibility.js';

type ReportQuery = z.infer<typeof leadHealthQuery>;
type CurrentQuery = z.infer<typeof leadHealthCurrentQuery>;
type ExportQuery = z.infer<typeof leadHealthExportQuery>;

/** How many published weeks the week picker offers. */
const weeksListed = 52;
const notFound = () => new AppError('NOT_FOUND', { entity: { en: 'lead-health report', 'zh-CN': '线索健康报告' } });

export interface PublishedWeek {
  week: string;
  /** Reports this run wrote; reps who already had one for the week are left as they were. */
  written: number;
  reps: number;
}

export class LeadHealthService {
  private readonly wholeCompany: RecentCounts<CountsByRep>;

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly settings: StewardSettingsService,
    private readonly notifier: NotificationCenter,
    private readonly store = new LeadHealthStore(),
  ) {
    this.wholeCompany = new RecentCounts(clock);
  }

  /**
   * Makes the week's report for every active rep of the organisation and tells each rep whose report this run wrote,
   * in the caller's transaction. Idempotent per (rep, week): a rerun or a second process writes and tells nobody twice.
   */
  async publishWeek(tx: Executor, orgId: string, week: string, now: Date): Promise<PublishedWeek> {
    const thresholds = (await this.settings.forOrg(tx, orgId)).health;
    const reps = await this.store.reps(tx, orgId, { kind: 'all' });
    const counts = await this.store.stageCounts(tx, orgId, healthCutoffs(now, thresholds), null);
    const generatedAt = now.toISOString();
    const made = reps.map((rep) => ({ rep, stages: repHealth(counts.get(rep.id) ?? {}, thresholds) }));
    const rows: LeadHealthReportTable[] = made.map(({ rep, stages }) => ({
      id: newId(), org_id: orgId, rep_id: rep.id, team_id: rep.teamId, week, generated_at: generatedAt, stages: JSON.stringify(stages),
    }));
    const written = await this.store.insertReports(tx, rows);
    // Reps with the same headline get one notify call (its reads and inserts are per call, not per person).
    const byHeadline = new Map<string, { params: { week: string; red: number; amber: number; green: number }; reps: string[] }>();
    for (const { rep, stages } of made) {
      if (!written.has(rep.id)) continue;
      const tally = colourTally(stages);
      const key = `${tally.red}/${tally.amber}/${tally.green}`;
      const group = byHeadline.get(key) ?? { params: { week, ...tally }, reps: [] };
      group.reps.push(rep.id);
      byHeadline.set(key, group);
    }
    for (const group of byHeadline.values()) {
      await this.notifier.notify(tx, {
        orgId, recipients: group.reps, template: 'lead_health.weekly', params: group.params,
        link: `/lead-health/me?week=${week}`, subject: { type: 'lead_health_report', id: week },
      });
    }
    return { week, written: written.size, reps: reps.length };
  }

  async list(auth: AuthContext, query: ReportQuery): Promise<LeadHealthReportList> {
    const visible = repVisibility(auth);
    const teamIds = await this.teamFilter(auth, visible, query.teamId);
    const weeks = await this.store.weeks(this.db, auth.orgId, visible, weeksListed);
    const week = query.week ?? weeks[0] ?? null;
    const stored = week ? await this.store.reports(this.db, auth.orgId, week, visible, query.repId, teamIds) : [];
    return { week, weeks, asOf: this.clock.now().toISOString(), thresholds: await this.thresholds(auth.orgId), items: stored.map(published) };
  }

  async get(auth: AuthContext, id: string): Promise<LeadHealthReport> {
    const report = await this.store.report(this.db, auth.orgId, id, repVisibility(auth));
    if (!report) throw notFound();
    return published(report);
  }

  /** The week in progress, counted now for each visible rep: what Friday's report would say if it ran at this moment. */
  async current(auth: AuthContext, query: CurrentQuery): Promise<LeadHealthCurrent> {
    const visible = repVisibility(auth);
    const teamIds = await this.teamFilter(auth, visible, query.teamId);
    const now = this.clock.now();
    const [thresholds, timeZone, reps] = await Promise.all([
      this.thresholds(auth.orgId),
      this.timeZoneOf(auth.orgId),
      this.store.reps(this.db, auth.orgId, visible, query.repId, teamIds),
    ]);
    // The whole company in one pass (kept a while when slow, see RecentCounts); anyone narrower takes from a fresh
    // such pass, else counts only their reps.
    const key = `${auth.orgId}:${thresholds.silentDays}`;
    const count = (at: Date, owners: readonly string[] | null) => this.store.stageCounts(this.db, auth.orgId, healthCutoffs(at, thresholds), owners);
    const whole = visible.kind === 'all' && query.repId === undefined && teamIds === undefined
      ? await this.wholeCompany.get(key, (at) => count(at, null))
      : this.wholeCompany.fresh(key);
    const counts = whole?.value ?? (await count(now, reps.map((r) => r.id)));
    const week = currentHealthWeek(now, timeZone);
    return { week, asOf: (whole?.at ?? now).toISOString(), thresholds, items: reps.map((rep) => live(rep, week, repHealth(counts.get(rep.id) ?? {}, thresholds))) };
  }

  /** What the list (or, with live, the week in progress) answers, for the spreadsheet. */
  async forExport(auth: AuthContext, query: ExportQuery): Promise<{ week: string | null; thresholds: HealthThresholds; items: LeadHealthReport[]; timeZone: string }> {
    const { live, week: _week, ...filters } = query;
    const { week, thresholds, items } = live === 'true' ? await this.current(auth, filters) : await this.list(auth, query);
    return { week, thresholds, items, timeZone: await this.timeZoneOf(auth.orgId) };
  }

  private async teamFilter(auth: AuthContext, visible: RepVisibility, teamId: string | undefined): Promise<string[] | undefined> {
    if (teamId === undefined) return undefined;
    return teamAndBelow(teamId, await this.store.teams(this.db, auth.orgId), visible);
  }

  private async thresholds(orgId: string): Promise<HealthThresholds> {
    return (await this.settings.forOrg(this.db, orgId)).health;
  }

  private async timeZoneOf(orgId: string): Promise<string> {
    return (await this.db.selectFrom('orgs').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow()).time_zone;
  }
}

function published(r: StoredReport): LeadHealthReport {
  return { id: r.reportId, repId: r.id, repName: r.name, teamId: r.teamId, teamName: r.teamName, week: r.week, generatedAt: r.generatedAt, stages: r.stages };
}

function live(rep: Rep, week: string, stages: LeadHealthReport['stages']): LeadHealthReport {
  return { id: null, repId: rep.id, repName: rep.name, teamId: rep.teamId, teamName: rep.teamName, week, generatedAt: null, stages };
}
