/**
 * Talk tracks (A3): the company's script library, the three scripts that fit a lead best with the reasons why, and
 * reps' marks (used, helpful, not helpful) that feed the ranking. Everyone signed in reads the library; editing it
 * takes `steward.manage` (admins). Suggestions for a lead need the lead to be in the caller's scope, exactly as
 * reading the lead does; `suggestFor` is the same ranking for jobs, which check access themselves.
 */
import {
  AppError, leadFactsOf, rankTalkTracks, type LeadStage, type Locale, type RankedTalkTrack, type TalkTrack, type TalkTrackCreate,
  type TalkTrackFeedbackKind, type TalkTrackMarks, type TalkTrackSuggestion, type TalkTrackUpdate,
} from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { LeadService } from '../leads/index.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { addStarterLibrary } from './starter.js';
import { TalkTrackStore, toTalkTrack, type TalkTrackFilters, type TalkTrackRow } from './store.js';

const noMarks: TalkTrackMarks = { used: false, helpful: false, notHelpful: false };
/** Helpful and not helpful exclude each other: a rep who changes their mind moves their mark. */
const opposite: Partial<Record<TalkTrackFeedbackKind, TalkTrackFeedbackKind>> = { helpful: 'not_helpful', not_helpful: 'helpful' };

export class TalkTrackService {
  constructor(
    private readonly db: Executor,
    private readonly leads: LeadService,
    private readonly settings: StewardSettingsService,
    private readonly store = new TalkTrackStore(),
  ) {}

  async list(auth: AuthContext, filters: TalkTrackFilters): Promise<{ items: TalkTrack[] }> {
    requirePermission(auth, 'crm.read');
    const rows = await this.store.list(this.db, auth.orgId, filters);
    const tallies = await this.store.tallies(this.db, rows.map((r) => r.id));
    return { items: rows.map((row) => toTalkTrack(row, tallies.get(row.id))) };
  }

  async create(write: Write, input: TalkTrackCreate): Promise<TalkTrack> {
    requirePermission(write.auth, 'steward.manage');
    const row: TalkTrackRow = {
      id: newId(), org_id: write.auth.orgId, title: input.title, body: input.body, locale: input.locale,
      industries: JSON.stringify(input.industries), budget_bands: JSON.stringify(input.budgetBands),
      decision_chains: JSON.stringify(input.decisionChains), stages: JSON.stringify(input.stages),
      status: 'active', version: 1, starter_key: null, created_at: write.now, updated_at: write.now,
    };
    await write.tx.insertInto('talk_tracks').values(row).execute();
    const track = toTalkTrack(row);
    await write.audit({ action: 'create', entityType: 'talk_track', entityId: row.id, after: auditView(track) });
    await write.emit({ type: 'talk_track.created', subject: row.id, payload: { locale: row.locale } });
    return track;
  }

  async update(write: Write, id: string, patch: TalkTrackUpdate): Promise<TalkTrack> {
    requirePermission(write.auth, 'steward.manage');
    const current = await this.existing(write.tx, write.auth.orgId, id);
    requireVersion('talk_track', current, patch.version);
    const next: TalkTrackRow = { ...current };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.body !== undefined) next.body = patch.body;
    if (patch.locale !== undefined) next.locale = patch.locale;
    if (patch.industries !== undefined) next.industries = JSON.stringify(patch.industries);
    if (patch.budgetBands !== undefined) next.budget_bands = JSON.stringify(patch.budgetBands);
    if (patch.decisionChains !== undefined) next.decision_chains = JSON.stringify(patch.decisionChains);
    if (patch.stages !== undefined) next.stages = JSON.stringify(patch.stages);
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<TalkTrack> {
    requirePermission(write.auth, 'steward.manage');
    const current = await this.existing(write.tx, write.auth.orgId, id);
    requireVersion('talk_track', current, version);
    const status = archived ? 'archived' : 'active';
    if (current.status === status) return this.withTally(write.tx, current);
    return this.save(write, current, { ...current, status }, archived ? 'archive' : 'restore');
  }

  /** Adds the starter scripts the company lacks, in both languages; its own edits and archived ones stay. */
  async restoreStarterLibrary(write: Write): Promise<{ added: number; present: number }> {
    requirePermission(write.auth, 'steward.manage');
    const { added, present } = await addStarterLibrary(write.tx, write.auth.orgId, write.now);
    if (added.length > 0) {
      await write.audit({ action: 'restore_starter_library', entityType: 'talk_track_library', entityId: write.auth.orgId, after: { added } });
      await write.emit({ type: 'talk_track.library_restored', subject: write.auth.orgId, payload: { added: added.length } });
    }
    return { added: added.length, present };
  }

