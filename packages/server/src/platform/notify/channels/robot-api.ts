/** What DingTalk and WeCom robots have in common: a JSON POST answered with HTTP 200 and { errcode, errmsg }. */
import { networkFailure, type SendOutcome } from './outcome.js';

export async function postToRobot(api: string, url: URL, body: unknown, throttledCode: number, timeoutMs: number): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return networkFailure(error);
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500 || response.status === 429) return { kind: 'retry', detail: `${api} answered HTTP ${response.status}` };
  if (!response.ok) return { kind: 'failed', detail: `${api} answered HTTP ${response.status}: ${text.slice(0, 200)}` };
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    return { kind: 'retry', detail: `${api} answered something that is not JSON: ${text.slice(0, 200)}` };
  }
  const code = Number(answer.errcode);
  const detail = `${api} errcode ${String(answer.errcode)}: ${String(answer.errmsg ?? '')}`.slice(0, 500);
  if (code === 0) return { kind: 'sent' };
  if (code === throttledCode) return { kind: 'throttled', detail };
  if (code === -1) return { kind: 'retry', detail }; // "system busy"
  return { kind: 'failed', detail };
}

/** `path` under a base URL that may or may not end in a slash (and may carry a path of its own, e.g. a proxy's). */
export function robotUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}
