/**
 * The browser side of speech-to-text (A4): the Web Speech API's dictation where the browser has it, and a recording
 * (MediaRecorder) for the server to transcribe where the server can. Small pure choices live here; the hooks use them.
 */

/** The recognizer's language for the person's interface language. */
export function dictationLanguage(language: string): string {
  return language.startsWith('zh') ? 'zh-CN' : 'en-US';
}

/** The language hint sent with a recording (ISO 639-1). */
export function transcriptionLanguage(language: string): 'zh' | 'en' {
  return language.startsWith('zh') ? 'zh' : 'en';
}

/** The first recording format the browser can make that speech services read (Safari makes mp4, others webm/ogg). */
export function recordingType(canRecord: (type: string) => boolean): string {
  return ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus'].find(canRecord) ?? '';
}

/** A file name whose extension says the format, for services that look at it. */
export function recordingFileName(type: string): string {
  if (type.includes('mp4')) return 'recording.m4a';
  if (type.includes('ogg')) return 'recording.ogg';
  return 'recording.webm';
}

/** The minimal Web Speech API surface used here (not in every TypeScript DOM library, and prefixed in WebKit). */
export interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: { resultIndex: number; results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

type RecognitionConstructor = new () => Recognition;

/** The browser's speech recognizer, or null where there is none (Firefox, most in-app browsers). */
export function recognitionConstructor(scope: object = globalThis): RecognitionConstructor | null {
  const found = scope as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return found.SpeechRecognition ?? found.webkitSpeechRecognition ?? null;
}

/** Whether this browser can record audio to upload (a secure context with a microphone API and MediaRecorder). */
export function canRecordAudio(scope: { MediaRecorder?: unknown; navigator?: { mediaDevices?: { getUserMedia?: unknown } } } = globalThis): boolean {
  return typeof scope.MediaRecorder === 'function' && typeof scope.navigator?.mediaDevices?.getUserMedia === 'function';
}
