/**
 * The one way the web talks to the server: same-origin fetch with the session cookie, the CSRF token on unsafe
 * requests, an Idempotency-Key on every POST (so a retried tap never creates twice), and errors turned into
 * ApiError with the server's own message (already in the person's language).
 */
import { takeEarly } from './early';
import { apiUrl, type Query } from './url';

export { apiUrl, withQuery, type Query } from './url';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Listener = () => void;
let csrfToken: string | null = null;
let language = 'zh-CN';
const sessionLostListeners = new Set<Listener>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setRequestLanguage(lang: string): void {
  language = lang;
}
/** Called when the server says the session is gone (expired or signed out elsewhere). */
export function onSessionLost(listener: Listener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

/**
 * A fresh idempotency key. crypto.randomUUID exists only in secure contexts (https or localhost); a server on a plain
 * http LAN address still gets a random v4 UUID from getRandomValues, which every context has.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();

  const url = apiUrl(path, options.query);
  // A first visit's early script may have asked already (boot/early.ts): its answer is this request's.
  const early = method === 'GET' ? takeEarly(url) : undefined;
  let response: Response;
  try {
    response = await (early ?? fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal }));
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', '');
  }
  if (response.status === 204) return undefined as T;
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw failure(path, response.status, response.statusText, payload);
  return payload as T;
}

/**
 * The ApiError for a refused request, carrying the server's own message (a proxy's non-JSON page leaves the status
 * text). A 401 outside signing in means the session is gone, whichever way the request went out.
 */
function failure(path: string, status: number, statusText: string, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
  if (status === 401 && path !== '/auth/login') for (const listener of sessionLostListeners) listener();
  return new ApiError(status, error?.code ?? 'INTERNAL', error?.message ?? statusText, error?.fields);
}

/** Downloads a file the server renders (exports), keeping the server's file name. */
export async function download(path: string, query?: Query): Promise<void> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { 'Accept-Language': language } });
  } catch {
    throw new ApiError(0, 'NETWORK', ''); // shown as "cannot reach the server", as api() does
  }
  if (!response.ok) throw failure(path, response.status, response.statusText, await response.json().catch(() => null));
  saveFile(await response.blob(), response.headers.get('content-disposition'));
}

/** Saves a file the server sent, under the name its Content-Disposition gives. */
function saveFile(blob: Blob, disposition: string | null): void {
  const header = disposition ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1] ?? /filename="?([^";]+)"?/.exec(header)?.[1] ?? 'export';
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: decodeURIComponent(name) });
  link.click();
  URL.revokeObjectURL(url);
}

export interface UploadOptions {
  /** Called as the body goes out, with the share sent so far (0..1). */
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
  /** 'file': the answer is a file to save (e.g. an error report) rather than JSON. */
  answer?: 'json' | 'file';
}

/**
 * POSTs a multipart form (an import) with the same headers and errors as api(). It uses XMLHttpRequest because
 * fetch cannot report upload progress, which a person waiting on a large spreadsheet wants to see.
 */
export function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    const asFile = options.answer === 'file';
    request.open('POST', `/api/v1${path}`);
    request.responseType = asFile ? 'blob' : 'text';
    request.setRequestHeader('Accept', asFile ? '*/*' : 'application/json');
    request.setRequestHeader('Accept-Language', language);
    request.setRequestHeader('Idempotency-Key', newIdempotencyKey());
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK', ''));
    request.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.onload = async () => {
      if (request.status >= 200 && request.status < 300) {
        if (asFile) {
          saveFile(request.response as Blob, request.getResponseHeader('content-disposition'));
          resolve(undefined as T);
        } else {
          resolve(JSON.parse(request.responseText) as T);
        }
        return;
      }
      const text = asFile ? await (request.response as Blob).text() : request.responseText;
      let payload: unknown = null;
      try {
        payload = JSON.parse(text);
      } catch {
        // not JSON (a proxy's page): the status says enough
      }
      reject(failure(path, request.status, request.statusText, payload));
    };
    request.send(form);
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
