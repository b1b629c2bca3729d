/**
 * The tamper-evident audit log (B4): per organisation, each entry's hash covers the previous entry's hash and
 * the entry itself in RFC 8785 canonical JSON, so editing, deleting or reordering any entry breaks the chain
 * from that point on.
 */
import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '@closeloop/core';
import type { AuditRow, NewAuditRow } from '../db/schema.js';
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

/** Appends one entry. Must run inside the business transaction so the entry and the change land together. */
export async function appendAudit(tx: Executor, dialect: Dialect, clock: Clock, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(tx, dialect, clock, entry.orgId, [entry]);
}

/** Appends many entries of one organisation with a single head read (imports, seeds, merges). */
export async function appendAuditBatch(tx: Executor, dialect: Dialect, clock: Clock, orgId: string, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.some((entry) => entry.orgId !== orgId)) throw new Error('appendAuditBatch: entries of several organisations');
  const at = clock.now().toISOString();
  if (dialect === 'postgres') {
    // Serialise writers of one organisation's chain; released at commit. Every write of the organisation waits
    // its turn here, so what runs under the lock is kept to one statement before the commit when possible.
    await sql`select pg_advisory_xact_lock(hashtext(${'audit:' + orgId}))`.execute(tx);
    const heads = knownHeadsOf(tx);
    const known = heads.get(orgId);
    if (known) {
      const rows = chainedRows(known, orgId, at, entries);
      if (await insertOnHead(tx, orgId, known, rows)) {
        heads.set(orgId, headOf(rows));
        return;
      }
    }
    const rows = chainedRows(await readHead(tx, orgId), orgId, at, entries);
    await insertRows(tx, rows);
    heads.set(orgId, headOf(rows));
    return;
  }
  await insertRows(tx, chainedRows(await readHead(tx, orgId), orgId, at, entries));
}

interface Head {
  seq: number;
  hash: string;
}

/**
 * PostgreSQL: the head this process last wrote or read, per database (transactions share their database's adapter
 * object) and organisation. Only a guess — another process may have appended since, or the transaction that wrote it
 * rolled back — so an insert built on it lands only if it is still the head (`insertOnHead`); otherwise the head is read.
 */
const knownHeads = new WeakMap<object, Map<string, Head>>();

function knownHeadsOf(tx: Executor): Map<string, Head> {
  const key = tx.getExecutor().adapter;
  let heads = knownHeads.get(key);
  if (!heads) knownHeads.set(key, (heads = new Map()));
  return heads;
}

async function readHead(tx: Executor, orgId: string): Promise<Head> {
  const head = await tx.selectFrom('audit_log').select(['seq', 'hash']).where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: genesisHash };
}

function chainedRows(head: Head, orgId: string, at: string, entries: AuditEntry[]): NewAuditRow[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return entries.map((entry) => {
    seq += 1;
    const row: HashedFields = {
      org_id: orgId,
      seq,
      id: newId(),
      at,
      actor_id: entry.actorId,
      actor_kind: entry.actorKind,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : canonicalJson(entry.before),
      after: entry.after === undefined ? null : canonicalJson(entry.after),
      prev_hash: prevHash,
    };
    prevHash = entryHash(row);
    return { ...row, hash: prevHash };
  });
}

const headOf = (rows: NewAuditRow[]): Head => ({ seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash });

async function insertRows(tx: Executor, rows: NewAuditRow[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
}

/** PostgreSQL, under the chain lock: inserts `rows` only if `head` is the organisation's head entry; says whether it did. */
async function insertOnHead(tx: Executor, orgId: string, head: Head, rows: NewAuditRow[]): Promise<boolean> {
  if (rows.length > 500) return false; // a big batch (an import) reads the head: one statement more is nothing to it
  const selects = rows.map((r) => sql`select ${r.org_id}::text, ${r.seq}::integer, ${r.id}::text, ${r.at}::text, ${r.actor_id}::text, ${r.actor_kind}::text,
    ${r.action}::text, ${r.entity_type}::text, ${r.entity_id}::text, ${r.before}::text, ${r.after}::text, ${r.prev_hash}::text, ${r.hash}::text`);
  const onHead = head.seq === 0
    ? sql`not exists (select 1 from audit_log where org_id = ${orgId})`
    : sql`exists (select 1 from audit_log where org_id = ${orgId} and seq = ${head.seq} and hash = ${head.hash})
        and not exists (select 1 from audit_log where org_id = ${orgId} and seq > ${head.seq})`;
  const result = await sql`
    insert into audit_log (org_id, seq, id, at, actor_id, actor_kind, action, entity_type, entity_id, before, after, prev_hash, hash)
    select * from (${sql.join(selects, sql` union all `)}) as entry where ${onHead}`.execute(tx);
  return Number(result.numAffectedRows ?? 0n) === rows.length;
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
