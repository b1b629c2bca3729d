/**
 * Company-wide counts are a pass over every open lead; in a big company that pass takes seconds, and an open board
 * asks again on every change hint. A pass that took at least `slowMs` is kept for `keepMs` and serves every reader of
 * the company (each takes the people they may see from it; the answer's asOf says when it was counted). A quick pass
 * is never kept, so a small company's figures stay exact to the moment. Askers at the same time share one pass.
 */
import type { Clock } from '../../platform/clock.js';

export interface CountedAt<T> {
  at: Date;
  value: T;
}

export class RecentCounts<T> {
  private readonly kept = new Map<string, CountedAt<T>>();
  private readonly running = new Map<string, Promise<CountedAt<T>>>();

  constructor(
    private readonly clock: Clock,
    private readonly slowMs = 1_000,
    private readonly keepMs = 60_000,
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  /** The kept pass for `key` while it is fresh. */
  fresh(key: string): CountedAt<T> | null {
    const hit = this.kept.get(key);
    if (!hit) return null;
    if (this.clock.now().getTime() - hit.at.getTime() < this.keepMs) return hit;
    this.kept.delete(key);
    return null;
  }

  /** The fresh kept pass, the one running now, or a new one made by `count` (as of the instant it is given). */
  get(key: string, count: (at: Date) => Promise<T>): Promise<CountedAt<T>> {
    const hit = this.fresh(key);
    if (hit) return Promise.resolve(hit);
    const running = this.running.get(key);
    if (running) return running;
    const at = this.clock.now();
    const started = this.elapsed();
    const pass = count(at)
      .then((value) => {
        if (this.elapsed() - started >= this.slowMs) this.kept.set(key, { at, value });
        return { at, value };
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, pass);
    return pass;
  }
}
