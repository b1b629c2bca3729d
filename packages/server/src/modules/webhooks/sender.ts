/**
 * One HTTP POST of a delivery to a receiver, and what came of it. node:http rather than fetch, because fetch cannot
 * check the address it connects to: here every connection goes through `publicOnlyLookup` (network-guard.ts) unless
 * private networks are allowed. Redirects are not followed (a 3xx is not a delivery), the whole attempt is bounded by
 * a timeout, and only the start of the answer is kept.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { hostOf, isPrivateAddress, publicOnlyLookup } from './network-guard.js';

export interface SendResult {
  /** The receiver's HTTP status; null when there was no answer (refused, timed out, unreachable). */
  statusCode: number | null;
  responseMs: number;
  /** The start of the answer's body, as text. */
  responseBody: string | null;
  /** Why it is not a delivery: no answer, or an answer other than 2xx. Null for a 2xx. */
  error: string | null;
}

export interface SenderOptions {
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}

const keptChars = 1_000;
const readBytes = 16 * 1024;

export class WebhookSender {
  private readonly timeoutMs: number;

  constructor(private readonly options: SenderOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = new URL(url);
    if (!this.options.allowPrivateNetworks && isPrivateAddress(hostOf(target))) {
      return Promise.resolve({
        statusCode: null, responseMs: 0, responseBody: null,
        error: `${hostOf(target)} is a private or loopback address; refused (WEBHOOKS_ALLOW_PRIVATE_NETWORKS is off)`,
      });
    }
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const settle = (result: Omit<SendResult, 'responseMs'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...result, responseMs: elapsed() });
      };
      const request = transport.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
          // A fresh connection each time: no pooled socket outlives the check its address passed.
          agent: false,
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(this.options.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const status = response.statusCode ?? 0;
          const finish = () => {
            const text = Buffer.concat(chunks).toString('utf8').slice(0, keptChars);
            const ok = status >= 200 && status < 300;
            settle({ statusCode: status, responseBody: text.length > 0 ? text : null, error: ok ? null : `the receiver answered HTTP ${status}` });
          };
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            // Enough to show an admin what the receiver said; the rest is not waited for.
            if (size >= readBytes) response.destroy();
          });
          response.on('error', () => undefined); // 'close' follows and settles
          response.on('close', finish);
        },
      );
      request.on('error', (error) => settle({ statusCode: null, responseBody: null, error: this.describe(error) }));
      request.end(body);
    });
  }

  private describe(error: Error): string {
    const code = (error as { code?: string }).code;
    if (error.name === 'TimeoutError' || error.name === 'AbortError' || code === 'ABORT_ERR') {
      return `no answer within ${this.timeoutMs / 1000} s`;
    }
    if (code === 'EPRIVATEADDRESS') return error.message;
    const known: Record<string, string> = {
      ECONNREFUSED: 'the connection was refused',
      ECONNRESET: 'the connection was reset',
      ENOTFOUND: 'the host name was not found',
      EAI_AGAIN: 'the host name could not be resolved now',
      EHOSTUNREACH: 'the host is unreachable',
      ETIMEDOUT: 'the connection timed out',
      CERT_HAS_EXPIRED: 'the receiver\'s TLS certificate has expired',
      DEPTH_ZERO_SELF_SIGNED_CERT: 'the receiver\'s TLS certificate is self-signed',
      ERR_TLS_CERT_ALTNAME_INVALID: 'the receiver\'s TLS certificate is for another host name',
    };
    const text = code && known[code] ? `${known[code]} (${code})` : `${error.name}: ${error.message}`;
    return text.slice(0, 500);
  }
}
