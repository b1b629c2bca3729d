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
import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from '../db/database.js';
import { notifyOnCommit, PgListener, SchemaChannel } from '../db/pg-listener.js';
import type { JobLog } from '../jobs/index.js';
import type { OwnedRowFacts } from '../access/visibility.js';

/**
 * A CRM record changed. `seenThrough` lists the rows whose visibility decides who may know: the record itself for
 * customers and leads; the customer for a contact; the lead, the customer and the person who logged it for an activity.
 */
export interface RecordChange {
  /**
   * `figures`: a company day's live sales figures moved (id = the day); seen through the rep whose figures they are.
   * `commissions`: a person's commission lines of `period` changed (id = the person); heard by those whose commission
   * reach holds that person (mayReadCommissionsOf), seen through the person (ownerId) and their team.
   */
  type: 'customer' | 'lead' | 'contact' | 'activity' | 'silence' | 'screening' | 'figures' | 'commissions';
  id: string;
  /** commissions only: the period whose statement changed */
  period?: string;
  seenThrough: OwnedRowFacts[];
}

export type InboxSignal =
  /** Records changed: open lists that show them refresh (only for streams that may see them). */
  | { kind: 'records'; orgId: string; changes: RecordChange[] }
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
    if (signal.kind === 'read' || signal.kind === 'records') {
      // Runs once the caller's transaction has let go of the connection: after its commit (or rollback).
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
const changesPerPayload = 10;

class PostgresSignals implements InboxSignals {
  private readonly listeners: Listeners;
  private readonly channel = new SchemaChannel('closeloop_inbox');
  private readonly connection: PgListener;

  constructor(database: DatabaseHandle, log?: JobLog) {
    const listeners = new Listeners(log);
    this.listeners = listeners;
    this.connection = new PgListener(database, this.channel, {
      message(payload) {
        if (!payload) return;
        try {
          listeners.emit(JSON.parse(payload) as InboxSignal);
        } catch (error) {
          log?.warn({ err: error }, 'unreadable notification signal');
        }
      },
      connected: () => listeners.emit({ kind: 'resync' }),
    }, 'notification listener', log);
  }

  async announce(tx: Executor, signal: Exclude<InboxSignal, { kind: 'resync' }>): Promise<void> {
    const channel = await this.channel.of(tx);
    const payloads =
      signal.kind === 'read'
        ? [JSON.stringify(signal)]
        : signal.kind === 'records'
          ? chunk(signal.changes, changesPerPayload).map((changes) => JSON.stringify({ ...signal, changes }))
          : chunk(signal.items, pairsPerPayload).map((items) => JSON.stringify({ kind: 'created', items }));
    for (const payload of payloads) await notifyOnCommit(tx, channel, payload);
  }

  listen(listener: SignalListener): () => void {
    const stop = this.listeners.add(listener);
    this.connection.start();
    return stop;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
