import { describe, expect, it } from 'vitest';
import { runBulk } from './bulk';

describe('bulk actions record by record', () => {
  it('runs every record, a few at a time, and reports each failure against its record', async () => {
    let running = 0;
    let most = 0;
    const progress: number[] = [];
    const result = await runBulk(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, (8 - n) * 2));
        running -= 1;
        if (n % 3 === 0) throw new Error(`refused ${n}`);
      },
      { concurrency: 3, onProgress: (finished) => progress.push(finished) },
    );
    expect(most).toBe(3);
    expect(result.succeeded).toEqual([1, 2, 4, 5, 7]);
    expect(result.failed.map((f) => [f.item, (f.error as Error).message])).toEqual([[3, 'refused 3'], [6, 'refused 6']]);
    expect(result.notRun).toEqual([]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reports the records a cancelled run did not reach, rather than dropping them', async () => {
    let stop = false;
    const result = await runBulk(
      ['a', 'b', 'c', 'd'],
      async (item) => {
        if (item === 'b') stop = true;
      },
      { concurrency: 1, cancelled: () => stop },
    );
    expect(result.succeeded).toEqual(['a', 'b']);
    expect(result.notRun).toEqual(['c', 'd']);
  });
});
