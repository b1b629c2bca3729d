export { PeopleService, type PasswordHash } from './service.js';
export { TeamService } from './teams.js';
export { RegionService } from './regions.js';
export { ApiTokenService } from './api-tokens.js';
export { peopleRoutes } from './routes.js';
export { toUser, toTeam, toRegion, toApiToken } from './mappers.js';
