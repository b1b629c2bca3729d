/**
 * A stand-in for an OpenAI-compatible speech-to-text service (whisper.cpp server, cloud ASR): node:http on 127.0.0.1,
 * port 0, answering `POST /v1/audio/transcriptions` (multipart: file, model, language, response_format) with
 * `{ "text": … }` as that protocol does. It keeps what it received so tests can check the request the server sent.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranscriptionRequest {
  path: string;
  headers: IncomingHttpHeaders;
  fields: Record<string, string>;
  file: { name: string; type: string; bytes: Buffer } | null;
}

export interface SpeechStub {
  /** The base URL to configure (SPEECH_TO_TEXT_URL), e.g. http://127.0.0.1:40123/v1 */
  url: string;
  requests: TranscriptionRequest[];
  /** The text the next transcriptions answer with (default: a Chinese visit note). */
  sayNext(text: string): void;
  /** Answer the next request with this status and no text. */
  failNext(status: number): void;
  /** Hold the next request without answering, until the stub is closed. */
  hangNext(): void;
  close(): Promise<void>;
}

export const stubTranscript = '拜访采购部，客户关注交付周期，预算大概三十万。我们会在下周三前安排技术演示。';

export async function startSpeechStub(): Promise<SpeechStub> {
  const requests: TranscriptionRequest[] = [];
  let text = stubTranscript;
  let failWith: number | null = null;
  let hang = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (hang) {
          hang = false;
          return;
        }
        if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
          return;
        }
        // The fetch API's own multipart reader: the stub reads the form as a real server would.
        const form = await new Request('http://stub/', { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).formData();
        const fields: Record<string, string> = {};
        let file: TranscriptionRequest['file'] = null;
        for (const [name, value] of form.entries()) {
          if (typeof value === 'string') fields[name] = value;
          else file = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
        }
        requests.push({ path: req.url, headers: req.headers, fields, file });
        if (failWith !== null) {
          const status = failWith;
          failWith = null;
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'stub failure' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    sayNext: (next) => {
      text = next;
    },
    failNext: (status) => {
      failWith = status;
    },
    hangNext: () => {
      hang = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A multipart upload of a (tiny, silent) recording, as a browser's MediaRecorder would send it. */
export function recordingUpload(fields: Record<string, string> = {}, file: { bytes?: Buffer; type?: string; field?: string } = {}): { payload: Buffer; contentType: string } {
  const boundary = '----closeloop-recording-boundary';
  const bytes = file.bytes ?? silentWav();
  const head = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="visit.wav"\r\nContent-Type: ${file.type ?? 'audio/wav'}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head + fileHead, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** 0.1 s of silence as a 16 kHz mono 16-bit WAV. */
function silentWav(): Buffer {
  const samples = 1600;
  const data = Buffer.alloc(samples * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
