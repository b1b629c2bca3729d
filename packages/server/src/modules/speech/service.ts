/**
 * Speech-to-text for activity capture (A4). A rep who records a call or visit gets its text back to review before
 * saving; nothing is stored here — the recording is passed through to the configured service and forgotten.
 */
import { AppError } from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { typeInstead, type AudioClip, type SpeechLanguage, type SpeechToText } from './transcriber.js';

export interface SpeechStatus {
  /** The server can transcribe a recording (POST /speech/transcriptions). */
  transcription: boolean;
  /** The largest recording it accepts, in bytes. */
  maxBytes: number;
}

export class SpeechService {
  /** `transcriber`: null when SPEECH_TO_TEXT_URL is not set. */
  constructor(
    private readonly transcriber: SpeechToText | null,
    readonly maxBytes: number,
  ) {}

  status(auth: AuthContext): SpeechStatus {
    requirePermission(auth, 'crm.read');
    return { transcription: this.transcriber !== null, maxBytes: this.maxBytes };
  }

  /** Checked before the upload is read, so a refused caller never sends the server a recording to hold. */
  requireTranscription(auth: AuthContext): SpeechToText {
    requirePermission(auth, 'crm.write');
    if (!this.transcriber) throw new AppError('NOT_CONFIGURED', { feature: { en: 'Speech-to-text', 'zh-CN': '语音转文字' }, instead: typeInstead });
    return this.transcriber;
  }

  async transcribe(auth: AuthContext, clip: AudioClip, language: SpeechLanguage | undefined): Promise<{ text: string }> {
    const transcriber = this.requireTranscription(auth);
    if (clip.data.length === 0) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.file': { en: 'the recording is empty', 'zh-CN': '录音是空的' } });
    }
    return { text: await transcriber.transcribe(clip, language) };
  }
}
