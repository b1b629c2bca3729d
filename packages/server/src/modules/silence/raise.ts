/**
 * Raising alerts for leads that fell silent: the snapshot (stage, last three activities, open next action), the
 * suggested script, one row per silence (the unique (lead_id, silent_since) index turns a second try into nothing)
 * and one `silence.raised` event per alert actually raised. Shared by the sweep and the follow-up of a single lead.
 */
import type { SilenceSnapshot, StewardSettings } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import { appendEvents } from '../../platform/events/outbox.js';
import { newId } from '../../platform/ids.js';
import type { NewSilenceAlert, SilenceStore, SilentLead } from './store.js';

type Suggestion = NonNullable<SilenceSnapshot['suggestion']>;

/**
 * The talk tracks that fit a lead best, best first (talk-tracks module, A3); no access check, the caller has done it.
 * Reasons are data the reader's screen words.
 */
export type SuggestTalkTracks = (
  db: Executor,
  orgId: string,
  leadId: string,
  locale: 'zh-CN' | 'en',
  limit?: number,
) => Promise<ReadonlyArray<{ track: { id: string; title: string }; reasons: readonly Suggestion['reasons'][number][] }>>;

export interface RaiseDeps {
  store: SilenceStore;
  clock: Clock;
  suggest: SuggestTalkTracks;
}

export interface RaisedAlert {
  id: string;
  leadId: string;
  ownerId: string;
  teamId: string | null;
}

/**
 * Scripts are ranked one lead at a time (a few queries each): a batch of up to this many leads, what a minute's sweep
 * or an event raises, gets them; a larger batch (a backlog: the steward switched on, a server down for hours) is
 * raised without, and the alert shows its lead's live ranking instead.
 */
export const suggestedUpTo = 50;

/**
 * `told`: the caller tells them in this same transaction, so they are written as told; alerts of a backlog are written
 * untold and told in later firings (tell.ts), which costs each an update.
 */
export async function raiseAlerts(
  tx: Executor,
  orgId: string,
  leads: readonly SilentLead[],
  settings: StewardSettings,
  deps: RaiseDeps,
  { told }: { told: boolean },
): Promise<RaisedAlert[]> {
  if (leads.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const activities = await deps.store.recentActivities(tx, orgId, leads.map((l) => l.id));
  const rows: NewSilenceAlert[] = [];
  const suggesting = leads.length <= suggestedUpTo;
  for (const lead of leads) {
    const suggestion = suggesting ? await suggestionFor(tx, orgId, lead, deps.suggest) : null;
    const snapshot: SilenceSnapshot = {
      stage: lead.stage,
      lastActivityAt: lead.last_activity_at,
      lastActivities: (activities.get(lead.id) ?? []).map((a) => ({ id: a.id, kind: a.kind as SilenceSnapshot['lastActivities'][number]['kind'], occurredAt: a.occurred_at, text: a.text, ownerId: a.owner_id })),
      nextAction: lead.next_action_kind ? { kind: lead.next_action_kind, dueAt: lead.next_action_due_at, note: lead.next_action_note } : null,
      suggestion,
    };
    rows.push({
      id: newId(), org_id: orgId, lead_id: lead.id, owner_id: lead.owner_id, team_id: lead.team_id, stage: lead.stage,
      silent_since: lead.last_activity_at, threshold_hours: settings.silenceHours[lead.stage], raised_at: now,
      snapshot: JSON.stringify(snapshot), suggested_track_id: suggestion?.trackId ?? null, status: 'open',
      resolved_at: null, resolved_by: null, notified_at: told ? now : null,
    });
  }
  const inserted = await deps.store.insertAlerts(tx, rows);
  await appendEvents(
    tx,
    deps.clock,
    inserted.map((a) => ({
      orgId, type: 'silence.raised', subject: a.id,
      payload: { leadId: a.lead_id, ownerId: a.owner_id, teamId: a.team_id, stage: a.stage, silentSince: a.silent_since },
    })),
  );
  return inserted.map((a) => ({ id: a.id, leadId: a.lead_id, ownerId: a.owner_id, teamId: a.team_id }));
}

async function suggestionFor(tx: Executor, orgId: string, lead: SilentLead, suggest: SuggestTalkTracks): Promise<Suggestion | null> {
  const [best] = await suggest(tx, orgId, lead.id, lead.owner_locale === 'en' ? 'en' : 'zh-CN', 1);
  return best ? { trackId: best.track.id, title: best.track.title, reasons: [...best.reasons] } : null;
}
