/**
 * How a delivery is signed: `X-Closeloop-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`,
 * with the timestamp (Unix seconds) sent as `X-Closeloop-Timestamp`. Signing the timestamp with the body lets a
 * receiver refuse an old request replayed by someone who captured it. docs/api.md shows the receiving side.
 */
import { createHmac } from 'node:crypto';
import { newSecret } from '../../platform/ids.js';

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A new signing secret: 32 bytes from the CSPRNG, recognisable by its prefix. */
export const newWebhookSecret = (): string => `whsec_${newSecret()}`;

/** The secret as lists show it: enough to tell two apart, never enough to sign. */
export const secretHint = (secret: string): string => `whsec_••••${secret.slice(-4)}`;
