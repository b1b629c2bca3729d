export { ActivityService } from './service.js';
export { activityRoutes } from './routes.js';
export { toActivity } from './store.js';
