export { CustomerService, buildCustomerRow, type DuplicateReport, type DuplicateHit } from './service.js';
export { customerRoutes } from './routes.js';
export { CustomerStore, customerSortColumns, toCustomer } from './store.js';
