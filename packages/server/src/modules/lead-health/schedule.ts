/** Friday 16:00 in each company's own time zone: that week's report for every rep (A6). */
import { companyDate, weeklyHealthSchedule } from '@closeloop/core';
import type { Jobs } from '../../platform/jobs/index.js';
import type { LeadHealthService } from './service.js';

export const weeklyHealthKind = 'steward.weekly-health';

export function scheduleWeeklyHealth(jobs: Jobs, health: LeadHealthService): void {
  jobs.schedules.every(weeklyHealthKind, weeklyHealthSchedule.cron, async (run, ctx) => {
    // The week is the Friday the run was due on, even when it runs late after downtime; the counts are as of now.
    await health.publishWeek(ctx.tx, run.orgId, companyDate(new Date(run.scheduledFor), run.timeZone), new Date(ctx.now));
  });
}
