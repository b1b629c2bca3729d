/** Everything the server reads from the environment, with its default. Documented in docs/operations.md. */
import path from 'node:path';
import { z } from 'zod';

const retentionDays = (days: number) => z.coerce.number().int().min(0).max(3650).default(days);

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
  /** The built web app to serve at / (default: packages/web/dist); without it / leads to the API docs. */
  WEB_DIR: z.string().optional(),
  UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  PG_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  /** normal: survives process and OS crashes; full: also power cuts, at about half the write rate. */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  DATA_DIR: z.string().default('./data'),
  /** Run the background runner (event delivery, timers, schedules) in this server process. */
  JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
  /** How often an idle runner looks for new events and due timers. */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  // Retention, in days (0 keeps forever); each organisation's old rows are pruned every night at 03:30 company time.
  /** Outbox events, counted from when every reaction had passed them (an event a dead letter needs stays). */
  RETENTION_EVENTS_DAYS: retentionDays(30),
  /** Effect keys (`ctx.once`): while kept, replaying a reaction never repeats an effect. At least as long as events. */
  RETENTION_EFFECT_KEYS_DAYS: retentionDays(90),
  /** The job log: finished notification and webhook deliveries (with their attempts), and resolved dead letters. */
  RETENTION_JOB_LOG_DAYS: retentionDays(30),
  /** Notifications their recipient has read (unread ones stay). */
  RETENTION_READ_NOTIFICATIONS_DAYS: retentionDays(90),
  /** Where people open Closeloop (https://crm.example.cn): links in emails and robot messages point there. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Outgoing mail, e.g. smtps://user:password@smtp.example.cn:465; no email is sent without it. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  /** The sender of notification emails, e.g. "Closeloop <noreply@example.cn>"; required with SMTP_URL. */
  SMTP_FROM: z.string().min(3).optional(),
  /** The robot APIs; change only to go through a proxy (or, in tests, to a local stand-in). */
  DINGTALK_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://oapi.dingtalk.com'),
  WECOM_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://qyapi.weixin.qq.com'),
  /**
   * Let webhooks post to loopback, private and link-local addresses (an ERP on the office network). Off by default,
   * so an admin account cannot make the server reach into its own network (SSRF).
   */
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  /**
   * Server-side speech-to-text (A4): an OpenAI-compatible transcription service (whisper.cpp server, a cloud ASR), as
   * its base URL (https://asr.example.cn/v1) or the full …/audio/transcriptions URL. Without it, reps dictate in the
   * browser and the record button is hidden.
   */
  SPEECH_TO_TEXT_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Sent as `Authorization: Bearer …` when set. */
  SPEECH_TO_TEXT_API_KEY: z.string().min(1).optional(),
  SPEECH_TO_TEXT_MODEL: z.string().min(1).default('whisper-1'),
  /** The largest recording accepted (the OpenAI API's own limit is 25 MiB). */
  SPEECH_TO_TEXT_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  SPEECH_TO_TEXT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const { RETENTION_EVENTS_DAYS: events, RETENTION_EFFECT_KEYS_DAYS: keys } = parsed.data;
  // An event replayed after its effect key is gone would apply its effect again.
  if (keys !== 0 && (events === 0 || keys < events)) {
    throw new Error(`Invalid environment: RETENTION_EFFECT_KEYS_DAYS (${keys}) must be 0 (keep forever) or at least RETENTION_EVENTS_DAYS (${events === 0 ? '0, forever' : events})`);
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
