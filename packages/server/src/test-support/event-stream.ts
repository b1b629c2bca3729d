/**
 * Reading Server-Sent Events in tests: a real HTTP client against a listening server (what a browser's EventSource
 * does), and an in-process variant for `app.inject`, which otherwise waits for a stream that never ends.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface ServerEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export class EventStreamReader {
  readonly events: ServerEvent[] = [];
  readonly comments: string[] = [];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  private buffer = '';
  private waiters: Array<() => void> = [];
  private lastId: string | undefined;

  private constructor(
    readonly statusCode: number,
    readonly headers: http.IncomingHttpHeaders,
    private readonly response: http.IncomingMessage,
    private readonly request: http.ClientRequest,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.take(chunk));
    this.ended = new Promise((resolve) => {
      response.on('end', () => resolve());
      response.on('close', () => resolve());
    });
  }

  /** Opens `url` and resolves once the response headers are in. */
  static open(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        resolve(new EventStreamReader(response.statusCode ?? 0, response.headers, response, request));
      });
      request.on('error', reject);
    });
  }

  /** Opens the notification stream at `url` and, when it is admitted, waits for the unread count it starts with. */
  static async openInbox(url: string, headers: Record<string, string> = {}): Promise<EventStreamReader> {
    const reader = await EventStreamReader.open(url, headers);
    if (reader.statusCode === 200) await reader.until(() => reader.unread() !== undefined, 'the unread count on connect');
    return reader;
  }

  /** The record changes received (`event: change`), as parsed JSON. */
  changes(): Array<{ type: string; id: string }> {
    return this.events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data) as { type: string; id: string });
  }

  /** The notifications received, as parsed JSON. */
  notifications(): Array<{ id: string; title: string; body: string; template: string }> {
    return this.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data) as { id: string; title: string; body: string; template: string });
  }

  /** The latest unread count received. */
  unread(): number | undefined {
    const last = this.events.filter((e) => e.event === 'unread').at(-1);
    return last ? (JSON.parse(last.data) as { count: number }).count : undefined;
  }

  /** Waits until `ready()` holds, or fails after `timeoutMs`. */
  async until(ready: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}; received ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
    this.response.destroy();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      let sawField = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') this.lastId = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else continue;
        sawField = true;
      }
      if (sawField && data.length > 0) this.events.push({ id: this.lastId, event, data: data.join('\n') });
    }
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/**
 * Requests an event stream through `app.inject` and returns as soon as its status is known: the status and, for a
 * refusal, the error body. An accepted stream is cut from the client side (the server ends it when the app closes).
 */
export async function injectEventStream(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<{ statusCode: number; body: string; json(): unknown }> {
  const response = await app.inject({ method: 'GET', url, headers, payloadAsStream: true });
  let body = '';
  if (response.statusCode === 200) {
    response.stream().destroy();
  } else {
    for await (const chunk of response.stream()) body += String(chunk);
  }
  return { statusCode: response.statusCode, body, json: () => JSON.parse(body) as unknown };
}
