/**
 * Opening the configured database for a command, and turning the ways that fails (a mistyped DATABASE_URL,
 * PostgreSQL not running, a wrong password, a file that is not SQLite) into one sentence that says what to fix.
 */
import { openDatabase, sqliteFile, type DatabaseHandle } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import type { Config } from '../platform/config.js';
import { CliError } from './io.js';

// A PostgreSQL host that drops packets would otherwise keep the command waiting forever.
const connectTimeoutMs = 15_000;

export interface OpenedDatabase {
  database: DatabaseHandle;
  /** Migrations this opening applied (empty when asked not to migrate or when up to date). */
  migrations: string[];
}

export async function openForCommand(config: Config, options: { migrate: boolean }): Promise<OpenedDatabase> {
  const url = config.DATABASE_URL;
  requireSupportedUrl(url);
  let database: DatabaseHandle;
  try {
    database = openDatabase(url, { poolSize: config.PG_POOL_SIZE, sqliteSynchronous: config.SQLITE_SYNCHRONOUS });
  } catch (error) {
    throw new CliError(describeDatabaseError(error, url) ?? `Cannot open the database ${redactUrl(url)}: ${messageOf(error)}`);
  }
  try {
    const migrations = await withTimeout(
      options.migrate ? migrateToLatest(database.db) : database.db.selectFrom('orgs').select('id').limit(1).execute().then(() => []),
      `The database at ${redactUrl(url)} did not answer within ${connectTimeoutMs / 1000} s. Check DATABASE_URL and that the server is reachable.`,
    );
    return { database, migrations };
  } catch (error) {
    await database.close().catch(() => undefined);
    if (error instanceof CliError) throw error;
    throw new CliError(describeDatabaseError(error, url) ?? `The database ${redactUrl(url)} failed: ${messageOf(error)}`);
  }
}

/** Refuses a URL that names neither engine, before a path like `mysql://…` turns into a folder on disk. */
export function requireSupportedUrl(url: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme && !['postgres', 'postgresql', 'sqlite', 'file'].includes(scheme)) {
    throw new CliError(
      `DATABASE_URL uses "${scheme}://", which Closeloop does not support. Use sqlite:./data/closeloop.db (the default) or postgres://user:password@host:5432/database.`,
    );
  }
}

/** The URL with its password replaced, fit for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, '$1:***@');
}

/** A sentence for the failures a person can fix, or null for anything else. */
export function describeDatabaseError(error: unknown, url: string): string | null {
  const e = error as { code?: string; message?: string } | null;
  const code = e?.code;
  const where = redactUrl(url);
  const isPostgres = /^postgres(ql)?:\/\//i.test(url);
  const target = isPostgres ? safeUrl(url) : null;
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot connect to PostgreSQL at ${target?.host ?? where}: connection refused. Is PostgreSQL running there? Check DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot find the database host "${target?.hostname ?? where}". Check the host name in DATABASE_URL.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach PostgreSQL at ${target?.host ?? where} (${code}). Check DATABASE_URL and the network.`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login for "${decodeURIComponent(target?.username || '') || 'the configured user'}": ${e?.message}. Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `${e?.message}. Create it (e.g. createdb ${target?.pathname.slice(1) || '<name>'}) or fix the database name in DATABASE_URL.`;
    case 'SQLITE_CANTOPEN':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Cannot open the SQLite file ${isPostgres ? where : sqliteFile(url)}: ${e?.message}. Check that its folder exists and is writable, or set DATABASE_URL.`;
    case 'SQLITE_NOTADB':
      return `${sqliteFile(url)} is not a SQLite database. Point DATABASE_URL at a Closeloop database file or a new path.`;
    case 'SQLITE_READONLY':
      return `The SQLite file ${sqliteFile(url)} is read-only. Closeloop needs to write to it and to the -wal and -shm files beside it.`;
    default:
      return null;
  }
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function withTimeout<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(message)), connectTimeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
