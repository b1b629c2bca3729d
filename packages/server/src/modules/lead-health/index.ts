export { LeadHealthService, type PublishedWeek } from './service.js';
export { StewardFiguresService } from './figures-service.js';
export { scheduleWeeklyHealth, weeklyHealthKind } from './schedule.js';
export { leadHealthRoutes } from './routes.js';
