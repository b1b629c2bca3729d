/**
 * Live sales figures (B5): kept from the documents' events exactly once, pushed to open boards that may see the rep,
 * read within the caller's scope — and they reconcile: each flash day's totals are the sums of that day's documents,
 * and the figures over the days are the sums of the flash days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flashReportSchema, salesFigures, type FlashReportView, type SalesFigures } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { EventStreamReader } from '../../test-support/event-stream.js';
import { DocumentFactory } from '../../test-support/flash-documents.js';

const hour = 3_600_000;

describe.each(dialects)('live sales figures on %s', (dialect) => {
  let world: TestWorld;
  let docs: DocumentFactory;
  let base: string;
  beforeAll(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
    docs = new DocumentFactory(world);
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => world.close());

  const drain = () => world.app.services.jobs.runner.drain();
  const get = (who: Person, url: string) => world.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': 'en' } });
  const figures = async (who: Person, query = ''): Promise<SalesFigures> => {
    const res = await get(who, `/figures/sales${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return salesFigures.parse(res.json());
  };
  const flash = async (day: string, who: Person = 'admin'): Promise<FlashReportView> => {
    const res = await get(who, `/flash-reports/${day}`);
    expect(res.statusCode, res.body).toBe(200);
    return flashReportSchema.parse(res.json());
  };

  it('moves the figure once per event and hints open boards that may see the rep, and nobody else', async () => {
    const people: Person[] = ['repEast1', 'managerEast', 'ops', 'repEast1b', 'managerNorth', 'otherOrgAdmin'];
    const streams = Object.fromEntries(await Promise.all(people.map(async (p) => [p, await EventStreamReader.openInbox(`${base}/api/v1/notifications/stream`, world.as(p))] as const))) as Record<Person, EventStreamReader>;
    try {
      const contract = await docs.sign('repEast1', { totalMinor: 250_000 });
      await docs.receipt(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
      await drain();
      for (const p of ['repEast1', 'managerEast', 'ops'] as const) {
        await streams[p].until(() => streams[p].changes().some((c) => c.type === 'figures'), `the figures hint for ${p}`);
        expect(streams[p].changes().filter((c) => c.type === 'figures')).toContainEqual({ type: 'figures', id: '2026-11-02' });
      }
      for (const p of ['repEast1b', 'managerNorth', 'otherOrgAdmin'] as const) expect(streams[p].changes().filter((c) => c.type === 'figures')).toEqual([]);

      const mine = await figures('repEast1', '?from=2026-11-02&to=2026-11-02');
      expect(mine.scope).toBe('own');
      expect(mine.totals).toMatchObject({ signedMinor: 250_000, signedCount: 1, collectedMinor: 100_000, receivablesMinor: 150_000, overdueMinor: 0 });
      // Replaying the reaction's events (a crash before the checkpoint moved) changes nothing: each counted once.
      await world.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', 'documents.sales-figures').execute();
      await drain();
      expect((await figures('repEast1', '?from=2026-11-02&to=2026-11-02')).totals).toMatchObject({ signedMinor: 250_000, signedCount: 1, collectedMinor: 100_000 });
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });

  it('counts within the caller\'s scope: a rep their own, a manager their teams, ops the company, another company nothing', async () => {
    const north = await docs.sign('repNorth', { totalMinor: 70_000 });
    await docs.receipt(north.customerId, [{ contractId: north.id, amountMinor: 70_000 }]);
    await drain();
    const day = '?from=2026-11-02&to=2026-11-02';
    expect((await figures('repNorth', day)).reps.map((r) => r.repId)).toEqual([world.ids.repNorth]);
    expect((await figures('repEast1b', day)).totals.signedMinor).toBe(0);
    const east = await figures('managerEast', day);
    expect(east.scope).toBe('teams');
    expect(east.reps.map((r) => r.repId)).toEqual([world.ids.repEast1]);
    const company = await figures('ops', day);
    expect(company.reps.map((r) => [r.repId, r.rank, r.signedMinor, r.collectedMinor])).toEqual([[world.ids.repEast1, 1, 250_000, 100_000], [world.ids.repNorth, 2, 70_000, 70_000]]);
    expect(company.totals).toMatchObject({ signedMinor: 320_000, signedCount: 2, collectedMinor: 170_000, receivablesMinor: 150_000 });
    expect((await figures('otherOrgAdmin', day)).totals).toMatchObject({ signedMinor: 0, collectedMinor: 0, receivablesMinor: 0 });
  });

  it('answers this month by default, every day of it, and refuses a range that ends before it starts', async () => {
    const month = await figures('ops');
    expect(month.from).toBe('2026-11-01');
    expect(month.to).toBe('2026-11-02');
    expect(month.days.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02']);
    expect((await get('ops', '/figures/sales?from=2026-11-05&to=2026-11-01')).statusCode).toBe(400);
    expect((await get('ops', '/figures/sales?from=2026-02-30')).statusCode).toBe(400);
  });

  /**
   * Random contracts, receipts, refunds (whole and partial), voids of receipts and of unpaid contracts over a few company days. The model
   * keeps what each day's documents sum to; the flash must say the same, and the figures the sums of the flash days.
   */
  it('reconciles: each flash day equals the sum of its documents, and the figures equal the sum of the flash days', async () => {
    const reps: Person[] = ['repEast1', 'repEast1b', 'repEast2', 'repNorth'];
    const action = fc.oneof(
      fc.record({ kind: fc.constant('sign' as const), rep: fc.constantFrom(...reps), totalMinor: fc.integer({ min: 1, max: 5_000_000 }) }),
      fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), how: fc.constantFrom('refund' as const, 'void' as const) }),
      fc.record({ kind: fc.constant('refundPart' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 99 }) }),
      fc.record({ kind: fc.constant('voidContract' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('nextDay' as const), hours: fc.integer({ min: 1, max: 30 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 14 }), async (actions) => {
        // Each run starts on fresh days of its own, far from the others'.
        world.clock.set(new Date(Date.UTC(2027, 0, 1 + (run += 1) * 10, 1)).toISOString());
        const expected = new Map<string, { signed: number; signedCount: number; voided: number; voidedCount: number; collected: number; refunded: number }>();
        const at = (day: string) => {
          let e = expected.get(day);
          if (!e) expected.set(day, (e = { signed: 0, signedCount: 0, voided: 0, voidedCount: 0, collected: 0, refunded: 0 }));
          return e;
        };
        const contracts: Array<{ id: string; customerId: string; totalMinor: number; paid: number; voided: boolean }> = [];
        const receipts: Array<{ id: string; left: number; contract: (typeof contracts)[number]; reversed: boolean }> = [];
        for (const a of actions) {
          const today = docs.today();
          if (a.kind === 'sign') {
            const c = await docs.sign(a.rep, { totalMinor: a.totalMinor });
            contracts.push({ ...c, paid: 0, voided: false });
            at(today).signed += a.totalMinor;
            at(today).signedCount += 1;
          } else if (a.kind === 'pay') {
            const open = contracts.filter((c) => !c.voided && c.paid < c.totalMinor);
            const c = open[a.pick % Math.max(open.length, 1)];
            if (!c) continue;
            const amount = Math.max(1, Math.floor(((c.totalMinor - c.paid) * a.share) / 100));
            const r = await docs.receipt(c.customerId, [{ contractId: c.id, amountMinor: amount }]);
            c.paid += amount;
            receipts.push({ id: r.id, left: amount, contract: c, reversed: false });
            at(today).collected += amount;
          } else if (a.kind === 'reverse') {
            const live = receipts.filter((r) => !r.reversed);
            const r = live[a.pick % Math.max(live.length, 1)];
            if (!r) continue;
            await docs.reverse(r.id, a.how);
            r.reversed = true;
            r.contract.paid -= r.left;
            at(today).refunded += r.left;
          } else if (a.kind === 'refundPart') {
            // Part of what is left of a receipt (all of it when the share rounds up to it): the rest stays collected.
            const live = receipts.filter((r) => !r.reversed);
            const r = live[a.pick % Math.max(live.length, 1)];
            if (!r) continue;
            const part = Math.max(1, Math.floor((r.left * a.share) / 100));
            await docs.reverse(r.id, 'refund', [{ contractId: r.contract.id, amountMinor: part }]);
            r.left -= part;
            r.reversed = r.left === 0;
            r.contract.paid -= part;
            at(today).refunded += part;
          } else if (a.kind === 'voidContract') {
            const unpaid = contracts.filter((c) => !c.voided && c.paid === 0);
            const c = unpaid[a.pick % Math.max(unpaid.length, 1)];
            if (!c) continue;
            await docs.voidContract(c.id);
            c.voided = true;
            at(today).voided += c.totalMinor;
            at(today).voidedCount += 1;
          } else {
            world.clock.advance(a.hours * hour);
          }
        }
        await drain();
        const days = [...expected.keys()].sort();
        if (days.length === 0) return;
        const sum = { signed: 0, signedCount: 0, collected: 0 };
        for (const day of days) {
          const e = expected.get(day)!;
          const report = await flash(day);
          expect(report.signed).toEqual({ minor: e.signed, count: e.signedCount });
          expect(report.voided).toEqual({ minor: e.voided, count: e.voidedCount });
          expect(report.collected.minor).toBe(e.collected);
          expect(report.refunded.minor).toBe(e.refunded);
          sum.signed += report.netSigned.minor;
          sum.signedCount += report.netSigned.count;
          sum.collected += report.netCollected.minor;
        }
        const range = await figures('admin', `?from=${days[0]}&to=${days[days.length - 1]}`);
        expect(range.totals).toMatchObject({ signedMinor: sum.signed, signedCount: sum.signedCount, collectedMinor: sum.collected });
        expect(range.reps.reduce((s, r) => s + r.signedMinor, 0)).toBe(sum.signed);
        for (const day of days) {
          const report = await flash(day);
          expect(range.days.find((d) => d.day === day)).toMatchObject({ signedMinor: report.netSigned.minor, signedCount: report.netSigned.count, collectedMinor: report.netCollected.minor });
        }
      }),
      { numRuns: 6 },
    );
  });
});
