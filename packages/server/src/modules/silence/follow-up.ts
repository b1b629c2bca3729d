/**
 * What an event on one lead means for its silence. The lead is read as it is now, so the same follow-up is right
 * whatever order events arrive in and however often one is delivered:
 * - an open alert ends when the rep acted (the lead's last action is later than the silence began: resolved by that
 *   activity), or the lead was won, lost, archived or merged away;
 * - an open alert follows its lead to a new owner;
 * - a lead that is silent now without an alert for this silence gets one at once, and is told at once (a stage with
 *   a shorter limit, an activity logged after the fact: the sweep only looks at time passing); a lead restored or
 *   reopened in the same silence gets its alert back.
 */
import { isOpenStage, isSilent, type LeadStage, type StewardSettings } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/outbox.js';
import { TeamManagers } from './managers.js';
import { raiseAlerts } from './raise.js';
import type { SilentLead } from './store.js';
import type { SweepDeps } from './sweep.js';
import { tellRaised } from './tell.js';

/** The activity behind the event, when it is one: the likely end of the silence. */
export interface FollowUpCause {
  activityId: string;
  occurredAt: string;
}

export async function followLead(tx: Executor, orgId: string, leadId: string, cause: FollowUpCause | null, settings: StewardSettings, deps: SweepDeps): Promise<void> {
  // Not beside a sweep of the organisation: one in progress may be raising this lead's alert (store.ts lockSweep).
  await deps.store.lockSweep(tx, orgId, 'follow-up');
  const lead = await deps.store.leadForFollowUp(tx, orgId, leadId);
  if (!lead) return;
  const now = deps.clock.now();
  for (const alert of await deps.store.openAlertsOf(tx, orgId, leadId)) {
    const end = await endOf(tx, orgId, lead, alert.silent_since, cause, deps);
    if (end) {
      if (await deps.store.resolve(tx, alert.id, end, now.toISOString())) {
        await appendEvent(tx, deps.clock, {
          orgId, type: 'silence.resolved', subject: alert.id,
          payload: { leadId, ownerId: lead.owner_id, teamId: lead.team_id, resolvedBy: end },
        });
      }
    } else if (alert.owner_id !== lead.owner_id || alert.team_id !== lead.team_id) {
      await deps.store.reassign(tx, alert.id, lead.owner_id, lead.team_id);
    }
  }
  const stage = lead.stage as LeadStage;
  if (lead.status !== 'active' || lead.merged_into || !isOpenStage(stage) || !isSilent(stage, lead.last_activity_at, settings, now)) return;
  for (const reopened of await deps.store.reopen(tx, orgId, leadId, lead.last_activity_at, lead.owner_id, lead.team_id)) {
    await appendEvent(tx, deps.clock, {
      orgId, type: 'silence.raised', subject: reopened.id,
      payload: { leadId, ownerId: lead.owner_id, teamId: lead.team_id, stage: reopened.stage, silentSince: lead.last_activity_at, reopened: true },
    });
  }
  const raised = await raiseAlerts(tx, orgId, [{ ...lead, stage } as SilentLead], settings, deps, { told: true });
  await tellRaised(tx, orgId, raised.map((a) => a.id), () => TeamManagers.load(tx, orgId), deps);
}

type FollowedLead = NonNullable<Awaited<ReturnType<SweepDeps['store']['leadForFollowUp']>>>;

/** What ended a silence that began at `silentSince`, or null while it goes on. */
async function endOf(tx: Executor, orgId: string, lead: FollowedLead, silentSince: string, cause: FollowUpCause | null, deps: SweepDeps): Promise<string | null> {
  if (lead.merged_into) return 'merged';
  if (lead.status !== 'active') return 'archived';
  if (lead.stage === 'won' || lead.stage === 'lost') return lead.stage;
  if (lead.last_activity_at <= silentSince) return null;
  if (cause && cause.occurredAt > silentSince) return cause.activityId;
  // The last action moved without this event's activity: another activity (delivered later), or a merge that
  // brought a later one over; without any activity after the silence began, the merge ended it.
  return (await deps.store.actionAfter(tx, orgId, lead.id, silentSince)) ?? 'merged';
}
