import { createHash, timingSafeEqual } from 'node:crypto';

/** Secrets are stored only as their SHA-256: a leaked table does not leak a usable session or token. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API tokens look like `clk_<8 char prefix>_<secret>`; the prefix is shown in lists so people can tell them apart. */
export const apiTokenPattern = /^clk_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{20,})$/;
