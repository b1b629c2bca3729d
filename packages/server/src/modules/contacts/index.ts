export { ContactService } from './service.js';
export { contactRoutes } from './routes.js';
export { toContact } from './store.js';
