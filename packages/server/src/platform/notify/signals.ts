/**
 * "Something changed in someone's inbox", told to every server process once the transaction that changed it has
 * committed — never before, and never for a transaction that rolled back. Live push and the delivery worker
 * listen; the rows themselves are always read from the database, so a signal carries only ids.
 *
 * - SQLite (one process): the signal is a read issued on the database, not on the caller's transaction. SQLite has
 *   one connection, which the caller's transaction holds until it commits or rolls back, so the read runs just
 *   after that and finds the new rows only if they were committed.
 * - PostgreSQL (any number of processes): `pg_notify` in the caller's transaction, which PostgreSQL delivers to
 *   every listening connection at commit (and drops on rollback, savepoints included). Each process keeps one
 *   LISTEN connection while something listens, and reconnects if it drops; after a (re)connect listeners are
 *   told to catch up, since signals sent meanwhile are lost.
 */
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from '../db/database.js';
import type { JobLog } from '../jobs/index.js';

export type InboxSignal =
  /** New notifications, as [notification id, recipient id] pairs. */
  | { kind: 'created'; items: Array<[string, string]> }
  /** A person read one or all of their notifications: their unread count changed. */
  | { kind: 'read'; userId: string }
  /** Signals may have been missed (the listening connection was down): re-read what matters. */
  | { kind: 'resync' };

export type SignalListener = (signal: InboxSignal) => void;

export interface InboxSignals {
  /** Makes `signal` reach every listener once `tx` commits. */
  announce(tx: Executor, signal: Exclude<InboxSignal, { kind: 'resync' }>): Promise<void>;
  /** Starts listening; returns the function that stops it. */
  listen(listener: SignalListener): () => void;
  close(): Promise<void>;
}

export function inboxSignals(database: DatabaseHandle, log?: JobLog): InboxSignals {
  return database.dialect === 'postgres' ? new PostgresSignals(database, log) : new SqliteSignals(database, log);
}

class Listeners {
  private readonly all = new Set<SignalListener>();

  constructor(private readonly log?: JobLog) {}

  add(listener: SignalListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  get size(): number {
    return this.all.size;
  }

  emit(signal: InboxSignal): void {
    for (const listener of this.all) {
      try {
        listener(signal);
      } catch (error) {
        this.log?.error({ err: error }, 'notification listener failed');
      }
    }
  }
}

class SqliteSignals implements InboxSignals {
  private readonly listeners: Listeners;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log?: JobLog,
  ) {
    this.listeners = new Listeners(log);
  }

  announce(_tx: Executor, signal: Exclude<InboxSignal, { kind: 'resync' }>): Promise<void> {
    if (this.listeners.size === 0) return Promise.resolve();
    // Not awaited: awaiting a statement that waits for the caller's own transaction would never return.
    void this.afterCommit(signal).catch((error: unknown) => this.log?.warn({ err: error }, 'notification signal lost'));
    return Promise.resolve();
  }

  private async afterCommit(signal: Exclude<InboxSignal, { kind: 'resync' }>): Promise<void> {
    if (signal.kind === 'read') {
      await sql`select 1`.execute(this.database.db);
      this.listeners.emit(signal);
      return;
    }
    const ids = signal.items.map(([id]) => id);
    const committed = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.database.db.selectFrom('notifications').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const row of rows) committed.add(row.id);
    }
    const items = signal.items.filter(([id]) => committed.has(id));
    if (items.length > 0) this.listeners.emit({ kind: 'created', items });
  }

  listen(listener: SignalListener): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}

// PostgreSQL limits a notification's payload to 8000 bytes: 50 id pairs stay well below it.
const pairsPerPayload = 50;

class PostgresSignals implements InboxSignals {
  private readonly listeners: Listeners;
  private channelName: Promise<string> | undefined;
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log?: JobLog,
  ) {
    this.listeners = new Listeners(log);
  }

  async announce(tx: Executor, signal: Exclude<InboxSignal, { kind: 'resync' }>): Promise<void> {
    // Looked up on the caller's own connection: waiting for another one from a busy pool could wait forever.
    const channel = await this.channel(tx);
    const payloads =
      signal.kind === 'read'
        ? [JSON.stringify(signal)]
        : chunk(signal.items, pairsPerPayload).map((items) => JSON.stringify({ kind: 'created', items }));
    for (const payload of payloads) await sql`select pg_notify(${channel}, ${payload})`.execute(tx);
  }

  listen(listener: SignalListener): () => void {
    const stop = this.listeners.add(listener);
    this.connecting ??= this.connect();
    return stop;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** One channel per database schema: installations (and test runs) sharing a server do not hear each other. */
  private channel(db: Executor): Promise<string> {
    if (!this.channelName) {
      const lookup = sql<{ schema: string }>`select current_schema() as schema`
        .execute(db)
        .then((r) => `closeloop_inbox_${r.rows[0]?.schema ?? 'public'}`.slice(0, 63));
      this.channelName = lookup;
      lookup.catch(() => {
        if (this.channelName === lookup) this.channelName = undefined;
      });
    }
    return this.channelName;
  }

  private async connect(): Promise<void> {
    let channel: string;
    try {
      channel = await this.channel(this.database.db);
    } catch (error) {
      this.reconnectLater(error);
      return;
    }
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        this.listeners.emit(JSON.parse(message.payload) as InboxSignal);
      } catch (error) {
        this.log?.warn({ err: error }, 'unreadable notification signal');
      }
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
    this.listeners.emit({ kind: 'resync' });
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
    this.log?.warn({ err: error, retryInMs: wait }, 'notification listener disconnected; reconnecting');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.connecting = this.connect();
    }, wait);
    this.retry.unref();
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const pgIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
