export { SavedViewService } from './service.js';
export { savedViewRoutes } from './routes.js';
