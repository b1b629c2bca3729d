import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { openDatabase } from '../db/database.js';
import { dialects, pgUrl } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import { createJobs } from './index.js';
import type { FiringTimer } from './timers.js';

const hour = 3_600_000;

describe.each(dialects)('timers on %s', (dialect) => {
  let bb: Backbone;
  let fired: FiringTimer[];
  beforeEach(async () => {
    bb = await createBackbone(dialect);
    fired = [];
    bb.jobs.timers.on('test.silence-check', async (timer) => void fired.push(timer));
  });
  afterEach(async () => {
    await bb.close();
  });

  const arm = (key: string, dueAt: string, payload: Record<string, unknown> = {}, kind = 'test.silence-check') =>
    bb.database.db.transaction().execute((tx) => bb.jobs.timers.arm(tx, { orgId: bb.orgId, key, kind, dueAt, payload }));
  const timerRows = () => bb.database.db.selectFrom('timers').selectAll().orderBy('key').execute();

  it('fires a timer once at its due time and not a millisecond before', async () => {
    await arm('silence:L1', '2026-11-05T01:00:00.000Z', { leadId: 'L1' });
    bb.clock.set('2026-11-05T00:59:59.999Z');
    expect((await bb.jobs.runner.drain()).fired).toBe(0);
    expect(fired).toEqual([]);

    bb.clock.set('2026-11-05T01:00:00.000Z');
    expect((await bb.jobs.runner.drain()).fired).toBe(1);
    expect(fired).toEqual([{ orgId: bb.orgId, key: 'silence:L1', kind: 'test.silence-check', dueAt: '2026-11-05T01:00:00.000Z', payload: { leadId: 'L1' }, attempts: 0 }]);
    expect(await timerRows()).toEqual([]);

    bb.clock.advance(72 * hour);
    expect((await bb.jobs.runner.drain()).fired).toBe(0);
    expect(fired).toHaveLength(1);
  });

  it('replaces the timer when the same key is armed again, and forgets it when cancelled', async () => {
    await arm('silence:L1', '2026-11-05T01:00:00.000Z', { n: 1 });
    await arm('silence:L1', '2026-11-06T01:00:00.000Z', { n: 2 });
    await arm('silence:L2', '2026-11-05T01:00:00.000Z');
    const rows = await timerRows();
    expect(rows.map((r) => [r.key, r.due_at, r.payload])).toEqual([
      ['silence:L1', '2026-11-06T01:00:00.000Z', '{"n":2}'],
      ['silence:L2', '2026-11-05T01:00:00.000Z', '{}'],
    ]);

    bb.clock.set('2026-11-05T12:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(fired.map((t) => t.key)).toEqual(['silence:L2']);

    const cancelled = await bb.database.db.transaction().execute((tx) => bb.jobs.timers.cancel(tx, { orgId: bb.orgId, key: 'silence:L1' }));
    expect(cancelled).toBe(true);
    bb.clock.set('2026-11-07T00:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(fired.map((t) => t.key)).toEqual(['silence:L2']);
  });

  it('keeps the new timer when its own handler re-arms the key for the next time', async () => {
    bb.jobs.timers.on('test.every-day', async (timer, ctx) => {
      fired.push(timer);
      await bb.jobs.timers.arm(ctx.tx, { orgId: ctx.orgId, key: timer.key, kind: timer.kind, dueAt: new Date(new Date(timer.dueAt).getTime() + 24 * hour) });
    });
    await arm('digest', '2026-11-02T02:00:00.000Z', {}, 'test.every-day');
    bb.clock.set('2026-11-04T03:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(fired.map((t) => t.dueAt)).toEqual(['2026-11-02T02:00:00.000Z', '2026-11-03T02:00:00.000Z', '2026-11-04T02:00:00.000Z']);
    expect((await timerRows()).map((r) => r.due_at)).toEqual(['2026-11-05T02:00:00.000Z']);
  });

  it('retries a failing timer later, then dead-letters it with its payload', async () => {
    let tries = 0;
    const told: Array<[string, number]> = [];
    bb.jobs.timers.on('test.broken', async (timer, ctx) => {
      tries += 1;
      told.push([timer.dueAt, timer.attempts]);
      await ctx.once('never-kept', async () => undefined);
      throw new Error('robot answered 130101');
    }, { maxAttempts: 2, baseDelayMs: 60_000 });
    await arm('escalate:D1', '2026-11-02T01:00:00.000Z', { documentId: 'D1' }, 'test.broken');

    expect(await bb.jobs.runner.drain()).toMatchObject({ fired: 0, failed: 1 });
    expect((await timerRows())[0]).toMatchObject({ attempts: 1, due_at: '2026-11-02T01:01:00.000Z', last_error: 'Error: robot answered 130101' });
    bb.clock.advance(59_999);
    await bb.jobs.runner.drain();
    expect(tries).toBe(1);

    bb.clock.advance(1);
    expect((await bb.jobs.runner.drain()).deadLettered).toBe(1);
    expect(tries).toBe(2);
    // A retry is told the time the timer was armed for, not the time of the retry.
    expect(told).toEqual([['2026-11-02T01:00:00.000Z', 0], ['2026-11-02T01:00:00.000Z', 1]]);
    expect(await timerRows()).toEqual([]);
    const [dead] = await bb.database.db.selectFrom('dead_letters').selectAll().execute();
    expect(dead).toMatchObject({ source: 'timer', handler: 'test.broken', subject: 'escalate:D1', payload: '{"documentId":"D1"}', due_at: '2026-11-02T01:00:00.000Z', attempts: 2 });
    expect(await bb.database.db.selectFrom('reaction_effects').selectAll().execute()).toEqual([]);
  });

  it('refuses to arm a kind nobody handles, so a typo cannot leave a timer that never fires', async () => {
    await expect(arm('x', '2026-11-05T01:00:00.000Z', {}, 'test.nobody')).rejects.toThrow(/No handler/);
  });
});

describe.runIf(pgUrl)('two runners on one PostgreSQL database', () => {
  it('fire each timer and deliver each event exactly once, each runner with its own pool', async () => {
    const bb = await createBackbone('postgres');
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(bb.database.db)).rows[0]!.schema;
    await sql`create table fired (n serial primary key, key text not null, runner text not null)`.execute(bb.database.db);
    const clock = new ManualClock('2026-11-02T01:00:00.000Z');
    const runners = [0, 1].map((n) => {
      const database = openDatabase(pgUrl!, { pgSchema: schema, poolSize: 4 });
      const jobs = createJobs(database, clock);
      // A pause inside the handler makes the two runners overlap while each holds its claim.
      const pause = () => new Promise((resolve) => setTimeout(resolve, 2));
      jobs.timers.on('test.race', async (timer, ctx) => {
        await pause();
        await sql`insert into fired (key, runner) values (${timer.key}, ${`runner-${n}`})`.execute(ctx.tx);
      });
      jobs.reactions.on('lead.created', 'test.race-reaction', async (event, ctx) => {
        await pause();
        await sql`insert into fired (key, runner) values (${`event:${event.subject}`}, ${`runner-${n}`})`.execute(ctx.tx);
      });
      return { database, jobs };
    });
    try {
      await bb.database.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 60; i += 1) {
          await runners[0]!.jobs.timers.arm(tx, { orgId: bb.orgId, key: `race:${i}`, kind: 'test.race', dueAt: '2026-11-02T01:00:00.000Z' });
        }
      });
      await bb.write(...Array.from({ length: 40 }, (_, i) => ({ type: 'lead.created', subject: `L${i}` })));

      await Promise.all(runners.map((r) => r.jobs.runner.drain()));

      const rows = (await sql<{ key: string; runner: string }>`select key, runner from fired order by n`.execute(bb.database.db)).rows;
      const timerKeys = rows.filter((r) => r.key.startsWith('race:')).map((r) => r.key).sort();
      expect(timerKeys).toEqual(Array.from({ length: 60 }, (_, i) => `race:${i}`).sort());
      const eventKeys = rows.filter((r) => r.key.startsWith('event:')).map((r) => r.key);
      expect(eventKeys).toEqual(Array.from({ length: 40 }, (_, i) => `event:L${i}`));
      // Both really worked: the timers were shared out, not all taken by one runner.
      expect(new Set(rows.filter((r) => r.key.startsWith('race:')).map((r) => r.runner)).size).toBe(2);
      expect(await bb.database.db.selectFrom('timers').selectAll().execute()).toEqual([]);
    } finally {
      for (const r of runners) await r.database.close();
      await bb.close();
    }
  });
});
