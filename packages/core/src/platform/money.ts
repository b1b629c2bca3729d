/**
 * Money is an integer count of the currency's minor unit (fen for CNY, cents for USD) plus an ISO 4217 code.
 * It never passes through a float: amounts arrive as integers or decimal strings and are parsed exactly.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const minorDigits: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, JPY: 0, KRW: 0, GBP: 2, SGD: 2 };

export function minorUnitDigits(currency: string): number {
  return minorDigits[currency] ?? 2;
}

/** Parses "1234.5" or "1,234.50" into minor units exactly; returns null if it is not a valid amount. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const cleaned = text.trim().replace(/[,\s¥￥$€]/g, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' ? -minor : minor;
}

/** Formats minor units as a plain decimal string ("123456" CNY → "1234.56"). */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
