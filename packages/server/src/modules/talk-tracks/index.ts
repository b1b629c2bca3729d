export { TalkTrackService } from './service.js';
export { talkTrackRoutes } from './routes.js';
export { addStarterLibrary } from './starter.js';
