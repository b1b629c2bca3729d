/** The built web app is served from the API's origin: the shell for browser navigations, cached assets, JSON for the API. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { inlineScriptHashes } from './web-app.js';

const earlyScript = 'window.__early = 1;';
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const scriptSources = (csp: unknown) => /script-src ([^;]*)/.exec(String(csp))![1]!.trim().split(/\s+/);

describe('serving the web app', () => {
  let world: TestWorld;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'closeloop-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><script>${earlyScript}</script><div id="root"></div>`);
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync('console.log(1)'));
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('console.log(1)'));
    writeFileSync(path.join(dir, 'sw.js'), 'self.skipWaiting()');
    world = await createWorld('sqlite', { config: { WEB_DIR: dir } });
  });
  afterAll(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const html = { accept: 'text/html,application/xhtml+xml' };

  it('answers the front door with the app shell, never cached', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('id="root"');
  });

  it('answers a deep link (a browser reload on /leads/ID) with the shell, so the app routes it', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/leads/01JD0000000000000000000000?tab=timeline', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="root"');
  });

  it('caches hashed assets for a year and the service worker not at all', async () => {
    const asset = await world.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await world.app.inject({ method: 'GET', url: '/sw.js' });
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('sends the compressed copy the browser accepts (brotli first), and the file itself to one that accepts none', async () => {
    const br = await world.app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');
    const gz = await world.app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await world.app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');
    // A file without a compressed copy is sent as it is.
    const shell = await world.app.inject({ method: 'GET', url: '/', headers: { ...html, 'accept-encoding': 'br' } });
    expect(shell.headers['content-encoding']).toBeUndefined();
    expect(shell.body).toContain('id="root"');
  });

  it('keeps JSON 404s for the API and for non-browser requests', async () => {
    const api = await world.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: html });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const missingAsset = await world.app.inject({ method: 'GET', url: '/assets/gone.js', headers: { accept: '*/*' } });
    expect(missingAsset.statusCode).toBe(404);
  });

  it('allows the page’s inline early script by its hash and no other inline script', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/m', headers: html });
    expect(scriptSources(res.headers['content-security-policy'])).toEqual(["'self'", sha256(earlyScript)]);
  });

  it('follows a new build of the page written while the server runs', async () => {
    const next = 'window.__early = 2;';
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><script>${next}</script><div id="root"></div>`);
    // Another modification time than the first page's, as a build a moment later has.
    utimesSync(path.join(dir, 'index.html'), new Date(), new Date(Date.now() + 5_000));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const res = await world.app.inject({ method: 'GET', url: '/m', headers: html });
    expect(scriptSources(res.headers['content-security-policy'])).toEqual(["'self'", sha256(next)]);
  });

  it('still requires a session for the data under /api/v1', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/api/v1/leads', headers: html });
    expect(res.statusCode).toBe(401);
  });
});

describe('the hashes of a page’s inline scripts', () => {
  it('hash each attribute-less script’s text as written and leave scripts with a source or attributes out', () => {
    const page = '<script>a()</script><script src="/x.js"></script><script type="module">b()</script><script>\n c()\n</script>';
    expect(inlineScriptHashes(page)).toEqual([sha256('a()'), sha256('\n c()\n')]);
    expect(inlineScriptHashes('<div></div>')).toEqual([]);
  });
});
