/**
 * Reading silence alerts (A5): a rep sees the alerts of their own leads, a manager those of their teams', a
 * whitelisted person those of the leads on their whitelist — exactly the leads each may open (the store reads alerts
 * through their lead's scope). Alerts are written only by the sweep and the follow-ups, never through the API.
 */
import { AppError, nextActionLabel, silenceEndReasons, type NextActionKind, type SilenceAlert, type SilenceAlertListQuery, type SilenceSnapshot } from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import type { SuggestTalkTracks } from './raise.js';
import type { SilenceStore } from './store.js';

const dayMs = 24 * 3_600_000;
const endReasons: ReadonlySet<string> = new Set(silenceEndReasons);

type AlertRow = NonNullable<Awaited<ReturnType<SilenceStore['findVisible']>>>;

export class SilenceService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly store: SilenceStore,
    private readonly settings: StewardSettingsService,
    private readonly suggest: SuggestTalkTracks,
  ) {}

  async list(auth: AuthContext, query: SilenceAlertListQuery): Promise<{ items: SilenceAlert[]; nextCursor: string | null }> {
    requirePermission(auth, 'crm.read');
    const teamIds = query.teamId ? await this.store.teamAndBelow(this.db, auth.orgId, query.teamId) : undefined;
    const silentBefore = query.minDays !== undefined ? new Date(this.clock.now().getTime() - query.minDays * dayMs).toISOString() : undefined;
    const { rows, nextCursor } = await this.store.list(this.db, auth, { ...query, ...(teamIds ? { teamIds } : {}), ...(silentBefore ? { silentBefore } : {}) });
    const kinds = (await this.settings.forOrg(this.db, auth.orgId)).nextActionKinds;
    return { items: await Promise.all(rows.map((row) => this.toAlert(auth, row, kinds))), nextCursor };
  }

  async get(auth: AuthContext, id: string): Promise<SilenceAlert> {
    requirePermission(auth, 'crm.read');
    const row = await this.store.findVisible(this.db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'silence_alert' });
    return this.toAlert(auth, row, (await this.settings.forOrg(this.db, auth.orgId)).nextActionKinds);
  }

  /** An open alert raised without a script (raised in a backlog) shows the lead's live best. */
  private async toAlert(auth: AuthContext, row: AlertRow, kinds: readonly NextActionKind[]): Promise<SilenceAlert> {
    const snapshot = JSON.parse(row.snapshot) as SilenceSnapshot;
    if (snapshot.nextAction) snapshot.nextAction.label = nextActionLabel(kinds, snapshot.nextAction.kind, auth.locale);
    if (!snapshot.suggestion && row.status === 'open') {
      const [best] = await this.suggest(this.db, auth.orgId, row.lead_id, auth.locale, 1);
      if (best) snapshot.suggestion = { trackId: best.track.id, title: best.track.title, reasons: [...best.reasons] };
    }
    return {
      id: row.id,
      status: row.status as SilenceAlert['status'],
      leadId: row.lead_id,
      lead: {
        name: row.lead_name, company: row.lead_company, stage: row.lead_stage as SilenceAlert['lead']['stage'],
        industry: row.lead_industry as SilenceAlert['lead']['industry'],
      },
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      teamId: row.team_id,
      stage: row.stage as SilenceAlert['stage'],
      silentSince: row.silent_since,
      thresholdHours: row.threshold_hours,
      raisedAt: row.raised_at,
      snapshot,
      suggestedTrackId: row.suggested_track_id,
      resolvedAt: row.resolved_at,
      resolution: resolutionOf(row.resolved_by),
    };
  }
}

function resolutionOf(resolvedBy: string | null): SilenceAlert['resolution'] {
  if (resolvedBy === null) return null;
  if (endReasons.has(resolvedBy)) return { kind: resolvedBy as (typeof silenceEndReasons)[number] };
  return { kind: 'activity', activityId: resolvedBy };
}
