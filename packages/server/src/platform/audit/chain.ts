/**
 * The tamper-evident audit log (B4): per organisation, each entry's hash covers the previous entry's hash and
 * the entry itself in RFC 8785 canonical JSON, so editing, deleting or reordering any entry breaks the chain
 * from that point on.
 */
import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '@closeloop/core';
import type { AuditPendingRow, AuditRow, NewAuditRow } from '../db/schema.js';
import type { Dialect, Executor } from '../db/database.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';

export const genesisHash = '0'.repeat(64);

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  actorKind: 'user' | 'token' | 'system' | 'cli';
  action: string; // create, update, archive, merge, login, login_failed, permission_change, ...
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

type HashedFields = Omit<AuditRow, 'hash'>;

export function entryHash(row: HashedFields): string {
  const { prev_hash, ...rest } = row;
  return createHash('sha256').update(prev_hash).update(canonicalJson(rest)).digest('hex');
}

/**
 * Appends one entry. Must run inside the business transaction so the entry and the change land together; on
 * PostgreSQL the entry waits unchained until `sealAudit` runs after the commit (see `appendAuditBatch`).
 */
export async function appendAudit(tx: Executor, dialect: Dialect, clock: Clock, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(tx, dialect, clock, entry.orgId, [entry]);
}

/**
 * Appends many entries of one organisation (imports, seeds, merges).
 *
 * SQLite: chained at once (writes are serial there, and one insert is the cheapest).
 *
 * PostgreSQL: chaining inside the business transaction would mean holding the organisation's chain lock from the
 * first chained insert to the commit's flush, so every write of the organisation would wait for the one before it
 * (~140 writes/s on a 2-core machine). Instead, like event positions (events/sequencer.ts), the entries are inserted
 * unchained into `audit_pending` with the transaction, and `sealAudit` chains committed ones afterwards in a short
 * transaction of its own. A rolled-back write leaves nothing behind; readers of `audit_log` see sealed entries only,
 * which is why the caller seals right after its commit (the unit of work does, before the HTTP response) and the job
 * runner seals at every pass (for jobs and as the safety net for a process that died between commit and seal).
 */
export async function appendAuditBatch(tx: Executor, dialect: Dialect, clock: Clock, orgId: string, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.some((entry) => entry.orgId !== orgId)) throw new Error('appendAuditBatch: entries of several organisations');
  const rows = pendingRows(orgId, clock.now().toISOString(), entries);
  if (dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('audit_pending').values(rows.slice(i, i + 500)).execute();
    return;
  }
  await insertRows(tx, chainedRows(await readHead(tx, orgId), rows));
}

/**
 * PostgreSQL: chains every committed pending entry of `orgId` (or of every organisation), in id order (UUIDv7: time
 * order), onto the organisation's chain; returns how many it chained. The delete and the inserts commit together under
 * the organisation's chain lock, so two sealers never chain one entry twice and a crash in the middle chains nothing.
 * Does nothing on SQLite, where entries are chained when written.
 */
export async function sealAudit(db: Executor, dialect: Dialect, orgId?: string): Promise<number> {
  if (dialect !== 'postgres') return 0;
  const orgs = orgId !== undefined
    ? [orgId]
    : (await db.selectFrom('audit_pending').select('org_id').distinct().execute()).map((row) => row.org_id);
  let sealed = 0;
  for (const org of orgs) sealed += await sealRound(db, org);
  return sealed;
}

interface Flight {
  running: Promise<number> | null;
  queued: Promise<number> | null;
}

/**
 * Seals of one organisation in one process run one at a time: a caller that arrives while a seal runs joins the next
 * round, which starts when that one ends and so takes everything committed before the caller asked. Many writes
 * share one seal, and callers wait in memory rather than each holding a pooled connection while it queues for the lock.
 */
const flights = new WeakMap<object, Map<string, Flight>>();

