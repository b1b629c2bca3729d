/**
 * The one decimal type of the commission engine. A private clone of decimal.js so that no other module's settings
 * change ours: 40 significant digits is far beyond any amount × rate, and nothing here is ever a float.
 * Money enters and leaves the engine as integer minor units (fen, cents); between the two it is a Decimal in major
 * units, and it is rounded once, when a payout line is made.
 */
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from '../platform/money.js';

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'down' | 'up';

const decimalRounding: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  'half-down': Decimal.ROUND_HALF_DOWN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/** Integer minor units → major units (12345 fen → 123.45). */
export function fromMinor(minor: number, currency: string): Dec {
  return new Dec(minor).div(new Dec(10).pow(minorUnitDigits(currency)));
}

/**
 * Major units → integer minor units, rounded by the plan's rule to the currency's minor unit (or to `digits`).
 * Half-up rounds half away from zero, so a clawback is the exact mirror of the payment it reverses.
 */
export function toMinor(major: Dec, currency: string, mode: RoundingMode = 'half-up', digits = minorUnitDigits(currency)): number {
  const scaled = major.mul(new Dec(10).pow(minorUnitDigits(currency)));
  const step = new Dec(10).pow(minorUnitDigits(currency) - digits);
  const minor = scaled.div(step).toDecimalPlaces(0, decimalRounding[mode]).mul(step);
  const n = minor.toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${major.toString()} ${currency} is out of range`);
  return n === 0 ? 0 : n; // no -0 in payout lines
}

/** "1234567.8" → "1,234,567.80": amounts in explanations read like a statement, with the currency's digits. */
export function showAmount(major: Dec, currency: string): string {
  const fixed = major.toFixed(minorUnitDigits(currency));
  const [whole = '0', fraction] = fixed.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${major.isNegative() && !major.isZero() ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A measure or bound without trailing zeros, grouped ("3000" → "3,000", "12.5" → "12.5"). */
export function showNumber(value: Dec): string {
  const [whole = '0', fraction] = value.abs().toFixed().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.isNegative() && !value.isZero() ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** 0.035 → "3.5%". */
export function showRate(rate: Dec): string {
  return `${rate.mul(HUNDRED).toFixed()}%`;
}
