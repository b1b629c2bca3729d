import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe.each(dialects)('the job runner on %s', (dialect) => {
  let bb: Backbone;
  beforeEach(async () => {
    bb = await createBackbone(dialect);
  });
  afterEach(async () => {
    await bb.jobs.runner.stop();
    await bb.close();
  });

  it('delivers in the background once started, and stops before the database closes', async () => {
    const seen: string[] = [];
    bb.jobs.reactions.on('lead.created', 'test.background', async (event) => void seen.push(event.subject));
    bb.jobs.runner.start({ pollMs: 10 });
    await bb.write({ type: 'lead.created', subject: 'L1' });
    await until(() => seen.length === 1);

    await bb.jobs.runner.stop();
    await bb.write({ type: 'lead.created', subject: 'L2' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['L1']);
  });

  it('delivers a lone write at once, and the writes that follow a busy pass together after the gap', async () => {
    const seen: string[] = [];
    const busyPasses: number[] = [];
    bb.jobs.reactions.on('lead.created', 'test.gap', async (event) => void seen.push(event.subject));
    const runDue = bb.jobs.runner.runDue.bind(bb.jobs.runner);
    bb.jobs.runner.runDue = async (l) => {
      const report = await runDue(l);
      if (report.delivered > 0) busyPasses.push(report.delivered);
      return report;
    };
    await bb.jobs.runner.drain(); // nothing left for the first pass to do: the runner starts quiet
    bb.jobs.runner.start({ pollMs: 60_000, passGapMs: 1_000 });
    // Committed writes ring the bell, as the unit of work does.
    const write = async (subject: string) => {
      await bb.write({ type: 'lead.created', subject });
      bb.jobs.bell.ring();
    };
    const started = Date.now();
    await write('L1');
    await until(() => seen.length === 1);
    const first = Date.now() - started;
    for (const subject of ['L2', 'L3', 'L4']) await write(subject);
    // The handler runs before its pass commits and reports: wait for the pass, not just the handler.
    await until(() => busyPasses.reduce((sum, n) => sum + n, 0) === 4);
    expect(seen).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(first).toBeLessThan(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(busyPasses).toEqual([1, 3]);
  });

  it('reports a pass that fails and keeps going', async () => {
    const errors: string[] = [];
    const log = { warn: () => undefined, error: (_: object, message: string) => void errors.push(message) };
    let broken = true;
    const seen: string[] = [];
    bb.jobs.reactions.on('lead.created', 'test.recovering', async (event) => void seen.push(event.subject));
    const runDue = bb.jobs.runner.runDue.bind(bb.jobs.runner);
    bb.jobs.runner.runDue = async (l) => {
      if (broken) {
        broken = false;
        throw new Error('connection reset');
      }
      return runDue(l);
    };
    await bb.write({ type: 'lead.created', subject: 'L1' });
    bb.jobs.runner.start({ pollMs: 10, log });
    await until(() => seen.length === 1);
    expect(errors).toEqual(['background pass failed; trying again']);
  });

  it('refuses to drain forever when a reaction keeps emitting what it reacts to', async () => {
    bb.jobs.reactions.on('test.echo', 'test.echo', async (event, ctx) => ctx.emit({ type: 'test.echo', subject: event.subject, payload: {} }));
    await bb.write({ type: 'test.echo' });
    await expect(bb.jobs.runner.drain(undefined, 5)).rejects.toThrow(/did not settle/);
  });
});
