/**
 * One data layer, two engines: SQLite (embedded default, a file under ./data) and PostgreSQL (scale-out),
 * chosen by the DATABASE_URL scheme.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction: store methods accept both so callers compose them in one unit. */
export type Executor = Kysely<Database>;

/** Whether `db` (a database or a transaction) runs on PostgreSQL, for code that takes an executor, not a handle. */
export const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  url: string;
  /** how it was opened: another thread opens its own connection to the same database with `url` and these */
  options: OpenOptions;
  close(): Promise<void>;
  /**
   * PostgreSQL only: a second pool of `poolSize` connections to the same database and schema, for the job runner,
   * so background work never queues behind requests for a connection (nor they behind it). SQLite has one
   * connection, shared by all.
   */
  separatePool?(poolSize: number): DatabaseHandle;
}

// bigint (money in minor units, counts) comes back from pg as a string; our values stay below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenOptions {
  /** PostgreSQL schema to use (tests give each file its own). */
  pgSchema?: string;
  poolSize?: number;
  /** SQLite durability: see docs/operations.md (SQLITE_SYNCHRONOUS). */
  sqliteSynchronous?: 'full' | 'normal';
  /** SQLite: a reader beside the server's connection (a worker thread): never takes the write lock, not even to optimise */
  sqliteReadOnly?: boolean;
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', url, options, close: () => db.destroy(), separatePool: (size) => openDatabase(url, { ...options, poolSize: size }) };
  }
  const file = sqliteFile(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  if (options.sqliteReadOnly) {
    const reader = new SQLite(file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(reader) }) });
    return { db, dialect: 'sqlite', url, options, close: () => db.destroy() };
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // NORMAL (the default) in WAL mode: a crash of the process or the OS never loses a committed write or
  // corrupts the file; a power cut may roll back the last commits (~2 ms fsync per commit saved).
  // FULL: every commit survives a power cut too, at about half the write throughput.
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // Gathers planner statistics where they are missing or stale, cheaply, so indexed lookups stay indexed.
  // analysis_limit samples each index instead of reading it whole, so this stays fast on big files.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', url, options, close: () => db.destroy() };
}

/**
 * Kysely prepares a statement for every query; better-sqlite3 statements are reusable, so the same SQL text
 * reuses its prepared statement (the API's queries come from a few hundred shapes). Saves ~12% CPU on reads.
 */
function withStatementCache(sqlite: SQLite.Database, capacity = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      let statement = cache.get(text);
      // A statement still iterating (a streamed query) is busy; hand out a fresh one instead.
      if (statement && !statement.busy) {
        cache.delete(text);
        cache.set(text, statement); // most recently used last
        return statement;
      }
      statement = sqlite.prepare(text);
      cache.set(text, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** `sqlite:./data/closeloop.db`, `file:...`, a bare path, or `:memory:`. */
export function sqliteFile(url: string): string {
  if (url === ':memory:' || url === 'sqlite::memory:') return ':memory:';
  return url.replace(/^sqlite:(\/\/)?/, '').replace(/^file:(\/\/)?/, '');
}
