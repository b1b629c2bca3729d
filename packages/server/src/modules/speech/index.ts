export { SpeechService, type SpeechStatus } from './service.js';
export { speechRoutes } from './routes.js';
export { OpenAiTranscriber, type AudioClip, type SpeechLanguage, type SpeechToText } from './transcriber.js';
