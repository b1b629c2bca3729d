export { ScreeningService } from './service.js';
export { screeningRoutes } from './routes.js';
export { registerScreeningJobs } from './jobs.js';
