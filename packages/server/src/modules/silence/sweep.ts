/**
 * The silence sweep (A5), run per organisation every minute. Set-based and incremental: per open stage it keeps a
 * mark, "every lead last touched at or before this time has been looked at", and reads only the leads between the
 * mark and the stage's cutoff (now minus its silence limit) — an index range of the partial index leads_silence,
 * usually the handful of leads that fell silent in the last minute. Leads that become silent without time passing
 * (a stage change, a restore, a back-dated activity) are caught by the follow-up of their event (follow-up.ts).
 *
 * One firing does a bounded amount of work in its transaction (at most `leadsPerFiring` leads raised, the alerts of
 * `ownersPerFiring` owners told) and says whether more is left; the job then fires again at once, so switching the
 * steward on over a large backlog is many short transactions rather than one long lock. People are told once the
 * backlog is raised, so each hears about it in one message rather than one per batch. Exactly once: an alert per
 * silence by the unique (lead_id, silent_since) index, a message per alert by the told mark (tell.ts); on PostgreSQL
 * the organisation's silence lock keeps two processes from sweeping it at once (store.ts lockSweep).
 */
import { openLeadStages, silenceCutoffs, type OpenLeadStage, type StewardSettings } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import { TeamManagers } from './managers.js';
import { raiseAlerts, type RaiseDeps, type RaisedAlert } from './raise.js';
import type { SilentLead } from './store.js';
import { tellRaised, tellUntold, type TellDeps } from './tell.js';

export interface SweepBudget {
  leadsPerFiring: number;
  ownersPerFiring: number;
}

// A firing of 2,000 new alerts takes a few hundred milliseconds: on SQLite other writes wait no longer than that. Telling
// marks each alert told; after a backlog 20 owners have some ten thousand, about as long a firing.
export const defaultSweepBudget: SweepBudget = { leadsPerFiring: 2000, ownersPerFiring: 20 };

export interface SweepReport {
  raised: number;
  told: number;
  /** Work is left for another firing. */
  more: boolean;
}

export type SweepDeps = RaiseDeps & TellDeps;

export async function sweepSilence(tx: Executor, orgId: string, settings: StewardSettings, deps: SweepDeps, budget = defaultSweepBudget): Promise<SweepReport> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const cutoffs = silenceCutoffs(settings, now);
  await deps.store.lockSweep(tx, orgId, 'sweep');
  const marks = await deps.store.marks(tx, orgId, openLeadStages, at);
  let room = budget.leadsPerFiring;
  let more = false;
  const batches: Array<{ stage: OpenLeadStage; upTo: string; leads: SilentLead[] }> = [];
  for (const stage of openLeadStages) {
    const mark = marks.get(stage) ?? '';
    const cutoff = cutoffs[stage];
    // A limit made longer moves the cutoff back behind the mark: nothing new is silent until it passes the mark.
    if (cutoff <= mark) continue;
    if (room <= 0) {
      more = true;
      break;
    }
    const end = await deps.store.batchEnd(tx, orgId, stage, mark, cutoff, room);
    const upTo = end ?? cutoff;
    const leads = await deps.store.silentLeads(tx, orgId, stage, mark, upTo);
    batches.push({ stage, upTo, leads });
    room -= Math.max(leads.length, 1);
    if (end !== undefined && end < cutoff) more = true;
  }
  // While a backlog is being raised nobody is told yet: each person then gets one message about all of it. Otherwise
  // (every minute of the day) the new alerts are written as told and told right here.
  const raised: RaisedAlert[] = [];
  for (const { stage, upTo, leads } of batches) {
    raised.push(...(await raiseAlerts(tx, orgId, leads, settings, deps, { told: !more })));
    await deps.store.moveMark(tx, orgId, stage, upTo, at);
  }
  if (more) return { raised: raised.length, told: 0, more };
  const managers = once(() => TeamManagers.load(tx, orgId));
  const toldNow = await tellRaised(tx, orgId, raised.map((a) => a.id), managers, deps);
  const telling = await tellUntold(tx, orgId, managers, deps, budget.ownersPerFiring);
  return { raised: raised.length, told: toldNow + telling.told, more: telling.more };
}

/** The organisation's managers, read the first time they are needed in this firing. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
