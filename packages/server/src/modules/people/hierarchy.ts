/**
 * Teams and regions are trees (H1): scopes walk them downwards, so a loop would make a team its own ancestor and
 * its members' reach undefined. Every re-parenting is checked here, under a per-organisation lock.
 */
import { sql } from 'kysely';
import { AppError } from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { PeopleStore } from './store.js';

const cycleMessage = {
  teams: 'a team cannot be placed under itself or under one of its own sub-teams',
  regions: 'a region cannot be placed inside itself or inside one of its own sub-regions',
};

/**
 * Serialises changes to one organisation's directory (team tree, region tree, admins). On PostgreSQL two
 * concurrent re-parentings could otherwise each pass the cycle check and together close a loop; SQLite already
 * runs one write transaction at a time.
 */
export async function lockDirectory(tx: Executor, dialect: Dialect, orgId: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${'directory:' + orgId}))`.execute(tx);
}

/** Refuses to hang `nodeId` under `parentId` if that parent is the node itself or lies below it. */
export async function requireNoCycle(
  tx: Executor,
  store: PeopleStore,
  orgId: string,
  table: 'teams' | 'regions',
  nodeId: string,
  parentId: string | null,
): Promise<void> {
  if (parentId === null) return;
  const parents = await store.parentsIn(tx, orgId, table);
  const seen = new Set<string>();
  for (let at: string | null | undefined = parentId; at; at = parents.get(at)) {
    if (at === nodeId) throw new AppError('VALIDATION_FAILED', {}, { 'body.parentId': cycleMessage[table] });
    // A loop that already exists above the parent (written before this guard) must not hang the request.
    if (seen.has(at)) break;
    seen.add(at);
  }
}
