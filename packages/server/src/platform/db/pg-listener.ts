/**
 * PostgreSQL LISTEN/NOTIFY for one purpose (the inbox's signals, the runners' wake-ups): a channel per database
 * schema, and one listening connection per process that reconnects with back-off when it drops. PostgreSQL keeps
 * nothing for a connection that was down, so every (re)connect is reported: what listens re-reads what it may
 * have missed.
 */
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from './database.js';
import type { JobLog } from '../jobs/job-log.js';

/** `<prefix>_<schema>`: installations (and test runs) sharing a server do not hear each other. */
export class SchemaChannel {
  private name: Promise<string> | undefined;

  constructor(private readonly prefix: string) {}

  /** Looked up on `db`: pass the caller's own transaction, since waiting for another connection from a busy pool could wait forever. */
  of(db: Executor): Promise<string> {
    if (!this.name) {
      const lookup = sql<{ schema: string }>`select current_schema() as schema`
        .execute(db)
        .then((r) => `${this.prefix}_${r.rows[0]?.schema ?? 'public'}`.slice(0, 63));
      this.name = lookup;
      lookup.catch(() => {
        if (this.name === lookup) this.name = undefined;
      });
    }
    return this.name;
  }
}

/** Sends `payload` on `channel` when `tx` commits (nothing if it rolls back). */
export async function notifyOnCommit(tx: Executor, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(tx);
}

export interface ListenerHandlers {
  message(payload: string): void;
  /** The connection is listening, for the first time or again: notifications sent meanwhile are lost. */
  connected(): void;
}

export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  /** `what` names it in the log, e.g. "notification listener". */
  constructor(
    private readonly database: DatabaseHandle,
    private readonly channel: SchemaChannel,
    private readonly handlers: ListenerHandlers,
    private readonly what: string,
    private readonly log?: JobLog,
  ) {}

  /** Starts listening, once; later calls do nothing. */
  start(): void {
    if (!this.closed) this.connecting ??= this.connect();
  }

  /** Stops for good and lets go of the connection. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    let channel: string;
    try {
      channel = await this.channel.of(this.database.db);
    } catch (error) {
      this.reconnectLater(error);
      return;
    }
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('notification', (message) => {
      if (message.channel === channel) this.handlers.message(message.payload ?? '');
    });
    let down = false;
    const lost = (error: unknown) => {
      if (down) return;
      down = true;
      this.lost(client, error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('the listening connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${pgIdentifier(channel)}`);
    } catch (error) {
      lost(error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.handlers.connected();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = undefined;
    client.end().catch(() => undefined);
    this.reconnectLater(error);
  }

  private reconnectLater(error: unknown): void {
    if (this.closed) return;
    this.failures += 1;
    const wait = Math.min(500 * 2 ** (this.failures - 1), 30_000);
    this.log?.warn({ err: error, retryInMs: wait }, `${this.what} disconnected; reconnecting`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.connecting = this.connect();
    }, wait);
    this.retry.unref();
  }
}

const pgIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
