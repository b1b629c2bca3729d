/** The screening card's background work: opening it at the first contact, and its one reminder. */
import type { Jobs } from '../../platform/jobs/index.js';
import { reminderKind, type ScreeningService } from './service.js';

export function registerScreeningJobs(jobs: Jobs, screening: ScreeningService): void {
  jobs.reactions.on('activity.logged', 'screening.open-cards', (event, ctx) => screening.openOnFirstContact(event, ctx));
  jobs.timers.on(reminderKind, (timer, ctx) => screening.remind(String(timer.payload.leadId), ctx));
}
