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

const scales = new Map<number, Dec>();

/** 10^digits, made once: the engine divides and multiplies by it for every line. */
export function minorScale(digits: number): Dec {
  return scale(digits);
}

function scale(digits: number): Dec {
  let found = scales.get(digits);
  if (!found) scales.set(digits, (found = new Dec(10).pow(digits)));
  return found;
}

/** Integer minor units → major units (12345 fen → 123.45). */
export function fromMinor(minor: number, currency: string): Dec {
  return new Dec(minor).div(scale(minorUnitDigits(currency)));
}

/**
 * Major units → integer minor units, rounded by the plan's rule to the currency's minor unit (or to `digits`).
 * Half-up rounds half away from zero, so a clawback is the exact mirror of the payment it reverses.
 */
export function toMinor(major: Dec, currency: string, mode: RoundingMode = 'half-up', digits = minorUnitDigits(currency)): number {
  return roundToMinor(major, currency, mode, digits).minor;
}

/** toMinor, also telling whether rounding changed the amount (the line then says so). */
export function roundToMinor(major: Dec, currency: string, mode: RoundingMode = 'half-up', digits = minorUnitDigits(currency)): { minor: number; exact: boolean } {
  const currencyDigits = minorUnitDigits(currency);
  const scaled = major.mul(scale(currencyDigits));
  const step = scale(currencyDigits - digits);
  const rounded = step.eq(1) ? scaled.toDecimalPlaces(0, decimalRounding[mode]) : scaled.div(step).toDecimalPlaces(0, decimalRounding[mode]).mul(step);
  const n = rounded.toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${major.toString()} ${currency} is out of range`);
  return { minor: n === 0 ? 0 : n, exact: rounded.eq(scaled) };
}

/** "1234567.8" → "1,234,567.80": amounts in explanations read like a statement, with the currency's digits. */
export function showAmount(major: Dec, currency: string): string {
  return group(major.toFixed(minorUnitDigits(currency)));
}

/** 123456 fen → "1,234.56" with integer arithmetic only: the cheap way for amounts already in minor units. */
export function showMinor(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  return `${minor < 0 ? '-' : ''}${group(whole)}${digits === 0 ? '' : `.${abs.slice(-digits)}`}`;
}

/** Thousands separators on a plain decimal text, by hand (a regex per amount showed up in the benchmark). */
function group(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const point = body.indexOf('.');
  const whole = point < 0 ? body : body.slice(0, point);
  if (whole.length <= 3) return text === '-0.00' ? '0.00' : text;
  let out = whole.slice(0, whole.length % 3 || 3);
  for (let i = out.length; i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return `${negative ? '-' : ''}${out}${point < 0 ? '' : body.slice(point)}`;
}

/** A measure or bound without trailing zeros, grouped ("3000" → "3,000", "12.5" → "12.5"). */
export function showNumber(value: Dec): string {
  return group(value.toFixed());
}

/** 0.035 → "3.5%". */
export function showRate(rate: Dec): string {
  return `${rate.mul(HUNDRED).toFixed()}%`;
}
