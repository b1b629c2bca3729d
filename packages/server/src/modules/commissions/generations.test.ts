/**
 * A recalculation that replaces most of a period is written whole as the period's next generation: the proposal shows
 * the same difference as one that writes only the changed lines, accepting moves the period on without deleting a
 * row (adjustment lines, in no generation, stay in force), payments written before the sweep land in the new generation, and the sweep then
 * deletes exactly the rows left behind, a few people at a time. A change that touches a few people still writes only
 * their lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions, planSchema } from '@closeloop/core';
import type { DatabaseHandle, Dialect } from '../../platform/db/database.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { dialects, freshDatabase } from '../../test-support/databases.js';
import { now, orgId, period, rawPlan, seed } from '../../test-support/commission-month.js';
import { applyPaymentEvent } from './reaction.js';
import { retireLineBatch } from './retired-lines.js';
import { CommissionService } from './service.js';

const auth: AuthContext = {
  orgId, userId: 'u_d', role: 'admin', dataScope: 'all', teamIds: [], whitelistRegionIds: [], whitelistIndustries: [], permissions: new Set(permissions),
  principal: { kind: 'session', id: 'test' }, locale: 'en',
};
const writeIn = (tx: DatabaseHandle['db']): Write => ({ tx, auth, now, audit: async () => undefined, emit: async () => undefined });
/** What a proposal kept, as stored with it. */
const keptOf = async (db: DatabaseHandle['db'], id: string) =>
  (JSON.parse((await db.selectFrom('commission_recalculations').select('result').where('id', '=', id).executeTakeFirstOrThrow()).result) as { kept?: { generation?: number; lines: number } }).kept;
/** A fresh database holding the small test month, for each group of tests. */
function seededMonth(dialect: Dialect): { db: () => DatabaseHandle['db'] } {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seed(database);
  });
  afterAll(() => database.close());
  return { db: () => database.db };
}

