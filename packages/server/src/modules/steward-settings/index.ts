export { StewardSettingsService, type VersionedStewardSettings } from './service.js';
export { stewardSettingsRoutes } from './routes.js';
