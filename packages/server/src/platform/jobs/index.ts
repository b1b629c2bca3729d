/**
 * The event backbone's public face. The composition root creates one `Jobs`; features register on it:
 *
 *   jobs.reactions.on('activity.logged', 'leads.silence-rearm', async (event, ctx) => { ... });  // on X do Y
 *   jobs.timers.on('leads.silence-check', async (timer, ctx) => { ... });                         // at T for K do Z
 *   await jobs.timers.arm(write.tx, { orgId, key, kind: 'leads.silence-check', dueAt, payload });
 *   jobs.schedules.every('reports.weekly', '0 16 * * 5', async (run, ctx) => { ... });           // Friday 16:00 local
 *
 * Handlers write through `ctx.tx` and guard outside effects with `ctx.once(key, fn)`. They run inside a database
 * transaction, so they should do database work only; slow calls to other systems belong in their own queue.
 */
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { EventBell } from '../events/event-bell.js';
import { ReactionRegistry } from '../events/reactions.js';
import { DeadLetterService } from './dead-letters.js';
import { JobRunner } from './runner.js';
import { Schedules } from './schedules.js';
import { Timers } from './timers.js';

export function createJobs(database: DatabaseHandle, clock: Clock) {
  const reactions = new ReactionRegistry();
  const timers = new Timers(clock);
  const schedules = new Schedules(timers, clock);
  // The unit of work rings it when a write's events commit, so the runner need not wait for its next poll.
  const bell = new EventBell(database);
  return {
    reactions,
    timers,
    schedules,
    bell,
    runner: new JobRunner(database, clock, { reactions, timers, schedules, bell }),
    deadLetters: new DeadLetterService(database, clock, reactions, timers),
  };
}

export type Jobs = ReturnType<typeof createJobs>;

export type { DeliveredEvent, ReactionHandler, ReactionBatchHandler } from '../events/reactions.js';
export type { BatchContext, JobContext } from './job-context.js';
export type { FiringTimer, TimerHandler, TimerSpec } from './timers.js';
export type { ScheduledRun, ScheduleHandler } from './schedules.js';
export type { PassReport } from './runner.js';
export type { JobLog } from './job-log.js';
export { nextOccurrence, scheduleKey } from './schedules.js';
export { deadLetterRoutes } from './dead-letter-routes.js';