function sealRound(db: Executor, org: string): Promise<number> {
  const key = db.getExecutor().adapter;
  let byOrg = flights.get(key);
  if (!byOrg) flights.set(key, (byOrg = new Map()));
  let flight = byOrg.get(org);
  if (!flight) byOrg.set(org, (flight = { running: null, queued: null }));
  const f = flight;
  const start = (): Promise<number> => {
    const round = sealNow(db, org).finally(() => {
      if (f.running === round) f.running = null;
    });
    f.running = round;
    return round;
  };
  if (f.queued) return f.queued;
  if (!f.running) return start();
  f.queued = f.running.catch(() => 0).then(() => {
    f.queued = null;
    return start();
  });
  return f.queued;
}

async function sealNow(db: Executor, org: string): Promise<number> {
  // Read-only (no lock) when a sealer before us already took this organisation's entries.
  const waiting = await db.selectFrom('audit_pending').select('id').where('org_id', '=', org).limit(1).executeTakeFirst();
  if (!waiting) return 0;
  return db.transaction().execute(async (tx) => {
    // Blocking: other processes' sealers of the organisation go one after another; each chains, once it has the lock,
    // everything committed until then. Held for a delete, a head read, an insert and the commit.
    await sql`select pg_advisory_xact_lock(hashtext(${'audit:' + org}))`.execute(tx);
    const pending = await tx.deleteFrom('audit_pending').where('org_id', '=', org).returningAll().execute();
    if (pending.length === 0) return 0;
    pending.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await insertRows(tx, chainedRows(await readHead(tx, org), pending));
    return pending.length;
  });
}

interface Head {
  seq: number;
  hash: string;
}

async function readHead(tx: Executor, orgId: string): Promise<Head> {
  const head = await tx.selectFrom('audit_log').select(['seq', 'hash']).where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: genesisHash };
}

function pendingRows(orgId: string, at: string, entries: AuditEntry[]): AuditPendingRow[] {
  return entries.map((entry) => ({
    id: newId(),
    org_id: orgId,
    at,
    actor_id: entry.actorId,
    actor_kind: entry.actorKind,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : canonicalJson(entry.before),
    after: entry.after === undefined ? null : canonicalJson(entry.after),
  }));
}

/** Links `entries` (one organisation's, in order) onto `head`: seq, prev_hash and hash. */
function chainedRows(head: Head, entries: AuditPendingRow[]): NewAuditRow[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return entries.map((entry) => {
    seq += 1;
    const row: HashedFields = {
      org_id: entry.org_id,
      seq,
      id: entry.id,
      at: entry.at,
      actor_id: entry.actor_id,
      actor_kind: entry.actor_kind,
      action: entry.action,
      entity_type: entry.entity_type,
      entity_id: entry.entity_id,
      before: entry.before,
      after: entry.after,
      prev_hash: prevHash,
    };
    prevHash = entryHash(row);
    return { ...row, hash: prevHash };
  });
}

async function insertRows(tx: Executor, rows: NewAuditRow[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
}

export interface ChainReport {
  orgId: string;
  entries: number;
  ok: boolean;
  headHash: string;
  /** The first entry that does not hold together, and why. */
  firstBroken?: { seq: number; id: string | null; reason: string };
}

/** Walks one organisation's chain in order and names the first entry that was edited, removed or forged. */
export async function verifyChain(db: Executor, orgId: string, batchSize = 5000): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let entries = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const broken = (reason: string): ChainReport => ({
        orgId, entries, ok: false, headHash: prevHash, firstBroken: { seq: row.seq, id: row.id, reason },
      });
      if (row.seq !== expectedSeq) {
        return { orgId, entries, ok: false, headHash: prevHash, firstBroken: { seq: expectedSeq, id: null, reason: `entry ${expectedSeq} is missing (next present is ${row.seq})` } };
      }
      if (row.prev_hash !== prevHash) return broken('its link to the previous entry does not match');
      const { hash, ...fields } = row;
      if (entryHash(fields) !== hash) return broken('its content does not match its hash (edited)');
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (rows.length < batchSize) break;
  }
  return { orgId, entries, ok: true, headHash: prevHash };
}

/** The chain head signed with the installation's key, for publishing outside the database. */
export function signHead(orgId: string, report: ChainReport, key: string, at: string) {
  const statement = { orgId, entries: report.entries, headHash: report.headHash, at };
  return { ...statement, signature: createHmac('sha256', key).update(canonicalJson(statement)).digest('hex') };
}
