/**
 * DingTalk and WeCom group robots accept 20 messages a minute each; past that DingTalk answers 130101 and WeCom
 * 45009, and DingTalk then blocks the robot for a while. So each robot has a token bucket of 20 tokens in which
 * every token comes back one minute after it was spent: never more than 20 messages in any 60 seconds, even at
 * the boundary of a minute. A message that finds no token waits for the first one to come back — it is queued
 * with that due time, never dropped.
 *
 * The spent tokens live on the robot's row and are taken under its row lock, so several server processes share
 * one bucket per robot.
 */
export const robotRate = { messages: 20, windowMs: 60_000 } as const;

export type TokenDecision = { granted: true; spent: string[] } | { granted: false; spent: string[]; freeAt: Date };

/** Takes a token at `now` from a bucket whose spent tokens are `spent` (ISO times, any order). */
export function takeRobotToken(spent: readonly string[], now: Date, rate = robotRate): TokenDecision {
  const since = now.getTime() - rate.windowMs;
  const live = spent.filter((at) => Date.parse(at) > since).sort();
  if (live.length < rate.messages) return { granted: true, spent: [...live, now.toISOString()] };
  // The oldest live token is the first to come back.
  return { granted: false, spent: live, freeAt: new Date(Date.parse(live[0]!) + rate.windowMs) };
}

/** How long to wait after the robot itself said "too fast": a minute, doubling up to ten (DingTalk's block). */
export function throttledBackoffMs(answersInARow: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, answersInARow - 1), 10 * 60_000);
}
