/**
 * The answers index.html's early script already asked for (boot/early.ts). Each serves the app's first request for
 * its address, once, and only while the page is starting: a later request (a refresh after a live change) must read
 * the server anew, not the page's first answer. What the start did not use is dropped once the first screen is up.
 */
import { earlyGlobal, type EarlyAnswers } from '../boot/early';

const startingForMs = 10_000;

export function takeEarly(url: string): Promise<Response> | undefined {
  if (typeof window === 'undefined') return undefined;
  const answers = (window as unknown as Record<string, EarlyAnswers | undefined>)[earlyGlobal];
  const response = answers?.responses[url];
  if (!answers || !response) return undefined;
  delete answers.responses[url];
  return performance.now() - answers.at < startingForMs ? response : undefined;
}

/** Forgets the early answers nobody took (the live stream may have brought the same data, newer). */
export function dropEarlyAnswers(): void {
  if (typeof window === 'undefined') return;
  const answers = (window as unknown as Record<string, EarlyAnswers | undefined>)[earlyGlobal];
  if (answers) answers.responses = {};
}
