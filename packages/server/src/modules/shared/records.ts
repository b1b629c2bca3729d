/** Small rules every record module shares: version checks, region checks, audit diffs. */
import { AppError } from '@closeloop/core';
import type { Kysely } from 'kysely';
import type { Executor } from '../../platform/db/database.js';

/** Optimistic concurrency: a stale update is refused, never silently applied over someone else's change. */
export function requireVersion(entity: string, current: { version: number }, given: number): void {
  if (current.version !== given) throw staleVersion(entity, current.version, given);
}

export function staleVersion(entity: string, current: number, given: number): AppError {
  return new AppError('STALE_VERSION', { entity, current, given });
}

/** A region id from a request must name a region of the caller's organisation. */
export async function requireRegion(db: Executor, orgId: string, regionId: string | null | undefined, field: string): Promise<void> {
  if (!regionId) return;
  const found = await db.selectFrom('regions').select('id').where('org_id', '=', orgId).where('id', '=', regionId).executeTakeFirst();
  if (!found) throw new AppError('VALIDATION_FAILED', {}, { [field]: 'no such region' });
}

/** The fields that differ between two versions of a record, for the audit log. */
export function diff<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (key === 'version' || key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * What an update writes: only the columns that differ between the row as read and the row as saved. Writing
 * the whole row would put back columns changed meanwhile without a version bump (a lead's last activity, a
 * merge re-pointing children, a team move re-deriving `team_id`).
 */
export function changedColumns<Row extends Record<string, unknown>>(current: Row, saved: Row, never: ReadonlyArray<keyof Row> = []): Partial<Row> {
  const changes: Partial<Row> = {};
  for (const key of Object.keys(saved) as Array<keyof Row>) {
    if (key === 'id' || key === 'org_id' || key === 'created_at' || never.includes(key)) continue;
    if (saved[key] !== current[key]) changes[key] = saved[key];
  }
  return changes;
}

type VersionedTable = 'customers' | 'leads' | 'contacts' | 'activities' | 'products' | 'price_policies' | 'users' | 'webhooks' | 'talk_tracks';

/**
 * Optimistic concurrency in one place: writes `next` over `current` only if the row still has the version
 * that was read, bumping it and `updated_at`; a stale write is refused with the version that is there now.
 */
export async function writeVersioned<Row extends { id: string; version: number; updated_at: string }>(
  tx: Executor,
  table: VersionedTable,
  entity: string,
  current: Row,
  next: Row,
  now: string,
  never: ReadonlyArray<keyof Row> = [],
): Promise<Row> {
  const saved: Row = { ...next, version: current.version + 1, updated_at: now };
  const db = tx as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- one helper for several tables
  const result = await db
    .updateTable(table)
    .set(changedColumns(current, saved, never))
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const now = await db.selectFrom(table).select('version').where('id', '=', current.id).executeTakeFirst();
    throw staleVersion(entity, (now?.version as number | undefined) ?? current.version + 1, current.version);
  }
  return saved;
}
