/**
 * The silence alert's background work: the sweep every minute in every organisation (continued at once while a
 * backlog is left), and the follow-up of every event that can end or start a silence.
 */
import type { Jobs, JobContext } from '../../platform/jobs/index.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { followLead, type FollowUpCause } from './follow-up.js';
import { defaultSweepBudget, sweepSilence, type SweepBudget, type SweepDeps } from './sweep.js';

const sweepKind = 'steward.silence-sweep';
const continueKind = 'steward.silence-sweep-more';
const continueKey = 'silence-sweep:more';

/** Lead changes that can start or end a silence; other edits (a phone number, intent tags) leave it as it is. */
const followedChanges = new Set(['stage', 'ownerId', 'teamId', 'status']);

export function registerSilenceJobs(jobs: Jobs, settings: StewardSettingsService, deps: SweepDeps, budget: SweepBudget = defaultSweepBudget): void {
  const sweep = async (orgId: string, ctx: JobContext): Promise<void> => {
    const report = await sweepSilence(ctx.tx, orgId, await settings.forOrg(ctx.tx, orgId), deps, budget);
    if (report.more) await jobs.timers.arm(ctx.tx, { orgId, key: continueKey, kind: continueKind, dueAt: ctx.now });
  };
  jobs.timers.on(continueKind, (timer, ctx) => sweep(timer.orgId, ctx));
  jobs.schedules.every(sweepKind, '* * * * *', (run, ctx) => sweep(run.orgId, ctx));

  jobs.reactions.on(
    ['activity.logged', 'lead.updated', 'lead.archived', 'lead.restored', 'lead.merged'],
    'silence.follow-leads',
    async (event, ctx) => {
      const followed = leadsOf(event.type, event.subject, event.payload);
      if (followed.length === 0) return;
      const rules = await settings.forOrg(ctx.tx, ctx.orgId);
      for (const { leadId, cause } of followed) await followLead(ctx.tx, ctx.orgId, leadId, cause, rules, deps);
    },
  );
}

function leadsOf(type: string, subject: string, payload: Record<string, unknown>): Array<{ leadId: string; cause: FollowUpCause | null }> {
  switch (type) {
    case 'activity.logged':
      return typeof payload.leadId === 'string' ? [{ leadId: payload.leadId, cause: { activityId: subject, occurredAt: String(payload.occurredAt) } }] : [];
    case 'lead.updated':
      return ((payload.changed as string[] | undefined) ?? []).some((field) => followedChanges.has(field)) ? [{ leadId: subject, cause: null }] : [];
    case 'lead.merged':
      return [subject, ...((payload.mergedFrom as string[] | undefined) ?? [])].map((leadId) => ({ leadId, cause: null }));
    default:
      return [{ leadId: subject, cause: null }];
  }
}
