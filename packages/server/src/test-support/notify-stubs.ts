/**
 * Stand-ins for the outside world of notifications, started inside a test: a real SMTP server (smtp-server) that
 * keeps what it receives, and DingTalk and WeCom robot APIs (node:http) that check what the real ones check — the
 * token or key, DingTalk's signature and its one-hour timestamp window, 20 messages a minute — and answer with
 * their real error codes.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  contentLanguage: string | undefined;
  raw: string;
}

export interface SmtpStub {
  url: string;
  mails: ReceivedMail[];
  /** Answer the next RCPT TO with this SMTP error (e.g. 450 or 550) instead of accepting it. */
  refuseNext(code: number, message: string): void;
  close(): Promise<void>;
}

export async function startSmtpStub(): Promise<SmtpStub> {
  const mails: ReceivedMail[] = [];
  const refusals: Array<{ code: number; message: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(_address, _session, callback) {
      const refusal = refusals.shift();
      if (!refusal) return callback();
      return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = headerBlock(raw);
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeEncodedWords(headers.get('subject') ?? ''),
          contentLanguage: headers.get('content-language'),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuseNext: (code, message) => refusals.push({ code, message }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The message's top-level headers, unfolded, by lower-case name. */
function headerBlock(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), adjacent ones joined before decoding UTF-8. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
    const bytes: Buffer[] = [];
    for (const [, , encoding, text] of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      bytes.push(
        encoding!.toUpperCase() === 'B'
          ? Buffer.from(text!, 'base64')
          : Buffer.from(text!.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'),
      );
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

export interface RobotCall {
  query: URLSearchParams;
  body: { msgtype?: string; markdown?: { title?: string; text?: string; content?: string }; at?: { atMobiles?: string[] } };
  /** The errcode answered. */
  errcode: number;
}

export interface RobotStub {
  /** The base URL to configure (DINGTALK_BASE_URL / WECOM_BASE_URL). */
  url: string;
  calls: RobotCall[];
  /** Messages the robot accepted (errcode 0). */
  accepted(): RobotCall[];
  /** Answer the next requests with these errcodes, whatever they carry. */
  answerNext(...errcodes: number[]): void;
  close(): Promise<void>;
}

interface RobotStubOptions {
  kind: 'dingtalk' | 'wecom';
  /** DingTalk access_token or WeCom key the robot has. */
  key: string;
  /** DingTalk signing secret; requests must then be signed. */
  secret?: string;
  /** The robot's idea of now (ms), for its timestamp window and its rate limit. */
  now: () => number;
}

const errmsgs: Record<number, string> = {
  0: 'ok',
  130101: 'send too fast, exceed 20 times per minute',
  310000: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
  300001: 'token is not exist',
  45009: 'api freq out of limit',
  93000: 'invalid webhook url',
  [-1]: 'system busy',
};

export async function startRobotStub(options: RobotStubOptions): Promise<RobotStub> {
  const calls: RobotCall[] = [];
  const forced: number[] = [];
  const acceptedAt: number[] = [];
  const dingtalk = options.kind === 'dingtalk';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://robot.local');
      let body: RobotCall['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RobotCall['body'];
      } catch {
        body = {};
      }
      const errcode = forced.length > 0 ? forced.shift()! : judge(url, body);
      if (errcode === 0) acceptedAt.push(options.now());
      calls.push({ query: url.searchParams, body, errcode });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg: errmsgs[errcode] ?? 'error' }));
    });
  });

  function judge(url: URL, body: RobotCall['body']): number {
    const path = dingtalk ? '/robot/send' : '/cgi-bin/webhook/send';
    const key = url.searchParams.get(dingtalk ? 'access_token' : 'key');
    if (url.pathname !== path || key !== options.key) return dingtalk ? 300001 : 93000;
    if (dingtalk && options.secret) {
      const timestamp = Number(url.searchParams.get('timestamp'));
      const expected = createHmac('sha256', options.secret).update(`${timestamp}\n${options.secret}`).digest('base64');
      // searchParams has decoded the URL-encoded signature already.
      if (url.searchParams.get('sign') !== expected || Math.abs(options.now() - timestamp) > 3_600_000) return 310000;
    }
    const text = dingtalk ? body.markdown?.text : body.markdown?.content;
    if (body.msgtype !== 'markdown' || !text || (dingtalk && !body.markdown?.title)) return dingtalk ? 40035 : 40008;
    const minuteAgo = options.now() - 60_000;
    if (acceptedAt.filter((at) => at > minuteAgo).length >= 20) return dingtalk ? 130101 : 45009;
    return 0;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    accepted: () => calls.filter((c) => c.errcode === 0),
    answerNext: (...errcodes) => forced.push(...errcodes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
