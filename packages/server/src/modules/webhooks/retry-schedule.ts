/**
 * When a failed delivery is tried again: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h after each failure, so 8
 * attempts over about 45 hours ride out a receiver's deployment, an outage or a weekend. After the eighth it is
 * failed, and an admin can redeliver it. A test ping is tried once: whoever sends it is waiting for the answer.
 */
import { webhookPingType } from '@closeloop/core';

export const webhookRetryDelaysMs = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000] as const;

export const maxWebhookAttempts = webhookRetryDelaysMs.length + 1;

/** The wait before the next attempt after `failures` failed ones in this round; null when it is given up. */
export function nextRetryDelayMs(failures: number, eventType: string): number | null {
  if (eventType === webhookPingType) return null;
  return webhookRetryDelaysMs[failures - 1] ?? null;
}
