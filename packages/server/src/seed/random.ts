/**
 * A seeded random source, so the same seed and the same clock give the same company every time: demo
 * screenshots, benchmark data and test expectations stay stable.
 */
import { UUID } from 'uuidv7';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and well distributed enough for sample data (not for secrets). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[['new', 18], ['won', 10]]`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** Up to `max` distinct items, in list order. */
  some<T>(items: readonly T[], max: number): T[] {
    const count = this.int(0, Math.min(max, items.length));
    const chosen = new Set<T>();
    while (chosen.size < count) chosen.add(this.pick(items));
    return items.filter((item) => chosen.has(item));
  }

  /** A UUIDv7 stamped with the record's own time, so seeded rows sort like rows entered on that day. */
  idAt(unixMs: number): string {
    const word = () => Math.floor(this.next() * 4294967296) >>> 0;
    return UUID.fromFieldsV7(unixMs, word() & 0xfff, word() & 0x3fffffff, word()).toString();
  }
}
