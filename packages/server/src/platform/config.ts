/** Everything the server reads from the environment, with its default. Documented in docs/operations.md. */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.string().default('sqlite:./data/closeloop.db'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs the published audit head. Generated into ./data when not given, so a fresh install is safe. */
  AUDIT_SIGNING_KEY: z.string().min(16).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(8 * 60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(7 * 24),
  /** auto: Secure cookies when the request arrived over HTTPS (directly, or per X-Forwarded-Proto with TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Behind a reverse proxy: the proxy's addresses (comma-separated, CIDR allowed) or true, as Fastify's trustProxy. */
  TRUST_PROXY: z.string().default('false'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  PG_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  /** normal: survives process and OS crashes; full: also power cuts, at about half the write rate. */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  DATA_DIR: z.string().default('./data'),
  /** Run the background runner (event delivery, timers, schedules) in this server process. */
  JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
  /** How often an idle runner looks for new events and due timers. */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** Where people open Closeloop (https://crm.example.cn): links in emails and robot messages point there. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Outgoing mail, e.g. smtps://user:password@smtp.example.cn:465; no email is sent without it. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  /** The sender of notification emails, e.g. "Closeloop <noreply@example.cn>"; required with SMTP_URL. */
  SMTP_FROM: z.string().min(3).optional(),
  /** The robot APIs; change only to go through a proxy (or, in tests, to a local stand-in). */
  DINGTALK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://oapi.dingtalk.com'),
  WECOM_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://qyapi.weixin.qq.com'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** TRUST_PROXY as Fastify understands it. */
export function trustProxyOf(config: Config): boolean | string {
  const value = config.TRUST_PROXY.trim();
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  return value;
}

export const dataDir = (config: Config): string => path.resolve(config.DATA_DIR);
