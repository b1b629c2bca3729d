/**
 * Amounts typed by a person, as integer minor units: "12,345.6" yuan is 1234560 fen. Done on the decimal text, never
 * through a float, so no amount is ever off by a fen.
 */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units from a decimal amount text; null when the text is not an amount with at most the currency's decimals. */
export function toMinor(text: string, currency: string): number | null {
  const digits = minorDigitsOf(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.replace(/[,\s]/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** The decimal text of an amount in minor units, for an input to start from: 1234560 fen → "12345.60". */
export function fromMinor(minor: number, currency: string): string {
  const digits = minorDigitsOf(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
