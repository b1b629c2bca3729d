/**
 * The speech-to-text port (A4): a recording in, its text out. The server's adapter speaks the OpenAI-compatible
 * `POST /v1/audio/transcriptions` protocol (multipart: file, model, language, response_format=json → `{ text }`), which
 * whisper.cpp's server and most cloud ASR services answer. The browser's own dictation needs no server at all.
 */
import { AppError, type LocalisedText } from '@closeloop/core';

export interface AudioClip {
  data: Buffer;
  fileName: string;
  contentType: string;
}

/** A language hint for the recognizer (ISO 639-1), or undefined to let it detect one. */
export type SpeechLanguage = 'zh' | 'en';

export interface SpeechToText {
  transcribe(clip: AudioClip, language: SpeechLanguage | undefined): Promise<string>;
}

export interface OpenAiTranscriberOptions {
  /** The service's base URL (…/v1) or its full …/audio/transcriptions URL. */
  url: string;
  apiKey?: string | undefined;
  model: string;
  timeoutMs: number;
}

const service: LocalisedText = { en: 'speech-to-text service', 'zh-CN': '语音转文字服务' };
export const typeInstead: LocalisedText = { en: 'type your notes or use the dictation button', 'zh-CN': '请直接输入，或使用语音听写按钮' };

export class OpenAiTranscriber implements SpeechToText {
  private readonly endpoint: string;

  constructor(private readonly options: OpenAiTranscriberOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/audio/transcriptions') ? base : `${base}/audio/transcriptions`;
  }

  async transcribe(clip: AudioClip, language: SpeechLanguage | undefined): Promise<string> {
    const form = new FormData();
    // An upload's Buffer sits on a plain ArrayBuffer, never a shared one, so it is passed as it is (no 25 MiB copy).
    form.append('file', new Blob([clip.data as Uint8Array<ArrayBuffer>], { type: clip.contentType }), clip.fileName);
    form.append('model', this.options.model);
    if (language) form.append('language', language);
    form.append('response_format', 'json');
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const seconds = Math.round(this.options.timeoutMs / 1000);
      throw failed(timedOut ? { en: `no answer within ${seconds} s`, 'zh-CN': `${seconds} 秒内无响应` } : { en: 'it could not be reached', 'zh-CN': '无法连接' });
    }
    if (!response.ok) throw failed({ en: `it answered ${response.status}`, 'zh-CN': `返回状态 ${response.status}` });
    const body = (await response.json().catch(() => null)) as { text?: unknown } | null;
    if (typeof body?.text !== 'string') throw failed({ en: 'its answer had no text', 'zh-CN': '响应中没有文字' });
    return body.text.trim();
  }
}

function failed(detail: LocalisedText): AppError {
  return new AppError('UPSTREAM_FAILED', { service, detail, instead: typeInstead });
}
