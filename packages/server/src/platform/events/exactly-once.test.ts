/**
 * Exactly-once effects under failure, in process. bench/crash.mjs kills a real server with SIGKILL; here a delivery
 * transaction is rolled back where it would have committed, which is what a kill at the worst moment leaves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import type { DatabaseHandle } from '../db/database.js';
import { verifyChain } from '../audit/chain.js';
import { createJobs, type Jobs, type JobContext, type DeliveredEvent } from '../jobs/index.js';

const bound = <T extends object>(target: T, prop: string | symbol): unknown => {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === 'function' ? value.bind(target) : value;
};

/**
 * The same database, except that when `dies()` says so a transaction's commit fails instead of committing; the
 * caller then rolls it back, and the database is left as a kill just before the commit would leave it. `watch`
 * hears each transaction start and each death.
 */
function dyingBeforeCommit(database: DatabaseHandle, dies: () => boolean, watch = { started: () => undefined as void, died: () => undefined as void }): DatabaseHandle {
  const db = new Proxy(database.db, {
    get(target, prop) {
      if (prop !== 'startTransaction') return bound(target, prop);
      return () => ({
        execute: async () => {
          const trx = await target.startTransaction().execute();
          watch.started();
          return new Proxy(trx, {
            get(t, p) {
              if (p !== 'commit' || !dies()) return bound(t, p);
              return () => ({
                execute: async () => {
                  watch.died();
                  throw new Error('the process died before commit');
                },
              });
            },
          });
        },
      });
    },
  });
  return { ...database, db };
}

/** The effect under test: a follow-up event and an audit entry, applied once per delivered event. */
const welcome = (event: DeliveredEvent, ctx: JobContext) =>
  ctx.once(`welcome:${event.id}`, async () => {
    await ctx.emit({ type: 'lead.welcomed', subject: event.subject, payload: {} });
    await ctx.audit({ action: 'welcome', entityType: 'lead', entityId: event.subject });
  });

const leads = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ type: 'lead.created', subject: `L${from + i}` }));
const numberOf = (subject: string) => Number(subject.slice(1));

describe.each(dialects)('exactly-once effects on %s', (dialect) => {
  let bb: Backbone;
  beforeEach(async () => {
    bb = await createBackbone(dialect);
  });
  afterEach(async () => {
    await bb.close();
  });

  const welcomedSubjects = async () =>
    (await bb.database.db.selectFrom('events').select('subject').where('type', '=', 'lead.welcomed').execute()).map((r) => r.subject).sort();
  const expectedSubjects = (n: number) => leads(1, n).map((l) => l.subject).sort();

  it('applies one effect per event through failed attempts, deaths before commit and a replay from a reset checkpoint', async () => {
    let dieAtCommit = false;
    // Which transaction each handler call ran in, and which transactions died: what a death undid is known exactly.
    let transaction = 0;
    const dead = new Set<number>();
    const watch = { started: () => void (transaction += 1), died: () => void dead.add(transaction) };
    const jobs = createJobs(dyingBeforeCommit(bb.database, () => dieAtCommit && !(dieAtCommit = false), watch), bb.clock);
    const handled: Array<{ subject: string; transaction: number; threw: boolean }> = [];
    const attempts = new Map<string, number>();
    jobs.reactions.on('lead.created', 'test.welcome', async (event, ctx) => {
      const call = { subject: event.subject, transaction, threw: false };
      handled.push(call);
      await welcome(event, ctx);
      const first = !attempts.has(event.id);
      attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
      const n = numberOf(event.subject);
      if (first && n % 7 === 0) {
        call.threw = true;
        throw new Error('the mail server said no'); // recorded as a failure, retried
      }
      if (first && n % 5 === 0) dieAtCommit = true; // everything this delivery's transaction wrote is lost
    }, { maxAttempts: 5, baseDelayMs: 0 });

    let deaths = 0;
    const pass = async () => {
      try {
        return await jobs.runner.runDue();
      } catch (error) {
        expect((error as Error).message).toBe('the process died before commit');
        deaths += 1;
        return undefined;
      }
    };
    // Writes keep arriving while the runner works through them.
    for (let batch = 0; batch < 12; batch += 1) {
      await bb.write(...leads(batch * 10 + 1, batch * 10 + 10));
      await pass();
    }
    for (let i = 0; i < 500; i += 1) {
      const report = await pass();
      if (report && Object.values(report).every((n) => n === 0)) break;
    }

    // Every call is accounted for: it ran in a transaction that died, or it failed (and the failure was kept), or
    // it is the one success of its event. Several events delivered in one transaction die together.
    const subjects = (calls: typeof handled) => calls.map((c) => c.subject).sort();
    const committed = handled.filter((c) => !dead.has(c.transaction));
    expect(subjects(committed.filter((c) => !c.threw))).toEqual(expectedSubjects(120));
    expect(committed.filter((c) => c.threw).every((c) => numberOf(c.subject) % 7 === 0)).toBe(true);
    expect(deaths).toBe(dead.size);
    for (const dying of leads(1, 120).filter((l) => numberOf(l.subject) % 5 === 0 && numberOf(l.subject) % 7 !== 0)) {
      expect(dead.has(handled.find((c) => c.subject === dying.subject)!.transaction), dying.subject).toBe(true);
    }
    expect(deaths).toBeGreaterThan(0);
    expect(await welcomedSubjects()).toEqual(expectedSubjects(120));
    const audit = await bb.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'welcome').execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual(expectedSubjects(120));
    expect(await verifyChain(bb.database.db, bb.orgId)).toMatchObject({ ok: true, entries: 120 });
    expect(await bb.database.db.selectFrom('dead_letters').selectAll().execute()).toEqual([]);

    // An operator replays the reaction from the start: every event is handled again, no effect repeats.
    await bb.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', 'test.welcome').execute();
    const before = handled.length;
    await jobs.runner.drain(undefined, 10);
    expect(handled.length - before).toBe(120);
    expect(await welcomedSubjects()).toEqual(expectedSubjects(120));
    expect(await verifyChain(bb.database.db, bb.orgId)).toMatchObject({ ok: true, entries: 120 });
    const keys = await bb.database.db.selectFrom('reaction_effects').select('effect_key').where('scope', '=', 'reaction:test.welcome').execute();
    expect(keys).toHaveLength(120);
  });

  it('hands each event to one of two runners racing over the same database, never to both', async () => {
    const handled: string[] = [];
    const runner = (): Jobs => {
      const jobs = createJobs(bb.database, bb.clock);
      jobs.reactions.on('lead.created', 'test.welcome', async (event, ctx) => {
        handled.push(event.subject);
        await welcome(event, ctx);
      });
      return jobs;
    };
    const [a, b] = [runner(), runner()];
    const writes = (async () => {
      for (let batch = 0; batch < 10; batch += 1) await bb.write(...leads(batch * 10 + 1, batch * 10 + 10));
    })();
    await Promise.all([writes, a.runner.drain(undefined, 1_000), b.runner.drain(undefined, 1_000)]);
    await Promise.all([a.runner.drain(undefined, 1_000), b.runner.drain(undefined, 1_000)]);

    expect(handled.sort()).toEqual(expectedSubjects(100));
    expect(await welcomedSubjects()).toEqual(expectedSubjects(100));
    expect(await verifyChain(bb.database.db, bb.orgId)).toMatchObject({ ok: true, entries: 100 });
  });
});
