/**
 * A real HTTP endpoint for webhook tests (node:http on 127.0.0.1, port 0): it keeps every request as received — raw
 * body and headers — and answers with the statuses it is told, 200 otherwise. Tests check signatures themselves.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What it answered. */
  status: number;
}

export interface WebhookReceiver {
  /** Where to point a webhook, e.g. http://127.0.0.1:40123/hooks/closeloop */
  url: string;
  calls: ReceivedCall[];
  /** Answer the next requests with these statuses (and `body`), in order; 200 "ok" after them. */
  answerNext(statuses: number[], body?: string): void;
  /** Hold the next request without answering until the test closes the receiver. */
  hangNext(): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  let planned: Array<{ status: number; body: string }> = [];
  let hang = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (hang) {
        hang = false;
        return; // never answered: the sender's timeout has to end it
      }
      const answer = planned.shift() ?? { status: 200, body: 'ok' };
      calls.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/closeloop`,
    calls,
    answerNext: (statuses, body = 'not now') => planned.push(...statuses.map((status) => ({ status, body }))),
    hangNext: () => {
      hang = true;
    },
    reset: () => {
      calls.length = 0;
      planned = [];
      hang = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
