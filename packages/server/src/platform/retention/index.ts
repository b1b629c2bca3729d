/**
 * Retention (operations: RETENTION_*): every night at 03:30 in each company's time zone its old rows are pruned
 * (prune.ts). A night with more than one batch of any kind goes on in further short transactions, one after
 * another, so neither engine is held by one long delete.
 */
import type { Config } from '../config.js';
import type { Jobs } from '../jobs/index.js';
import type { JobContext } from '../jobs/job-context.js';
import { pruneOrganisation, type RetentionPolicy } from './prune.js';

export const pruneSchedule = 'retention.prune';
const pruneMore = 'retention.prune-more';

export function retentionPolicyOf(config: Config): RetentionPolicy {
  return {
    eventsDays: config.RETENTION_EVENTS_DAYS,
    effectKeysDays: config.RETENTION_EFFECT_KEYS_DAYS,
    jobLogDays: config.RETENTION_JOB_LOG_DAYS,
    readNotificationsDays: config.RETENTION_READ_NOTIFICATIONS_DAYS,
  };
}

/** `batch`: the most rows of each kind one transaction deletes. */
export function registerRetention(jobs: Jobs, policy: RetentionPolicy, options: { batch?: number } = {}): void {
  const prune = async (orgId: string, ctx: JobContext): Promise<void> => {
    const report = await pruneOrganisation(ctx.tx, orgId, new Date(ctx.now), policy, options.batch);
    // Due at once: the runner takes it after what else is due, in its own transaction.
    if (report.more) await jobs.timers.arm(ctx.tx, { orgId, key: 'retention:more', kind: pruneMore, dueAt: ctx.now });
  };
  jobs.timers.on(pruneMore, (timer, ctx) => prune(timer.orgId, ctx));
  jobs.schedules.every(pruneSchedule, '30 3 * * *', (run, ctx) => prune(run.orgId, ctx));
}

export { pruneOrganisation, type PruneReport, type RetentionPolicy } from './prune.js';
