import { describe, expect, it } from 'vitest';
import { takeRobotToken, throttledBackoffMs } from './robot-throttle.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 2, 1, 0, 0) + seconds * 1000);

function spend(times: number[], spent: string[] = []): { spent: string[]; granted: number } {
  let granted = 0;
  for (const t of times) {
    const decision = takeRobotToken(spent, at(t));
    spent = decision.spent;
    if (decision.granted) granted += 1;
  }
  return { spent, granted };
}

describe('the robot token bucket', () => {
  it('grants 20 messages at once and makes the 21st wait a full minute', () => {
    const { spent, granted } = spend(Array(20).fill(0));
    expect(granted).toBe(20);
    const refused = takeRobotToken(spent, at(0));
    expect(refused.granted).toBe(false);
    expect(!refused.granted && refused.freeAt.toISOString()).toBe(at(60).toISOString());
    expect(takeRobotToken(spent, at(59.999)).granted).toBe(false);
    expect(takeRobotToken(spent, at(60)).granted).toBe(true);
  });

  it('never lets more than 20 through in any 60 seconds, at a minute boundary either', () => {
    const { spent } = spend([...Array(10).fill(0), ...Array(10).fill(30)]);
    expect(spend(Array(11).fill(60), spent).granted).toBe(10);
    expect(spend(Array(21).fill(90), spend(Array(10).fill(60), spent).spent).granted).toBe(10);
  });

  it('backs off a minute after "too fast", doubling up to ten minutes', () => {
    expect([1, 2, 3, 4, 5, 9].map(throttledBackoffMs)).toEqual([60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });
});