  /** The scripts that fit a lead the caller may see, best first, with the caller's own marks on each. */
  async suggestionsForLead(auth: AuthContext, leadId: string, locale: Locale, limit: number): Promise<{ items: TalkTrackSuggestion[] }> {
    requirePermission(auth, 'crm.read');
    await this.leads.requireVisible(this.db, auth, leadId);
    const ranked = await this.rank(this.db, auth.orgId, leadId, locale, limit, auth);
    const marks = await this.store.marks(this.db, ranked.map((r) => r.track.id), leadId, auth.userId);
    return { items: ranked.map((r) => ({ ...r, mine: marks.get(r.track.id) ?? noMarks })) };
  }

  /**
   * The best `limit` scripts for a lead, for jobs (the silence alert's suggested script): no caller, so no access
   * check — whoever shows the result checks it. An unknown lead has none.
   */
  suggestFor(db: Executor, orgId: string, leadId: string, locale: Locale, limit = 3): Promise<Array<RankedTalkTrack<TalkTrack>>> {
    return this.rank(db, orgId, leadId, locale, limit);
  }

  /** A rep marks a script for a lead; the same mark twice counts once. */
  async feedback(write: Write, trackId: string, input: { leadId: string; kind: TalkTrackFeedbackKind }) {
    requirePermission(write.auth, 'crm.write');
    const { tx, auth } = write;
    const track = await this.existing(tx, auth.orgId, trackId);
    const lead = await this.leads.requireVisible(tx, auth, input.leadId);
    const mark = { trackId, leadId: lead.id, userId: auth.userId };
    const replaced = opposite[input.kind];
    const took = replaced ? await this.store.unmark(tx, trackId, lead.id, auth.userId, replaced) : false;
    const recorded = await this.store.mark(tx, { ...mark, id: newId(), orgId: auth.orgId, kind: input.kind, now: write.now });
    if (recorded || took) {
      await write.audit({
        action: 'feedback', entityType: 'talk_track', entityId: trackId,
        after: { leadId: lead.id, kind: input.kind, ...(took ? { replaced } : {}) },
      });
      await write.emit({ type: 'talk_track.feedback', subject: trackId, payload: { leadId: lead.id, kind: input.kind, ownerId: lead.ownerId } });
    }
    const mine = (await this.store.marks(tx, [trackId], lead.id, auth.userId)).get(trackId) ?? noMarks;
    const { feedback } = await this.withTally(tx, track);
    return { talkTrackId: trackId, leadId: lead.id, kind: input.kind, recorded, mine, feedback };
  }

  private async rank(db: Executor, orgId: string, leadId: string, locale: Locale, limit: number, caller?: AuthContext): Promise<Array<RankedTalkTrack<TalkTrack>>> {
    const known = await this.store.leadFacts(db, orgId, leadId, caller);
    if (!known) return [];
    const facts = leadFactsOf({ stage: known.lead.stage as LeadStage, industry: known.lead.industry }, known.customer, known.screeningAnswers);
    const rows = await this.store.candidates(db, orgId, locale);
    const tallies = await this.store.tallies(db, rows.map((r) => r.id));
    const { talkTrackWeights } = await this.settings.forOrg(db, orgId);
    return rankTalkTracks(rows.map((row) => toTalkTrack(row, tallies.get(row.id))), facts, talkTrackWeights, limit);
  }

  private async existing(db: Executor, orgId: string, id: string): Promise<TalkTrackRow> {
    const row = await this.store.find(db, orgId, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'talk_track' });
    return row;
  }

  private async withTally(db: Executor, row: TalkTrackRow): Promise<TalkTrack> {
    return toTalkTrack(row, (await this.store.tallies(db, [row.id])).get(row.id));
  }

  /** Writes `next` if nobody changed the script since `current` was read; audits the changed fields. */
  private async save(write: Write, current: TalkTrackRow, next: TalkTrackRow, action: 'update' | 'archive' | 'restore'): Promise<TalkTrack> {
    const saved = await writeVersioned(write.tx, 'talk_tracks', 'talk_track', current, next, write.now);
    const changed = diff(auditView(toTalkTrack(current)), auditView(toTalkTrack(saved)));
    await write.audit({ action, entityType: 'talk_track', entityId: saved.id, before: changed.before, after: changed.after });
    await write.emit({ type: `talk_track.${action === 'update' ? 'updated' : action === 'archive' ? 'archived' : 'restored'}`, subject: saved.id, payload: { changed: Object.keys(changed.after) } });
    return this.withTally(write.tx, saved);
  }
}

/** A script as the audit log keeps it: its content and rules, not the feedback counts that change without an edit. */
function auditView({ feedback: _feedback, ...track }: TalkTrack): Omit<TalkTrack, 'feedback'> {
  return track;
}
