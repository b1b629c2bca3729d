/** When a failed reaction or timer is tried again, and when it gives up and goes to the dead-letter list. */
export interface RetryPolicy {
  /** Failures before the work is dead-lettered (the first try counts). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * 2 s, 4 s, 8 s … ≈ 4 minutes of trying in all: a reaction's later events wait behind a failing one (order is
 * kept), so a poison event must not hold them for hours; an admin can retry the dead letter once the cause is fixed.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000 };

export function retryDelayMs(policy: RetryPolicy, failures: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, failures - 1), policy.maxDelayMs);
}

/** What is kept of an error for the dead-letter list: the message, never a stack (admins read it in the UI). */
export function failureText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2_000);
}