describe.each(dialects)('commission line generations on %s', (dialect) => {
  const { db } = seededMonth(dialect);
  // Whole from the first stored line, and never: the same proposal both ways.
  const whole = () => new CommissionService(db(), { wholePeriodFrom: 1 });
  const partial = () => new CommissionService(db(), { wholePeriodFrom: Number.MAX_SAFE_INTEGER });
  const propose = (service: CommissionService) => db().transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period, reason: 'test' }));
  const accept = (service: CommissionService, id: string) => db().transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), id));
  const discard = (service: CommissionService, id: string) => db().transaction().execute((tx) => service.discardRecalculation(writeIn(tx), id));
  const inView = async () => (await db().selectFrom('commission_lines').select(['person_id', 'line_key', 'amount_minor', 'kind']).where('period', '=', period)
    .orderBy('person_id').orderBy('line_key').execute()).map((row) => [row.person_id, row.line_key, row.kind, Number(row.amount_minor)].join('\t'));
  const periodRow = () => db().selectFrom('commission_periods').select(['generation', 'retire_after']).where('org_id', '=', orgId).where('period', '=', period).executeTakeFirstOrThrow();
  const rowsOfGeneration = async (generation: number) => Number((await db().selectFrom('commission_line_rows').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('period', '=', period).where('generation', '=', generation).executeTakeFirstOrThrow()).n);
  const addPlanVersion = (version: number, bands: Array<{ upTo?: number; rate: string }>) => db().insertInto('commission_plans').values({
    id: `p${version}`, org_id: orgId, plan_key: 'w', version, name: 'W', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
    document: JSON.stringify(planSchema.parse({ ...rawPlan, version, components: rawPlan.components.map((c) => (c.id === 'base' ? { ...c, bands } : c)) })),
    source: '', created_by: null, created_at: now,
  }).execute();

  it('writes a rate change whole as the next generation, accepts it in one step, and sweeps the rows it left behind', async () => {
    // The month's first calculation replaces nothing: it stays in generation 0.
    const first = await propose(whole());
    expect(await keptOf(db(), first.id)).not.toHaveProperty('generation');
    await accept(whole(), first.id);
    expect(await periodRow()).toEqual({ generation: 0, retire_after: null });
    // A correction of a locked month, kept in this one: not the engine's line, it must survive the change of generation.
    await db().insertInto('commission_line_rows').values({
      org_id: orgId, period, person_id: 'u_r0', line_key: 'adjustment:2026-10:x', plan_key: 'w', plan_version: 1, component_id: 'base', kind: 'adjustment',
      transaction_id: null, deal_id: null, amount_minor: -1234, currency: 'CNY', line: '{}', digest: 'adj', locked: 0, computed_at: now,
    }).execute();
    const before = await inView();
    const storedLines = before.length;

    await addPlanVersion(2, [{ upTo: 20000, rate: '2.5%' }, { upTo: 50000, rate: '3.5%' }, { rate: '6%' }]);
    // The same difference as a proposal that writes only the changed lines.
    const changedOnly = await propose(partial());
    expect(await keptOf(db(), changedOnly.id)).not.toHaveProperty('generation');
    await discard(partial(), changedOnly.id);
    const rewrite = await propose(whole());
    const kept = await keptOf(db(), rewrite.id);
    expect(kept?.generation).toBe(1);
    expect(rewrite.people).toEqual(changedOnly.people);
    expect(rewrite.totalDeltaMinor).toBe(changedOnly.totalDeltaMinor);
    expect(rewrite.totalDeltaMinor).toBeGreaterThan(0);
    // Every engine line written (unchanged ones too), none in force until accepted.
    expect(kept?.lines).toBe(storedLines - 1);
    expect(await rowsOfGeneration(1)).toBe(storedLines - 1);
    expect(await inView()).toEqual(before);

    await accept(whole(), rewrite.id);
    expect(await periodRow()).toEqual({ generation: 1, retire_after: '' });
    const after = await inView();
    expect(after).toContain('u_r0\tadjustment:2026-10:x\tadjustment\t-1234');
    expect(after.filter((line) => !line.includes('\tadjustment\t')).length).toBe(storedLines - 1);
    const total = (lines: string[]) => lines.reduce((sum, line) => sum + Number(line.split('\t')[3]), 0);
    expect(total(after) - total(before)).toBe(rewrite.totalDeltaMinor);
    // The rows left behind are still there, out of the view, until the sweep.
    expect(await rowsOfGeneration(0)).toBe(storedLines); // the adjustment line among them, in no generation

    // A payment paid before the sweep: written into the new generation, beside retired rows of the same keys.
    const event = {
      id: 'late-1', orgId, type: 'payment.confirmed',
      payload: { receiptId: 'late-r1', currency: 'CNY', confirmedOn: '2026-11-29', allocations: [{ contractId: 'late-c1', amountMinor: 654_321, ownerId: 'u_r0', contractTotalMinor: 654_321 }] },
    };
    await db().transaction().execute((tx) => applyPaymentEvent(tx, event, now));
    const paid = await inView();
    expect(paid.filter((line) => line.startsWith('u_r0\t')).some((line) => line.includes('late-1'))).toBe(true);
    expect(new Set(paid.map((line) => line.split('\t').slice(0, 2).join('\t'))).size).toBe(paid.length); // each key once

    // The sweep, four people at a time: only the retired rows go.
    let batches = 0;
    for (let more = true; more; batches += 1) more = (await db().transaction().execute((tx) => retireLineBatch(tx, orgId, 4))).more;
    expect(batches).toBeGreaterThanOrEqual(4); // 15 people, 4 per batch
    expect(await rowsOfGeneration(0)).toBe(1); // the adjustment line, still in force
    expect(await inView()).toEqual(paid);
    expect(await periodRow()).toEqual({ generation: 1, retire_after: null });
    expect((await retireLineBatch(db(), orgId)).more).toBe(false);

    // Locking marks the lines in force, and the period stays as it is.
    await db().transaction().execute((tx) => whole().lockPeriod(writeIn(tx), period));
    const unlocked = await db().selectFrom('commission_line_rows').select('line_key').where('period', '=', period).where('locked', '=', 0).execute();
    expect(unlocked).toEqual([]);
    expect(await inView()).toEqual(paid);
  });
});

describe.each(dialects)('a change that touches a few people on %s', (dialect) => {
  const month = seededMonth(dialect);

  it('writes only their changed lines, in the current generation', async () => {
    const db = month.db();
    const service = new CommissionService(db, { wholePeriodFrom: 1 });
    const first = await db.transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period, reason: 'test' }));
    await db.transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), first.id));
    // One more payment of one rep, late in the month: their new line and the overrides above them, nothing replaced.
    await db.insertInto('commission_transactions').values({
      id: 'late:c', org_id: orgId, kind: 'payment', deal_id: 'c-late', receipt_id: 'r-late', date: '2026-11-30', amount_minor: 50_000, currency: 'CNY',
      deal_amount_minor: 50_000, credits: JSON.stringify([{ personId: 'u_r0', share: '1' }]), refers_to: null, source_event_id: 'late', created_at: now,
    }).execute();
    await db.insertInto('commission_transaction_credits').values({ org_id: orgId, transaction_id: 'late:c', person_id: 'u_r0', role: 'revenue', date: '2026-11-30', credited_minor: 50_000 }).execute();
    const proposal = await db.transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period, reason: 'test' }));
    const kept = await keptOf(db, proposal.id);
    expect(kept).not.toHaveProperty('generation');
    expect(kept?.lines).toBe(3); // the rep's line and two overrides
    await db.transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), proposal.id));
    const row = await db.selectFrom('commission_periods').select('generation').where('org_id', '=', orgId).where('period', '=', period).executeTakeFirstOrThrow();
    expect(row.generation).toBe(0);
  });
});
