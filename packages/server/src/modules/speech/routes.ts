/** Speech-to-text over HTTP: what the server offers, and a recording in → its text out. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '@closeloop/core';
import type { RouteDeps, TypedApp } from '../../routes.js';
import { authOf } from '../../platform/http/auth-hook.js';
import { errorBody, errorResponses } from '../shared/openapi.js';
import type { AudioClip, SpeechLanguage } from './transcriber.js';

const speechStatus = z
  .object({
    transcription: z.boolean().meta({ description: 'true when POST /speech/transcriptions is set up (SPEECH_TO_TEXT_URL)' }),
    maxBytes: z.number().int(),
  })
  .meta({ example: { transcription: true, maxBytes: 26214400 } });

const languages = ['zh', 'en'] as const;
const uploadBody = z
  .object({
    file: z.string().meta({ format: 'binary', description: 'The recording: webm/opus, ogg, mp4/m4a, mp3 or wav' }),
    language: z.enum(languages).optional().meta({ description: 'What is spoken; without it the service detects the language' }),
  })
  .nullish();
const transcription = z.object({ text: z.string() }).meta({ example: { text: '拜访采购部，客户关注交付周期，预算大概三十万。' } });

const inFileField = { en: 'send the recording in the field "file"', 'zh-CN': '请在 file 字段中上传录音' };

/** Browsers record as audio/webm, audio/ogg or audio/mp4 (Safari); some label a recording video/webm or send no type. */
const acceptedTypes = /^(?:audio\/[\w.+-]+|video\/(?:webm|mp4|ogg)|application\/octet-stream)$/;

export function speechRoutes(app: TypedApp, { services }: RouteDeps): void {
  const tags = ['speech'];
  const limit = `${Math.round(services.speech.maxBytes / (1024 * 1024))} MiB`;

  app.get('/speech', {
    schema: { tags, summary: 'What speech-to-text this server offers (the capture form shows its record button when it can transcribe)', response: { 200: speechStatus, ...errorResponses } },
  }, (req) => services.speech.status(authOf(req)));

  app.post('/speech/transcriptions', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Turn a recording of a call or visit into text (OpenAI-compatible service configured by SPEECH_TO_TEXT_URL)',
      description: `Multipart upload, one file of at most ${limit}. Nothing is stored: the text comes back for the rep to review and save with the activity.`,
      consumes: ['multipart/form-data'],
      body: uploadBody,
      response: {
        200: transcription,
        ...errorResponses,
        413: errorBody.describe('The recording is larger than the limit'),
        415: errorBody.describe('Not a multipart upload of an audio file'),
        502: errorBody.describe('The speech-to-text service failed or timed out'),
        503: errorBody.describe('Speech-to-text is not set up on this server'),
      },
    },
  }, async (req) => {
    const auth = authOf(req);
    services.speech.requireTranscription(auth);
    const { clip, language } = await readRecording(req, services.speech.maxBytes, limit);
    return services.speech.transcribe(auth, clip, language);
  });
}

async function readRecording(req: FastifyRequest, maxBytes: number, limit: string): Promise<{ clip: AudioClip; language: SpeechLanguage | undefined }> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'upload the recording as multipart/form-data' });
  let clip: AudioClip | undefined;
  let language: string | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 4 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', {}, { [`body.${part.fieldname}`]: inFileField });
        if (!acceptedTypes.test(part.mimetype)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: `${part.mimetype} is not an audio recording` });
        clip = { data: await part.toBuffer(), fileName: part.filename || 'recording', contentType: part.mimetype };
      } else if (part.fieldname === 'language') {
        language = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { limit });
    throw error;
  }
  const problems: Record<string, { en: string; 'zh-CN': string }> = {};
  if (!clip) problems['body.file'] = inFileField;
  if (language !== undefined && !(languages as readonly string[]).includes(language)) problems['body.language'] = { en: 'zh or en', 'zh-CN': '应为 zh 或 en' };
  if (Object.keys(problems).length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
  return { clip: clip!, language: language as SpeechLanguage | undefined };
}
