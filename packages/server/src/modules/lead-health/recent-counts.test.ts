import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { RecentCounts } from './recent-counts.js';

describe('company-wide counts kept for a while when they are slow', () => {
  it('keeps a slow pass for a minute and counts again after it; never keeps a quick one', async () => {
    const clock = new ManualClock('2026-11-06T08:00:00.000Z');
    let spent = 0;
    let passes = 0;
    const counts = new RecentCounts<number>(clock, 1_000, 60_000, () => spent);
    const slow = (at: Date) => { passes += 1; spent += 1_500; return Promise.resolve(at.getTime()); };
    const quick = (at: Date) => { passes += 1; spent += 10; return Promise.resolve(at.getTime()); };

    expect((await counts.get('org_a', slow)).at.toISOString()).toBe('2026-11-06T08:00:00.000Z');
    clock.advance(59_000);
    expect((await counts.get('org_a', slow)).at.toISOString()).toBe('2026-11-06T08:00:00.000Z');
    expect(passes).toBe(1);
    clock.advance(1_000);
    expect((await counts.get('org_a', slow)).at.toISOString()).toBe('2026-11-06T08:01:00.000Z');
    expect(passes).toBe(2);

    await counts.get('org_b', quick);
    await counts.get('org_b', quick);
    expect(passes).toBe(4);
    expect(counts.fresh('org_b')).toBeNull();
  });

  it('lets askers at the same time share one pass', async () => {
    const counts = new RecentCounts<string>(new ManualClock(), 1_000);
    let passes = 0;
    let finish: (value: string) => void = () => undefined;
    const count = () => { passes += 1; return new Promise<string>((resolve) => (finish = resolve)); };
    const [a, b] = [counts.get('org_a', count), counts.get('org_a', count)];
    finish('counted');
    expect([(await a).value, (await b).value, passes]).toEqual(['counted', 'counted', 1]);
  });
});
