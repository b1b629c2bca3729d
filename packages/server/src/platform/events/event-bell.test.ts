/**
 * The event bell: a write's events are delivered as soon as it commits, not at the runner's next poll. The runners
 * here poll once a minute, so anything delivered within the test's few seconds was woken by the bell.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, pgUrl } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import type { AuthContext } from '../access/auth-context.js';
import { openDatabase } from '../db/database.js';
import { UnitOfWork } from '../http/unit-of-work.js';
import { createJobs } from '../jobs/index.js';

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const rep = (orgId: string): AuthContext => ({
  orgId, userId: 'u_rep', role: 'rep', dataScope: 'own', teamIds: [], whitelistRegionIds: [], whitelistIndustries: [],
  permissions: new Set(['crm.read', 'crm.write']), principal: { kind: 'token', id: 'tok_rep' }, locale: 'zh-CN',
});

const idlePoll = { pollMs: 60_000 };

describe.each(dialects)('waking the runner on %s', (dialect) => {
  let bb: Backbone;
  let seen: string[];
  beforeEach(async () => {
    bb = await createBackbone(dialect);
    seen = [];
    bb.jobs.reactions.on('lead.created', 'test.woken', async (event) => void seen.push(event.subject));
  });
  afterEach(async () => {
    await bb.jobs.runner.stop();
    await bb.close();
  });

  const createLead = (uow: UnitOfWork, subject: string) =>
    uow.run(rep(bb.orgId), async (w) => {
      await w.emit({ type: 'lead.created', subject, payload: {} });
      return { status: 201, body: null };
    });

  it('delivers a write\'s events right after it commits, not at the next poll', async () => {
    const uow = new UnitOfWork(bb.database, bb.clock, bb.jobs.bell);
    bb.jobs.runner.start(idlePoll);
    for (const subject of ['L1', 'L2', 'L3']) {
      await createLead(uow, subject);
      await until(() => seen.includes(subject), `${subject} to be delivered`);
    }
    expect(seen).toEqual(['L1', 'L2', 'L3']);
  });

  it('does not ring for a write that rolled back, nor for one that emitted nothing', async () => {
    let rings = 0;
    const stop = bb.jobs.bell.listen(() => void (rings += 1));
    if (dialect === 'postgres') {
      await until(() => rings === 1, 'the ring that says the listening connection is up');
      rings = 0;
    }
    const uow = new UnitOfWork(bb.database, bb.clock, bb.jobs.bell);
    await expect(uow.run(rep(bb.orgId), async (w) => {
      await w.emit({ type: 'lead.created', subject: 'ROLLED-BACK', payload: {} });
      throw new Error('the validation failed late');
    })).rejects.toThrow('the validation failed late');
    await uow.run(rep(bb.orgId), async () => ({ status: 200, body: null }));
    expect(rings).toBe(0);
    await createLead(uow, 'L1');
    expect(rings).toBe(1);
    await stop();
  });

  it('after a failed pass waits the poll interval however often the bell rings', async () => {
    let passes = 0;
    bb.jobs.runner.runDue = async () => {
      passes += 1;
      throw new Error('connection reset');
    };
    bb.jobs.runner.start(idlePoll);
    await until(() => passes === 1, 'the first pass');
    for (let i = 0; i < 5; i += 1) bb.jobs.bell.ring();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passes).toBe(1);
  });

  it.runIf(dialect === 'postgres')('wakes the runner of another process when the writing process runs none', async () => {
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(bb.database.db)).rows[0]!.schema;
    const requestsOnly = openDatabase(pgUrl!, { pgSchema: schema, poolSize: 2 });
    try {
      // A process started with JOBS_ENABLED=false: its own runner never starts, so its bell has no listener here.
      const theirJobs = createJobs(requestsOnly, bb.clock);
      const theirUow = new UnitOfWork(requestsOnly, bb.clock, theirJobs.bell);
      // Whether the NOTIFY arrives or the listening connection comes up after the commit, the runner is woken.
      bb.jobs.runner.start(idlePoll);
      await createLead(theirUow, 'FROM-ELSEWHERE');
      await until(() => seen.includes('FROM-ELSEWHERE'), 'the other process\'s write to be delivered');
    } finally {
      await requestsOnly.close();
    }
  });
});
