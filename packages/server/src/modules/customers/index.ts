export { CustomerService } from './service.js';
export { customerRoutes } from './routes.js';
export { toCustomer } from './store.js';
