/**
 * A proposal computed in a worker thread (its own connection; SQLite from a file, as the server opens it) is the one
 * computed in the calling thread: the same difference, result hash, rows written and issues. When the calling
 * transaction changed an input it has not committed, the worker sees other inputs and the proposal is computed in
 * the calling thread, with that change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema } from '@closeloop/core';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../platform/db/database.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { dialects, freshDatabase } from '../../test-support/databases.js';
import { now, orgId, period, rawPlan, seed } from '../../test-support/commission-month.js';
import { idSlices, periodInput, periodWriteTurn } from './calculation.js';
import { companyPeople } from './people.js';
import { recalculatePeriod, type PeriodRecalculation } from './recalculation.js';

async function openFor(dialect: Dialect, dir: string): Promise<DatabaseHandle> {
  if (dialect === 'postgres') return freshDatabase('postgres');
  const handle = openDatabase(`sqlite:${path.join(dir, 'closeloop.db')}`);
  await migrateToLatest(handle.db);
  return handle;
}

describe('reading a period on SQLite', () => {
  it('slices the stored ids into lists of at most the given size, none lost or repeated', () => {
    expect([...idSlices('1,2,3,4,5', 2)]).toEqual(['[1,2]', '[3,4]', '[5]']);
    expect([...idSlices('10,200,3000', 3)]).toEqual(['[10,200,3000]']);
    expect([...idSlices('7', 5)]).toEqual(['[7]']);
    expect([...idSlices('', 5)]).toEqual([]);
    expect(() => [...idSlices('1,2', 0)]).toThrow(RangeError);
  });
});

describe.each(dialects)('recalculation in a worker thread on %s', (dialect) => {
  let dir: string;
  let database: DatabaseHandle;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-worker-'));
    database = await openFor(dialect, dir);
    await seed(database);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const propose = (id: string, worker: boolean, before?: (tx: DatabaseHandle['db']) => Promise<unknown>, after?: (result: PeriodRecalculation) => void) =>
    database.db.transaction().execute(async (tx) => {
      await before?.(tx);
      const result = await recalculatePeriod(tx, orgId, period, {
        mode: 'propose', explainedChanges: 50, stageAs: id, now,
        ...(worker ? { worker: { connection: { url: database.url, options: database.options }, minTransactions: 0 } } : {}),
      });
      after?.(result);
      return result;
    });
  const written = async (id: string) => (await database.db.selectFrom('commission_line_rows').select(['person_id', 'line_key', 'digest', 'amount_minor'])
    .where('recalculation_id', '=', id).orderBy('person_id').orderBy('line_key').execute()).map((row) => ({ ...row, amount_minor: Number(row.amount_minor) }));
  const comparable = (r: PeriodRecalculation) => ({ ...r, computedIn: undefined });

  it('proposes exactly what the calling thread proposes, and writes the same rows', async () => {
    const inThread = await propose('rc_thread', false);
    const inWorker = await propose('rc_worker', true);
    expect(inThread.computedIn).toBe('thread');
    expect(inWorker.computedIn).toBe('worker');
    expect(inWorker.lineCount).toBeGreaterThan(600);
    expect(inWorker.people.length).toBe(15);
    expect(comparable(inWorker)).toEqual(comparable(inThread));
    expect(await written('rc_worker')).toEqual(await written('rc_thread'));
  });

  it('computes in the calling thread when its transaction changed an input the worker cannot see yet', async () => {
    const plain = await propose('rc_plain', true);
    expect(plain.computedIn).toBe('worker');
    let withQuota: PeriodRecalculation | null = null;
    // The quota is never committed: the transaction rolls back once the proposal is computed.
    const rolledBack = propose('rc_quota', true, async (tx) => {
      await tx.insertInto('commission_quotas').values({ org_id: orgId, person_id: 'u_r0', period, amount_minor: 100_000_000 }).execute();
    }, (result) => {
      withQuota = result;
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(withQuota!.computedIn).toBe('thread');
    expect(withQuota!.inputsHash).not.toBe(plain.inputsHash);
    expect(withQuota!.resultHash).toBe(plain.resultHash); // the plan has no rule on quota attainment
  });

  it('computes in the calling thread, and says why, when the worker fails before its first group', async () => {
    const inThread = await propose('rc_ref', false);
    // A database the worker cannot open: a file that is not there, a port nobody listens on.
    const unreachable = dialect === 'postgres' ? 'postgres://postgres@127.0.0.1:1/none' : `sqlite:${path.join(dir, 'missing', 'none.db')}`;
    const fellBack = await database.db.transaction().execute((tx) => recalculatePeriod(tx, orgId, period, {
      mode: 'propose', explainedChanges: 50, stageAs: 'rc_fell_back', now, worker: { connection: { url: unreachable, options: database.options }, minTransactions: 0 },
    }));
    expect(fellBack.computedIn).toBe('thread');
    expect(fellBack.workerFailure).toBeTruthy();
    expect({ ...fellBack, workerFailure: undefined }).toEqual(inThread);
    expect(await written('rc_fell_back')).toEqual(await written('rc_ref'));
  });

  it('accepting by computing again replaces a person\'s 2,100 lines whole, though a batch of rows leaves mid-person', async () => {
    const db = database.db;
    const december = '2026-12';
    const payments = Array.from({ length: 2_100 }, (_, i) => ({ id: `wd-${i}:d${i}`, amount: 10_000 + i, date: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}` }));
    for (let start = 0; start < payments.length; start += 300) {
      const part = payments.slice(start, start + 300);
      await db.insertInto('commission_transactions').values(part.map((p) => ({
        id: p.id, org_id: orgId, kind: 'payment', deal_id: p.id, receipt_id: p.id, date: p.date, amount_minor: p.amount, currency: 'CNY', deal_amount_minor: p.amount,
        credits: JSON.stringify([{ personId: 'u_r1', share: '1' }]), refers_to: null, source_event_id: p.id, created_at: now,
      }))).execute();
      await db.insertInto('commission_transaction_credits').values(part.map((p) => ({
        org_id: orgId, transaction_id: p.id, person_id: 'u_r1', role: 'revenue', date: p.date, credited_minor: p.amount,
      }))).execute();
    }
    await db.insertInto('commission_credit_months').values({ org_id: orgId, person_id: 'u_r1', month: december, revenue_minor: payments.reduce((sum, p) => sum + p.amount, 0) }).execute();
    const accept = () => db.transaction().execute((tx) => recalculatePeriod(tx, orgId, december, { mode: 'accept', now, expectStatus: 'open', lockedPeople: new Set() }));
    const rowsOf = async () => (await db.selectFrom('commission_line_rows').select(['plan_version', 'recalculation_id']).where('period', '=', december).where('person_id', '=', 'u_r1').execute())
      .map((row) => `${row.plan_version}${row.recalculation_id}`);
    await accept();
    expect(await rowsOf()).toEqual(payments.map(() => '1'));
    // Version 2 re-rates every line: each person's old rows must go before their new ones are sent.
    const flat = planSchema.parse({ ...rawPlan, version: 2, components: rawPlan.components.map((c) => (c.id === 'base' ? { ...c, bands: [{ rate: '4%' }] } : c)) });
    await db.insertInto('commission_plans').values({
      id: 'p2', org_id: orgId, plan_key: 'w', version: 2, name: 'W', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
      document: JSON.stringify(flat), source: '', created_by: null, created_at: now,
    }).execute();
    await accept();
    expect(await rowsOf()).toEqual(payments.map(() => '2'));
    const total = await db.selectFrom('commission_lines').select((eb) => eb.fn.sum<number | string>('amount_minor').as('sum'))
      .where('period', '=', december).where('person_id', '=', 'u_r1').executeTakeFirstOrThrow();
    expect(Number(total.sum)).toBe(payments.reduce((sum, p) => sum + Math.round(p.amount * 0.04), 0));
  });

  // SQLite has one writer at a time; on PostgreSQL an accept or a lock goes alone in its period, payments share.
  it.runIf(dialect === 'postgres')('makes a payment\'s lines wait while a recalculation of their period is accepted, and payments not for each other', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const alone = new Promise<void>((resolve) => (taken = resolve));
    const accept = database.db.transaction().execute(async (tx) => {
      await periodWriteTurn(tx, orgId, period, 'alone');
      taken();
      await held;
      order.push('accepted');
    });
    await alone;
    const payment = database.db.transaction().execute(async (tx) => {
      await periodWriteTurn(tx, orgId, period, 'shared');
      order.push('paid');
    });
    // Waiting for this period's turn (not another test file's lock): a 64-bit advisory key shows as its two halves.
    const waiting = async () => Number((await sql<{ n: number | string }>`with k as (select hashtextextended(${`commission-period:${orgId}:${period}`}, 0) as key)
      select count(*) as n from pg_locks, k where locktype = 'advisory' and not granted and objsubid = 1
        and classid = ((key >> 32) & 4294967295)::bigint::text::oid and objid = (key & 4294967295)::bigint::text::oid`.execute(database.db)).rows[0]!.n);
    for (let i = 0; i < 200 && (await waiting()) === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(await waiting()).toBe(1);
    expect(order).toEqual([]);
    release();
    await Promise.all([accept, payment]);
    expect(order).toEqual(['accepted', 'paid']);
    // Two payments share the turn: the second does not wait for the first to commit.
    await database.db.transaction().execute(async (first) => {
      await periodWriteTurn(first, orgId, period, 'shared');
      await database.db.transaction().execute((second) => periodWriteTurn(second, orgId, period, 'shared'));
    });
  });

  it('reads each of the period\'s transactions once, whatever order they are stored in, and the earlier payments its refunds reverse', async () => {
    const tx = (id: string, date: string, kind: 'payment' | 'refund', refersTo: string | null) => ({
      id, org_id: orgId, kind, deal_id: 'c-x', receipt_id: 'r-x', date, amount_minor: 5_000, currency: 'CNY', deal_amount_minor: 5_000,
      credits: JSON.stringify([{ personId: 'u_r0', share: '1' }]), refers_to: refersTo, source_event_id: id, created_at: now,
    });
    const ids = await database.db.transaction().execute(async (db) => {
      // Stored after the seed's 600 (whose days interleave): an October payment, its refund in November, a December payment.
      await db.insertInto('commission_transactions').values([
        tx('x-oct', '2026-10-20', 'payment', null), tx('x-refund', '2026-11-15', 'refund', 'x-oct'), tx('x-dec', '2026-12-01', 'payment', null),
      ]).execute();
      const input = await periodInput(db, orgId, await companyPeople(db, orgId), period);
      await db.deleteFrom('commission_transactions').where('id', 'like', 'x-%').execute();
      return input.transactions.map((t) => t.id);
    });
    const expected = [...Array.from({ length: 600 }, (_, i) => `w-${i}:c${i}`), 'x-oct', 'x-refund'];
    expect([...ids].sort()).toEqual(expected.sort());
  });
});
