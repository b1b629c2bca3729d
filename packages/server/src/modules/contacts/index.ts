export { ContactService } from './service.js';
export { contactRoutes } from './routes.js';
export { ContactStore, contactSortColumns, toContact } from './store.js';
