export { FlashReportService, flashRecipientRoles, type SentFlash } from './service.js';
export { FlashStore, companyOf, dayBounds } from './store.js';
export { scheduleFlashReport, flashReportKind, flashRearmReaction, flashCron, flashInstant } from './schedule.js';
export { flashReportRoutes } from './routes.js';
