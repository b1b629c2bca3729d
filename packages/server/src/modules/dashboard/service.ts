/**
 * The manager's team board (A5, A7, G3): the pipeline by stage, each person's open leads and recent activities, the
 * leads gone silent, and the new leads of the last two weeks — counted live, within the caller's scope, on each
 * request. Reps have no board (403): their own leads are their list; the board is for those who lead others.
 */
import { leadStages, pipelineRules, openLeadStages, silenceCutoffs, type LeadStage, type PipelineBoard } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { lastCompanyDays } from './company-calendar.js';
import { DashboardStore } from './store.js';

const hourMs = 3_600_000;

export class DashboardService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly stewardSettings: StewardSettingsService,
    private readonly store = new DashboardStore(),
  ) {}

  async pipeline(auth: AuthContext): Promise<PipelineBoard> {
    requirePermission(auth, 'reports.read');
    requirePermission(auth, 'crm.read');
    const now = this.clock.now();
    const asOf = now.toISOString();
    // Silent by each stage's limit in the company's steward settings (A5), as the silence sweep counts.
    const { silenceHours } = await this.stewardSettings.forOrg(this.db, auth.orgId);
    const cutoffs = silenceCutoffs({ silenceHours }, now);
    const activitiesFrom = new Date(now.getTime() - pipelineRules.activityWindowDays * 24 * hourMs).toISOString();
    const timeZone = await this.store.timeZoneOf(this.db, auth.orgId);
    const { days, end } = lastCompanyDays(now, timeZone, pipelineRules.trendDays);

    const [stages, openByOwner, activities, oldest, created] = await Promise.all([
      this.store.stageCounts(this.db, auth),
      this.store.openLeadsByOwner(this.db, auth, cutoffs),
      this.store.activitiesByOwner(this.db, auth, activitiesFrom, asOf),
      this.store.silentLeads(this.db, auth, cutoffs, pipelineRules.silentListed),
      this.store.createdPerDay(this.db, auth, days.map((d) => d.start), end),
    ]);

    const ownerIds = [...new Set([...openByOwner.map((o) => o.ownerId), ...activities.keys()])];
    const names = await this.store.namesOf(this.db, auth.orgId, ownerIds);
    const leadsOf = new Map(openByOwner.map((o) => [o.ownerId, o]));
    const owners = ownerIds
      .map((ownerId) => ({
        ownerId,
        name: names.get(ownerId) ?? ownerId,
        openLeads: leadsOf.get(ownerId)?.open ?? 0,
        silentLeads: leadsOf.get(ownerId)?.silent ?? 0,
        activities: activities.get(ownerId) ?? 0,
      }))
      .sort((a, b) => b.openLeads - a.openLeads || b.activities - a.activities || a.name.localeCompare(b.name, 'zh-CN'));

    return {
      asOf,
      timeZone,
      rules: { ...pipelineRules, silenceHours, openStages: openLeadStages },
      stages: leadStages.map((stage) => ({ stage, count: stages.get(stage) ?? 0 })),
      owners,
      silent: {
        count: openByOwner.reduce((sum, o) => sum + o.silent, 0),
        oldest: oldest.map((row) => ({ ...row, stage: row.stage as LeadStage })),
      },
      newLeads: days.map((day, i) => ({ date: day.date, count: created[i] ?? 0 })),
    };
  }
}
