/** The POST itself against a real local receiver: private networks refused before connecting, timeouts, redirects, long answers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { isPrivateAddress, privateHostOf } from './network-guard.js';
import { WebhookSender } from './sender.js';

describe('the webhook sender', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());

  const port = () => new URL(receiver.url).port;
  const allowed = new WebhookSender({ allowPrivateNetworks: true, timeoutMs: 300 });
  const guarded = new WebhookSender({ allowPrivateNetworks: false, timeoutMs: 300 });

  it('tells private, loopback, link-local and reserved addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.0.0.8', '172.31.255.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd12::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:a00:1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '114.114.114.114', '172.32.0.1', '2400:3200::1', 'erp.example.cn']) expect(isPrivateAddress(address), address).toBe(false);
    expect(privateHostOf('http://0x7f.1:8080/')).toBe('127.0.0.1');
    expect(privateHostOf('http://[::ffff:10.0.0.1]/')).toBe('::ffff:a00:1');
    expect(privateHostOf('http://api.localhost/')).toBe('api.localhost');
    expect(privateHostOf('https://erp.example.cn/hooks')).toBeNull();
  });

  it('refuses a loopback address without connecting when private networks are not allowed', async () => {
    const result = await guarded.post(receiver.url, {}, '{}');
    expect(result).toMatchObject({ statusCode: null, error: '127.0.0.1 is a private or loopback address; refused (WEBHOOKS_ALLOW_PRIVATE_NETWORKS is off)' });
    expect(receiver.calls).toEqual([]);
  });

  it('refuses a host name that resolves to a loopback address, at the moment it connects', async () => {
    const result = await guarded.post(`http://localhost:${port()}/hooks`, {}, '{}');
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or loopback address; refused/);
    expect(receiver.calls).toEqual([]);
  });

  it('posts the body with its headers and keeps only the start of a long answer', async () => {
    receiver.answerNext([202], '长'.repeat(3_000));
    const result = await allowed.post(receiver.url, { 'Content-Type': 'application/json', 'X-Closeloop-Event': 'lead.created' }, '{"id":"e1"}');
    expect(result).toMatchObject({ statusCode: 202, error: null });
    expect(result.responseBody).toHaveLength(1_000);
    expect(receiver.calls[0]).toMatchObject({ method: 'POST', body: '{"id":"e1"}' });
    expect(receiver.calls[0]!.headers).toMatchObject({ 'x-closeloop-event': 'lead.created', 'content-length': '11' });
  });

  it('does not follow a redirect: it is not a delivery', async () => {
    receiver.answerNext([301], 'moved');
    expect(await allowed.post(receiver.url, {}, '{}')).toMatchObject({ statusCode: 301, error: 'the receiver answered HTTP 301' });
    expect(receiver.calls).toHaveLength(1);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    receiver.hangNext();
    const result = await allowed.post(receiver.url, {}, '{}');
    expect(result).toMatchObject({ statusCode: null, error: 'no answer within 0.3 s' });
    expect(result.responseMs).toBeGreaterThanOrEqual(250);
  });

  it('says plainly when nothing listens at the address', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    expect((await allowed.post(closed.url, {}, '{}')).error).toBe('the connection was refused (ECONNREFUSED)');
  });
});
