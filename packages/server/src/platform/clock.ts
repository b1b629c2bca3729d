/** Time is passed in, never read from the wall inside rules: tests move a clock instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and simulations; it moves only when told to. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-02T01:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export const isoNow = (clock: Clock): string => clock.now().toISOString();
