/**
 * Yesterday's flash every morning at the company's settings.flashTime (default 08:30) in its time zone (B5).
 *
 * A schedule whose pattern each company chooses (platform/jobs/schedules.ts, PatternOf): the time is read from the
 * document settings whenever the next morning is armed. It follows changes three ways:
 * - a settings change (`documents.settings_updated`) re-arms the next morning at once, by a reaction; when the new
 *   time has already passed today and today's flash has not gone out, it goes out now;
 * - a time-zone change moves it with every other schedule (OrganisationService → schedules.rezone);
 * - a firing re-reads flashTime: if the time was moved later today and the timer was not, it waits for the new time.
 * Each person is told once per day (FlashReportService.sendDaily), so a re-armed morning never tells anyone twice.
 */
import { companyDate, instantAt, type DocumentSettings } from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import { scheduleKey, type Jobs } from '../../platform/jobs/index.js';
import { dayBefore, type FlashReportService } from './service.js';
import { companyOf } from './store.js';

export const flashReportKind = 'documents.flash-report';
export const flashRearmReaction = 'documents.flash-report-rearm';

/** "08:30" → the daily cron pattern "30 8 * * *". */
export function flashCron(flashTime: DocumentSettings['flashTime']): string {
  const [hour, minute] = flashTime.split(':').map(Number) as [number, number];
  return `${minute} ${hour} * * *`;
}

/** The instant the flash is due on a company day. */
export function flashInstant(day: string, flashTime: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = flashTime.split(':').map(Number) as [number, number];
  return instantAt({ year, month, day: date, hour, minute }, timeZone);
}

export function scheduleFlashReport(jobs: Jobs, flash: FlashReportService, dialect: Dialect): void {
  const patternOf = async (db: Executor, orgId: string) => flashCron((await companyOf(db, orgId)).settings.flashTime);
  jobs.schedules.every(flashReportKind, patternOf, async (run, ctx) => {
    const company = await companyOf(ctx.tx, run.orgId);
    const morning = companyDate(new Date(run.scheduledFor), run.timeZone);
    // flashTime moved later today while this was armed for the old time: the next arming lands on the new one.
    if (flashInstant(morning, company.settings.flashTime, run.timeZone).toISOString() > ctx.now) return;
    await flash.sendDaily(ctx, dayBefore(morning));
  });

  jobs.reactions.on('documents.settings_updated', flashRearmReaction, async (event, ctx) => {
    const key = scheduleKey(flashReportKind);
    const armed = await ctx.tx.selectFrom('timers').select('scheduled_for').where('org_id', '=', event.orgId).where('key', '=', key).executeTakeFirst();
    // Already due (running or retried): it reads the new time itself.
    if (armed && armed.scheduled_for <= ctx.now) return;
    const company = await companyOf(ctx.tx, event.orgId);
    const today = companyDate(new Date(ctx.now), company.timeZone);
    // Still armed for this morning, and the new time has passed: this morning's flash goes out now, not tomorrow.
    const armedForToday = armed !== undefined && companyDate(new Date(armed.scheduled_for), company.timeZone) === today;
    if (armedForToday && flashInstant(today, company.settings.flashTime, company.timeZone).toISOString() <= ctx.now) {
      await jobs.timers.arm(ctx.tx, { orgId: event.orgId, key, kind: flashReportKind, dueAt: ctx.now });
      return;
    }
    await jobs.schedules.rearm(ctx.tx, dialect, event.orgId, flashReportKind);
  });
}

