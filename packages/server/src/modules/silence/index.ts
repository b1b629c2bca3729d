export { SilenceService } from './service.js';
export { SilenceStore } from './store.js';
export { silenceRoutes } from './routes.js';
export { registerSilenceJobs } from './jobs.js';
export { sweepSilence, defaultSweepBudget, type SweepBudget, type SweepDeps, type SweepReport } from './sweep.js';
export { silentLeadCondition } from './silent-condition.js';
export type { SuggestTalkTracks } from './raise.js';
