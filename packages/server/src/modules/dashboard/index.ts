export { DashboardService } from './service.js';
export { dashboardRoutes } from './routes.js';
