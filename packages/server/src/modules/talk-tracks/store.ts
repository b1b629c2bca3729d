/** Every query on talk tracks and their feedback, and the reads of a lead's facts the ranking needs. */
import { sql, type Selectable } from 'kysely';
import type { Locale, TalkTrack, TalkTrackFeedbackKind, TalkTrackFeedbackTally, TalkTrackMarks } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { TalkTrackTable } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import { containsText } from '../../platform/http/pagination.js';

export type TalkTrackRow = Selectable<TalkTrackTable>;

export interface TalkTrackFilters {
  locale?: Locale | undefined;
  status: 'active' | 'archived' | 'all';
  industry?: string | undefined;
  q?: string | undefined;
}

const noFeedback: TalkTrackFeedbackTally = { used: 0, helpful: 0, notHelpful: 0 };

export function toTalkTrack(row: TalkTrackRow, feedback: TalkTrackFeedbackTally = noFeedback): TalkTrack {
  return {
    id: row.id,
    version: row.version,
    status: row.status as TalkTrack['status'],
    title: row.title,
    body: row.body,
    locale: row.locale as Locale,
    industries: JSON.parse(row.industries) as TalkTrack['industries'],
    budgetBands: JSON.parse(row.budget_bands) as TalkTrack['budgetBands'],
    decisionChains: JSON.parse(row.decision_chains) as TalkTrack['decisionChains'],
    stages: JSON.parse(row.stages) as TalkTrack['stages'],
    starterKey: row.starter_key,
    feedback,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class TalkTrackStore {
  find(db: Executor, orgId: string, id: string): Promise<TalkTrackRow | undefined> {
    return db.selectFrom('talk_tracks').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  list(db: Executor, orgId: string, filters: TalkTrackFilters): Promise<TalkTrackRow[]> {
    let query = db.selectFrom('talk_tracks').selectAll().where('org_id', '=', orgId);
    if (filters.status !== 'all') query = query.where('status', '=', filters.status);
    if (filters.locale) query = query.where('locale', '=', filters.locale);
    // A rule of [] fits every industry, so it belongs to every industry's list.
    if (filters.industry) query = query.where((eb) => eb.or([eb('industries', '=', '[]'), eb('industries', 'like', `%"${filters.industry}"%`)]));
    if (filters.q) query = query.where(containsText(sql`lower(title || ' ' || body)`, filters.q));
    return query.orderBy('locale').orderBy('title').orderBy('id').execute();
  }

  /** The scripts a lead can be offered: active, in one language. */
  candidates(db: Executor, orgId: string, locale: Locale): Promise<TalkTrackRow[]> {
    return db.selectFrom('talk_tracks').selectAll().where('org_id', '=', orgId).where('status', '=', 'active').where('locale', '=', locale).execute();
  }

  /** Reps' marks per script, over the whole organisation. */
  async tallies(db: Executor, trackIds: readonly string[]): Promise<Map<string, TalkTrackFeedbackTally>> {
    const tallies = new Map<string, TalkTrackFeedbackTally>();
    if (trackIds.length === 0) return tallies;
    const rows = await db
      .selectFrom('talk_track_feedback')
      .select(['talk_track_id', 'kind', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('talk_track_id', 'in', [...trackIds])
      .groupBy(['talk_track_id', 'kind'])
      .execute();
    for (const row of rows) {
      const tally = tallies.get(row.talk_track_id) ?? { ...noFeedback };
      const n = Number(row.n);
      if (row.kind === 'used') tally.used = n;
      else if (row.kind === 'helpful') tally.helpful = n;
      else if (row.kind === 'not_helpful') tally.notHelpful = n;
      tallies.set(row.talk_track_id, tally);
    }
    return tallies;
  }

  /** One person's marks on these scripts for one lead. */
  async marks(db: Executor, trackIds: readonly string[], leadId: string, userId: string): Promise<Map<string, TalkTrackMarks>> {
    const marks = new Map<string, TalkTrackMarks>();
    if (trackIds.length === 0) return marks;
    const rows = await db
      .selectFrom('talk_track_feedback')
      .select(['talk_track_id', 'kind'])
      .where('talk_track_id', 'in', [...trackIds])
      .where('lead_id', '=', leadId)
      .where('user_id', '=', userId)
      .execute();
    for (const row of rows) {
      const mine = marks.get(row.talk_track_id) ?? { used: false, helpful: false, notHelpful: false };
      if (row.kind === 'used') mine.used = true;
      else if (row.kind === 'helpful') mine.helpful = true;
      else if (row.kind === 'not_helpful') mine.notHelpful = true;
      marks.set(row.talk_track_id, mine);
    }
    return marks;
  }

  /** Adds a mark; false when the same person had already made it on the same script and lead. */
  async mark(db: Executor, row: { id: string; orgId: string; trackId: string; leadId: string; userId: string; kind: TalkTrackFeedbackKind; now: string }): Promise<boolean> {
    const result = await db
      .insertInto('talk_track_feedback')
      .values({ id: row.id, org_id: row.orgId, talk_track_id: row.trackId, lead_id: row.leadId, user_id: row.userId, kind: row.kind, created_at: row.now })
      .onConflict((oc) => oc.columns(['talk_track_id', 'lead_id', 'user_id', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Takes back a mark (helpful and not helpful exclude each other); true when there was one. */
  async unmark(db: Executor, trackId: string, leadId: string, userId: string, kind: TalkTrackFeedbackKind): Promise<boolean> {
    const result = await db
      .deleteFrom('talk_track_feedback')
      .where('talk_track_id', '=', trackId)
      .where('lead_id', '=', leadId)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * What the ranking needs to know about a lead, read without a caller (jobs) or, given one, with the linked
   * customer's facts only when the caller may see that customer. Undefined when the lead is not in the organisation.
   */
  async leadFacts(db: Executor, orgId: string, leadId: string, caller?: AuthContext) {
    const lead = await db.selectFrom('leads').select(['id', 'stage', 'industry', 'customer_id']).where('org_id', '=', orgId).where('id', '=', leadId).executeTakeFirst();
    if (!lead) return undefined;
    let customerQuery = db
      .selectFrom('customers')
      .select(['industry', 'budget_band', 'decision_chain'])
      .where('customers.org_id', '=', orgId)
      .where('customers.id', '=', lead.customer_id ?? '');
    if (caller) customerQuery = customerQuery.where(ownedScope(caller, 'customers'));
    const customer = lead.customer_id ? await customerQuery.executeTakeFirst() : undefined;
    const card = await db.selectFrom('screening_cards').select('answers').where('org_id', '=', orgId).where('lead_id', '=', leadId).executeTakeFirst();
    return {
      lead,
      customer: customer ? { industry: customer.industry, budgetBand: customer.budget_band, decisionChain: customer.decision_chain } : null,
      screeningAnswers: card ? parseJson(card.answers) : null,
    };
  }

  /** The starter keys a company already has, per language (whatever their status or edits). */
  async starterKeys(db: Executor, orgId: string): Promise<Set<string>> {
    const rows = await db.selectFrom('talk_tracks').select(['locale', 'starter_key']).where('org_id', '=', orgId).where('starter_key', 'is not', null).execute();
    return new Set(rows.map((r) => `${r.locale}:${r.starter_key}`));
  }
}

/** The screening card's answers belong to another feature: a value that is not JSON counts as no answers. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
