import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import { createJobs } from '../jobs/index.js';
import { appendEvent } from './outbox.js';
import type { DeliveredEvent } from './reactions.js';

describe.each(dialects)('event delivery on %s', (dialect) => {
  let bb: Backbone;
  beforeEach(async () => {
    bb = await createBackbone(dialect);
  });
  afterEach(async () => {
    await bb.close();
  });

  const checkpointOf = async (reaction: string) =>
    bb.database.db.selectFrom('reaction_checkpoints').selectAll().where('reaction', '=', reaction).executeTakeFirstOrThrow();

  it('delivers each reaction its event types in commit order, each from its own checkpoint', async () => {
    const leadsSeen: string[] = [];
    const allSeen: string[] = [];
    bb.jobs.reactions
      .on('lead.created', 'test.leads', async (event) => void leadsSeen.push(event.subject))
      .on(['lead.created', 'activity.logged'], 'test.everything', async (event) => void allSeen.push(`${event.type}:${event.subject}`));

    await bb.write({ type: 'lead.created', subject: 'L1' }, { type: 'activity.logged', subject: 'A1' });
    await bb.write({ type: 'customer.created', subject: 'C1' });
    await bb.write({ type: 'lead.created', subject: 'L2' });
    const first = await bb.jobs.runner.drain();
    expect(first).toMatchObject({ sequenced: 4, delivered: 5, failed: 0 });
    expect(leadsSeen).toEqual(['L1', 'L2']);
    expect(allSeen).toEqual(['lead.created:L1', 'activity.logged:A1', 'lead.created:L2']);

    await bb.write({ type: 'activity.logged', subject: 'A2' });
    await bb.jobs.runner.drain();
    expect(leadsSeen).toEqual(['L1', 'L2']);
    expect(allSeen.at(-1)).toBe('activity.logged:A2');
    // Both checkpoints reach the head, the one that skipped activity.logged too.
    expect(Number((await checkpointOf('test.leads')).position)).toBe(5);
    expect(Number((await checkpointOf('test.everything')).position)).toBe(5);
    expect((await bb.jobs.runner.drain()).delivered).toBe(0);
  });

  it('hands the reaction the event as written, with a position that orders it', async () => {
    const seen: DeliveredEvent[] = [];
    bb.jobs.reactions.on('lead.created', 'test.shape', async (event) => void seen.push(event));
    await bb.write({ type: 'lead.created', subject: 'L1', payload: { ownerId: 'u1', source: 'web' } });
    await bb.write({ type: 'lead.created', subject: 'L2' });
    await bb.jobs.runner.drain();
    expect(seen[0]).toMatchObject({ orgId: bb.orgId, type: 'lead.created', subject: 'L1', payload: { ownerId: 'u1', source: 'web' }, position: 1, createdAt: '2026-11-02T01:00:00.000Z' });
    expect(seen[1]!.position).toBe(2);
  });

  it('commits a reaction\'s writes with its checkpoint: emitted events and audit entries land once', async () => {
    bb.jobs.reactions.on('lead.created', 'test.follow-up', async (event, ctx) => {
      await ctx.emit({ type: 'lead.welcomed', subject: event.subject, payload: {} });
      await ctx.audit({ action: 'welcome', entityType: 'lead', entityId: event.subject });
    });
    const welcomed: string[] = [];
    bb.jobs.reactions.on('lead.welcomed', 'test.welcomed', async (event) => void welcomed.push(event.subject));
    await bb.write({ type: 'lead.created', subject: 'L1' });
    await bb.jobs.runner.drain();
    expect(welcomed).toEqual(['L1']);
    const audit = await bb.database.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'system', action: 'welcome', entity_id: 'L1' });
  });

  it('retries a failing reaction with back-off, holding its later events back, then dead-letters it and moves on', async () => {
    const delivered: string[] = [];
    let calls = 0;
    bb.jobs.reactions.on('lead.created', 'test.flaky', async (event, ctx) => {
      if (event.subject === 'BAD') {
        calls += 1;
        await ctx.once(`partial:${event.id}`, async () => undefined); // written, then rolled back by the failure
        throw new Error('the mail server said no');
      }
      delivered.push(event.subject);
    }, { maxAttempts: 3, baseDelayMs: 1_000 });
    await bb.write({ type: 'lead.created', subject: 'OK1' }, { type: 'lead.created', subject: 'BAD' }, { type: 'lead.created', subject: 'OK2' });

    expect(await bb.jobs.runner.drain()).toMatchObject({ delivered: 1, failed: 1, deadLettered: 0 });
    expect(delivered).toEqual(['OK1']);
    expect(await checkpointOf('test.flaky')).toMatchObject({ attempts: 1, retry_at: '2026-11-02T01:00:01.000Z', last_error: 'Error: the mail server said no' });

    bb.clock.advance(999);
    expect((await bb.jobs.runner.drain()).failed).toBe(0);
    expect(calls).toBe(1);
    bb.clock.advance(1);
    expect((await bb.jobs.runner.drain()).failed).toBe(1);
    expect(calls).toBe(2);
    expect((await checkpointOf('test.flaky')).retry_at).toBe('2026-11-02T01:00:03.000Z'); // 2 s after the second failure

    bb.clock.advance(2_000);
    expect(await bb.jobs.runner.drain()).toMatchObject({ deadLettered: 1, delivered: 1 });
    expect(calls).toBe(3);
    expect(delivered).toEqual(['OK1', 'OK2']);
    const dead = await bb.database.db.selectFrom('dead_letters').selectAll().execute();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      org_id: bb.orgId, source: 'reaction', handler: 'test.flaky', event_type: 'lead.created', subject: 'BAD',
      attempts: 3, status: 'dead', last_error: 'Error: the mail server said no',
    });
    expect(await checkpointOf('test.flaky')).toMatchObject({ attempts: 0, retry_at: null, position: 3 });
    expect(await bb.database.db.selectFrom('reaction_effects').selectAll().execute()).toEqual([]);
  });

  it('never applies an effect twice when a reaction replays from a reset checkpoint', async () => {
    const alerts: string[] = [];
    let handled = 0;
    bb.jobs.reactions.on('lead.created', 'test.alerts', async (event, ctx) => {
      handled += 1;
      await ctx.once(`alert:${event.subject}`, async () => void alerts.push(event.subject));
    });
    await bb.write({ type: 'lead.created', subject: 'L1' }, { type: 'lead.created', subject: 'L2' });
    await bb.jobs.runner.drain();
    expect(alerts).toEqual(['L1', 'L2']);

    await bb.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', 'test.alerts').execute();
    await bb.write({ type: 'lead.created', subject: 'L3' });
    await bb.jobs.runner.drain();
    expect(handled).toBe(5);
    expect(alerts).toEqual(['L1', 'L2', 'L3']);
    const keys = await bb.database.db.selectFrom('reaction_effects').select(['scope', 'effect_key']).orderBy('effect_key').execute();
    expect(keys).toEqual(['L1', 'L2', 'L3'].map((l) => ({ scope: 'reaction:test.alerts', effect_key: `alert:${l}` })));
  });

  it('numbers events that were written before the backbone existed, in id order', async () => {
    await bb.write({ type: 'lead.created', subject: 'L1' }, { type: 'lead.created', subject: 'L2' });
    await bb.jobs.runner.runDue();
    const rows = await bb.database.db.selectFrom('events').select(['subject', 'position']).orderBy('id').execute();
    expect(rows.map((r) => [r.subject, Number(r.position)])).toEqual([['L1', 1], ['L2', 2]]);
    const seen: string[] = [];
    bb.jobs.reactions.on('lead.created', 'test.late-comer', async (event) => void seen.push(event.subject));
    await bb.jobs.runner.drain();
    expect(seen).toEqual(['L1', 'L2']);
  });

  it.runIf(dialect === 'postgres')('delivers an event whose transaction commits after a later one, instead of skipping it', async () => {
    const seen: string[] = [];
    bb.jobs.reactions.on('lead.created', 'test.late-commit', async (event) => void seen.push(event.subject));
    const slow = await bb.database.db.startTransaction().execute();
    await appendEvent(slow, bb.clock, { orgId: bb.orgId, type: 'lead.created', subject: 'EARLY-ID', payload: {} });
    await bb.write({ type: 'lead.created', subject: 'LATE-ID' });
    await bb.jobs.runner.drain();
    expect(seen).toEqual(['LATE-ID']);
    await slow.commit().execute();
    await bb.jobs.runner.drain();
    expect(seen).toEqual(['LATE-ID', 'EARLY-ID']);
  });

  it('delivers a backlog many events to a transaction, in order, one commit for many', async () => {
    let transactions = 0;
    const db = new Proxy(bb.database.db, {
      get(target, prop) {
        if (prop === 'startTransaction') transactions += 1;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const jobs = createJobs({ ...bb.database, db }, bb.clock);
    const seen: string[] = [];
    jobs.reactions.on('lead.created', 'test.backlog', async (event) => void seen.push(event.subject));
    const subjects = Array.from({ length: 50 }, (_, i) => `L${i + 1}`);
    await bb.write(...subjects.map((subject) => ({ type: 'lead.created', subject })));
    expect(await jobs.runner.drain()).toMatchObject({ sequenced: 50, delivered: 50 });
    expect(seen).toEqual(subjects);
    expect(transactions).toBeLessThan(20); // one sequencer transaction and, unless the machine is very slow, three of delivery
    expect(Number((await checkpointOf('test.backlog')).position)).toBe(50);
  });

  /** Jobs on a database whose transactions are counted. */
  const countingJobs = () => {
    const counter = { transactions: 0 };
    const db = new Proxy(bb.database.db, {
      get(target, prop) {
        if (prop === 'startTransaction') counter.transactions += 1;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { jobs: createJobs({ ...bb.database, db }, bb.clock), counter };
  };

  it('delivers an event to the reactions that take it in one transaction, moving the others\' checkpoints along with it', async () => {
    const { jobs, counter } = countingJobs();
    const seen: string[] = [];
    for (const name of ['test.a', 'test.b', 'test.c']) jobs.reactions.on('lead.created', name, async (event) => void seen.push(`${name}:${event.subject}`));
    for (const name of ['test.idle-1', 'test.idle-2', 'test.idle-3', 'test.idle-4']) jobs.reactions.on('activity.logged', name, async () => undefined);
    await bb.write({ type: 'lead.created', subject: 'L1' });
    await jobs.runner.runDue();
    counter.transactions = 0;
    await bb.write({ type: 'lead.created', subject: 'L2' });
    expect(await jobs.runner.runDue()).toMatchObject({ sequenced: 1, delivered: 3 });
    // Two lanes on PostgreSQL: the reactions of one pass may run in either order.
    expect(seen.slice(3).sort()).toEqual(['test.a:L2', 'test.b:L2', 'test.c:L2']);
    // The sequencer's, the first commit (here only the idle checkpoints), the three reactions' (two lanes on
    // PostgreSQL): not one per reaction.
    expect(counter.transactions).toBe(dialect === 'postgres' ? 4 : 3);
    const positions = await bb.database.db.selectFrom('reaction_checkpoints').select(['reaction', 'position']).orderBy('reaction').execute();
    expect(positions.map((p) => Number(p.position))).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });

  it('commits an urgent reaction before the others of the pass run, and a failure holds back only its own reaction', async () => {
    const order: string[] = [];
    let urgentCheckpointSeenBySlow = -1;
    bb.jobs.reactions
      .on('lead.created', 'test.slow', async (event, ctx) => {
        order.push(`slow:${event.subject}`);
        const row = await ctx.tx.selectFrom('reaction_checkpoints').select('position').where('reaction', '=', 'test.hint').executeTakeFirstOrThrow();
        urgentCheckpointSeenBySlow = Number(row.position);
      })
      .on('lead.created', 'test.broken', async () => {
        throw new Error('down');
      }, { maxAttempts: 5 })
      .on('lead.created', 'test.hint', async (event) => void order.push(`hint:${event.subject}`), { urgent: true });
    await bb.write({ type: 'lead.created', subject: 'L1' }, { type: 'lead.created', subject: 'L2' });
    expect(await bb.jobs.runner.runDue()).toMatchObject({ delivered: 4, failed: 1 });
    // Registered last, delivered first; already committed when the slow one ran.
    expect(order).toEqual(['hint:L1', 'hint:L2', 'slow:L1', 'slow:L2']);
    expect(urgentCheckpointSeenBySlow).toBe(2);
    expect(Number((await checkpointOf('test.slow')).position)).toBe(2);
    expect(await checkpointOf('test.broken')).toMatchObject({ position: 0, attempts: 1, last_error: 'Error: down' });
  });

  it('hands a backlog to a batch handler several events at a time, and one by one to the handler when a batch fails', async () => {
    const batches: string[][] = [];
    const single: string[] = [];
    bb.jobs.reactions.on('lead.created', 'test.batched', async (event, ctx) => {
      if (event.subject === 'BAD') throw new Error('bad lead');
      await ctx.once(event.id, async () => void single.push(event.subject));
    }, {
      maxAttempts: 1,
      batch: async (events, ctx) => {
        batches.push(events.map((e) => e.subject));
        if (events.some((e) => e.subject === 'BAD')) throw new Error('bad lead in the batch');
        await ctx.claim(events.map((e) => ({ effectKey: e.id, orgId: e.orgId })));
      },
    });
    await bb.write(...['L1', 'L2', 'L3'].map((subject) => ({ type: 'lead.created', subject })));
    expect(await bb.jobs.runner.drain()).toMatchObject({ delivered: 3 });
    expect(batches).toEqual([['L1', 'L2', 'L3']]);
    expect(single).toEqual([]);

    await bb.write(...['L4', 'BAD', 'L5'].map((subject) => ({ type: 'lead.created', subject })));
    expect(await bb.jobs.runner.drain()).toMatchObject({ delivered: 2, deadLettered: 1 });
    expect(batches.at(-1)).toEqual(['L4', 'BAD', 'L5']);
    expect(single).toEqual(['L4', 'L5']);
    const effects = await bb.database.db.selectFrom('reaction_effects').select('effect_key').where('scope', '=', 'reaction:test.batched').execute();
    expect(effects).toHaveLength(5);
    expect(Number((await checkpointOf('test.batched')).position)).toBe(6);
  });

  it('refuses a reaction name registered twice', () => {
    bb.jobs.reactions.on('lead.created', 'test.once', async () => undefined);
    expect(() => bb.jobs.reactions.on('lead.merged', 'test.once', async () => undefined)).toThrow(/registered twice/);
  });
});
