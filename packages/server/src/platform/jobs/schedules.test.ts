import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../../test-support/databases.js';
import { createBackbone, type Backbone } from '../../test-support/backbone.js';
import { nextOccurrence, scheduleKey, type ScheduledRun } from './schedules.js';

/** The next `count` occurrences after `from`, as UTC ISO strings. */
const occurrences = (pattern: string, timeZone: string, from: string, count: number): string[] => {
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i += 1) {
    at = nextOccurrence(pattern, timeZone, at);
    out.push(at.toISOString());
  }
  return out;
};

describe('schedule occurrences in a company\'s time zone', () => {
  it('keeps "every day 08:30" at 08:30 Berlin time across the March and October clock changes', () => {
    expect(occurrences('30 8 * * *', 'Europe/Berlin', '2027-03-26T12:00:00Z', 3)).toEqual([
      '2027-03-27T07:30:00.000Z', // CET, UTC+1
      '2027-03-28T06:30:00.000Z', // the clocks went forward that night: CEST, UTC+2
      '2027-03-29T06:30:00.000Z',
    ]);
    expect(occurrences('30 8 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T06:30:00.000Z',
      '2026-10-25T07:30:00.000Z', // back to CET
      '2026-10-26T07:30:00.000Z',
    ]);
  });

  it('runs a time that does not exist on the spring night an hour later, and one that exists twice in autumn once', () => {
    expect(occurrences('30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', 2)).toEqual([
      '2027-03-28T01:30:00.000Z', // 02:30 never happens that night: 03:30 CEST
      '2027-03-29T00:30:00.000Z',
    ]);
    const autumn = occurrences('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2);
    expect(autumn).toEqual(['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']); // one run on the long night
  });

  it('keeps "every Friday 16:00" on Friday afternoon in Berlin through the change to summer time', () => {
    expect(occurrences('0 16 * * 5', 'Europe/Berlin', '2027-03-20T00:00:00Z', 2)).toEqual(['2027-03-26T15:00:00.000Z', '2027-04-02T14:00:00.000Z']);
  });

  it('has no clock change in Shanghai: Friday 16:00 is 08:00 UTC all year', () => {
    for (const from of ['2027-03-22T00:00:00Z', '2026-10-19T00:00:00Z']) {
      for (const at of occurrences('0 16 * * 5', 'Asia/Shanghai', from, 3)) {
        expect(at).toMatch(/T08:00:00\.000Z$/);
        expect(new Date(at).getUTCDay()).toBe(5);
      }
    }
  });

  it('runs "the 5th of each month" at 09:00 local on the 5th, and counts strictly after the given time', () => {
    expect(occurrences('0 9 5 * *', 'Asia/Shanghai', '2026-11-02T01:00:00Z', 3)).toEqual([
      '2026-11-05T01:00:00.000Z', '2026-12-05T01:00:00.000Z', '2027-01-05T01:00:00.000Z',
    ]);
    expect(nextOccurrence('0 9 5 * *', 'Asia/Shanghai', new Date('2026-11-05T01:00:00.000Z')).toISOString()).toBe('2026-12-05T01:00:00.000Z');
  });
});

describe.each(dialects)('schedules on %s', (dialect) => {
  let bb: Backbone;
  let runs: ScheduledRun[];
  beforeEach(async () => {
    bb = await createBackbone(dialect, [{ id: 'org_sh', timeZone: 'Asia/Shanghai' }, { id: 'org_be', timeZone: 'Europe/Berlin' }]);
    runs = [];
    bb.jobs.schedules.every('test.weekly-report', '0 16 * * 5', async (run, ctx) => {
      runs.push(run);
      await ctx.once(`weekly:${run.scheduledFor}`, async () => undefined);
    });
  });
  afterEach(async () => {
    await bb.close();
  });

  const armedFor = async () =>
    Object.fromEntries(
      (await bb.database.db.selectFrom('timers').select(['org_id', 'due_at']).where('key', '=', scheduleKey('test.weekly-report')).execute()).map((t) => [t.org_id, t.due_at]),
    );

  it('runs every Friday 16:00 in each company\'s own time zone and arms the week after', async () => {
    expect((await bb.jobs.runner.drain()).armed).toBe(2); // Monday 2 November 2026
    expect(await armedFor()).toEqual({ org_sh: '2026-11-06T08:00:00.000Z', org_be: '2026-11-06T15:00:00.000Z' });

    bb.clock.set('2026-11-06T08:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(runs).toEqual([{ orgId: 'org_sh', timeZone: 'Asia/Shanghai', scheduledFor: '2026-11-06T08:00:00.000Z' }]);
    expect(await armedFor()).toEqual({ org_sh: '2026-11-13T08:00:00.000Z', org_be: '2026-11-06T15:00:00.000Z' });

    bb.clock.set('2026-11-06T15:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(runs.map((r) => [r.orgId, r.scheduledFor])).toEqual([['org_sh', '2026-11-06T08:00:00.000Z'], ['org_be', '2026-11-06T15:00:00.000Z']]);
    expect(await armedFor()).toEqual({ org_sh: '2026-11-13T08:00:00.000Z', org_be: '2026-11-13T15:00:00.000Z' });
  });

  it('after three weeks of downtime runs the missed Friday once, then carries on from the present', async () => {
    await bb.jobs.runner.drain();
    bb.clock.set('2026-11-25T00:00:00.000Z'); // a Wednesday, three Fridays later
    await bb.jobs.runner.drain();
    expect(runs.map((r) => [r.orgId, r.scheduledFor]).sort()).toEqual([['org_be', '2026-11-06T15:00:00.000Z'], ['org_sh', '2026-11-06T08:00:00.000Z']]);
    expect(await armedFor()).toEqual({ org_sh: '2026-11-27T08:00:00.000Z', org_be: '2026-11-27T15:00:00.000Z' });
  });

  it('moves the next run to the new time zone when a company changes it: Friday 16:00 Shanghai becomes Friday 16:00 Berlin', async () => {
    await bb.jobs.runner.drain();
    const moved = await bb.database.db.transaction().execute(async (tx) => {
      await tx.updateTable('orgs').set({ time_zone: 'Europe/Berlin' }).where('id', '=', 'org_sh').execute();
      return bb.jobs.schedules.rezone(tx, dialect, 'org_sh', 'Europe/Berlin');
    });
    expect(moved).toBe(1);
    expect(await armedFor()).toEqual({ org_sh: '2026-11-06T15:00:00.000Z', org_be: '2026-11-06T15:00:00.000Z' });
    bb.clock.set('2026-11-06T08:00:00.000Z'); // 16:00 in Shanghai: nothing runs any more
    expect((await bb.jobs.runner.drain()).fired).toBe(0);
    bb.clock.set('2026-11-06T15:00:00.000Z');
    await bb.jobs.runner.drain();
    expect(runs).toContainEqual({ orgId: 'org_sh', timeZone: 'Europe/Berlin', scheduledFor: '2026-11-06T15:00:00.000Z' });
    expect((await armedFor()).org_sh).toBe('2026-11-13T15:00:00.000Z');
  });

  it('leaves an occurrence that is already due to run when the time zone changes', async () => {
    await bb.jobs.runner.drain();
    bb.clock.set('2026-11-06T08:00:30.000Z'); // Shanghai's Friday 16:00 is due, the runner has not taken it yet
    const moved = await bb.database.db.transaction().execute((tx) => bb.jobs.schedules.rezone(tx, dialect, 'org_sh', 'Europe/Berlin'));
    expect(moved).toBe(0);
    expect((await armedFor()).org_sh).toBe('2026-11-06T08:00:00.000Z');
  });

  it('gives a company that joins later its own schedule at the next check', async () => {
    await bb.jobs.runner.drain();
    await bb.database.db.insertInto('orgs').values({ id: 'org_ny', name: 'New York Co', time_zone: 'America/New_York', created_at: bb.clock.now().toISOString() }).execute();
    expect((await bb.jobs.runner.drain()).armed).toBe(0);
    bb.clock.advance(60_000);
    expect((await bb.jobs.runner.drain()).armed).toBe(1);
    expect((await armedFor()).org_ny).toBe('2026-11-06T21:00:00.000Z'); // 16:00 EST
  });
});
