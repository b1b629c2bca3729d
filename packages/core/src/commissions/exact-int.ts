/**
 * Exact integer arithmetic for the hot path. A rate such as "0.035" is the fraction 35/1000, and an amount in fen
 * times its numerator stays an exact JavaScript integer far beyond any real payment (below 2^53), so the common
 * case — money tiers over money — needs no decimal objects at all. Anything that does not fit falls back to
 * decimal.js; both paths give the same figures and the same explanation text.
 */
import type { RoundingMode } from './decimal.js';

export interface Fraction {
  num: number;
  den: number;
}

const fractions = new Map<string, Fraction | null>();

/** "0.035" → 35/1000; null when it has more than 9 decimals or is too large to stay exact. */
export function fractionOf(text: string): Fraction | null {
  const known = fractions.get(text);
  if (known !== undefined) return known;
  const match = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  let fraction: Fraction | null = null;
  if (match) {
    const decimals = match[3] ?? '';
    const num = Number(`${match[2]}${decimals}`) * (match[1] ? -1 : 1);
    const den = 10 ** decimals.length;
    if (Number.isSafeInteger(num)) fraction = { num, den };
  }
  fractions.set(text, fraction);
  return fraction;
}

/** The same fractions over one common denominator (the largest power of ten among them). */
export function commonDenominator(list: readonly Fraction[]): { den: number; nums: number[] } {
  const den = Math.max(1, ...list.map((f) => f.den));
  return { den, nums: list.map((f) => f.num * (den / f.den)) };
}

/** value ÷ den rounded to an integer by `mode` (value and den integers, den > 0). */
export function divRound(value: number, den: number, mode: RoundingMode): number {
  if (den === 1) return value;
  const negative = value < 0;
  const abs = Math.abs(value);
  const q = Math.floor(abs / den);
  const r = abs - q * den;
  let up: boolean;
  switch (mode) {
    case 'down': up = false; break;
    case 'up': up = r > 0; break;
    case 'half-up': up = r * 2 >= den; break;
    case 'half-down': up = r * 2 > den; break;
    case 'half-even': up = r * 2 > den || (r * 2 === den && q % 2 === 1); break;
  }
  const result = up && r > 0 ? q + 1 : q;
  return negative && result !== 0 ? -result : result;
}

export function safe(...values: number[]): boolean {
  return values.every((v) => Number.isSafeInteger(v));
}
