export { OrganisationService } from './service.js';
export { organisationRoutes } from './routes.js';
