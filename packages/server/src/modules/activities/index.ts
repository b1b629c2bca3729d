export { ActivityService } from './service.js';
export { activityRoutes } from './routes.js';
export { ActivityStore, activitySortColumns, toActivity } from './store.js';
