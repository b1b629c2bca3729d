/**
 * Tier maths over a measure: which band a running total is in, how a slice of it spreads over bands, and where
 * an interpolated curve stands. Bands are half-open, [from, to): reaching 8,000 exactly is reaching the band that
 * starts at 8,000, which is how comp teams read "from 8,000".
 */
import { Dec, ZERO } from './decimal.js';

export interface Band {
  from: Dec;
  /** null: no upper end */
  to: Dec | null;
  rate: Dec;
}

export interface BandSlice {
  band: Band;
  from: Dec;
  to: Dec;
  size: Dec;
}

export interface CurvePoint {
  at: Dec;
  pay: Dec;
}

export function bandsFrom(bands: ReadonlyArray<{ upTo?: string | undefined; rate: string }>): Band[] {
  let from = ZERO;
  return bands.map((band) => {
    const to = band.upTo === undefined ? null : new Dec(band.upTo);
    const made: Band = { from, to, rate: new Dec(band.rate) };
    if (to) from = to;
    return made;
  });
}

/** The band holding `value`; below the first band's start, the first band. */
export function bandAt(bands: readonly Band[], value: Dec): Band {
  for (const band of bands) if (band.to === null || value.lt(band.to)) return band;
  return bands[bands.length - 1]!;
}

/** How the stretch [start, end) of the measure falls into bands (marginal/step tiers pay each piece at its band's rate). */
export function slicesOf(bands: readonly Band[], start: Dec, end: Dec): BandSlice[] {
  const slices: BandSlice[] = [];
  if (!end.gt(start)) return slices;
  for (const band of bands) {
    const from = Dec.max(start, band.from);
    const to = band.to === null ? end : Dec.min(end, band.to);
    if (to.gt(from)) slices.push({ band, from, to, size: to.sub(from) });
  }
  // Below zero (a running total pulled under 0 by a refund) counts in the first band.
  if (start.lt(ZERO) && bands[0]) {
    const to = Dec.min(end, ZERO);
    slices.unshift({ band: bands[0], from: start, to, size: to.sub(start) });
  }
  return slices;
}

/** The curve's pay at `x`: straight lines between points, flat before the first and after the last. */
export function curveAt(points: readonly CurvePoint[], x: Dec): Dec {
  const first = points[0]!;
  if (x.lte(first.at)) return first.pay;
  for (let i = 1; i < points.length; i += 1) {
    const right = points[i]!;
    if (x.lte(right.at)) {
      const left = points[i - 1]!;
      return left.pay.add(right.pay.sub(left.pay).mul(x.sub(left.at)).div(right.at.sub(left.at)));
    }
  }
  return points[points.length - 1]!.pay;
}

export interface MultiplierBand {
  from: Dec;
  multiplier: Dec;
}

/** The multiplier in force at `attainment` (1 below the first band). */
export function multiplierAt(bands: readonly MultiplierBand[], attainment: Dec): Dec {
  let found = new Dec(1);
  for (const band of bands) if (attainment.gte(band.from)) found = band.multiplier;
  return found;
}

/** How the attainment stretch [start, end) falls into multiplier bands, as {from, to, multiplier, portion of the stretch}. */
export function multiplierSlices(bands: readonly MultiplierBand[], start: Dec, end: Dec): Array<{ from: Dec; to: Dec; multiplier: Dec; portion: Dec }> {
  if (!end.gt(start)) return [];
  const edges: Array<{ from: Dec; to: Dec | null; multiplier: Dec }> = [];
  const firstFrom = bands[0]?.from ?? ZERO;
  edges.push({ from: new Dec(-Infinity), to: firstFrom, multiplier: new Dec(1) });
  bands.forEach((band, i) => edges.push({ from: band.from, to: bands[i + 1]?.from ?? null, multiplier: band.multiplier }));
  const length = end.sub(start);
  const out: Array<{ from: Dec; to: Dec; multiplier: Dec; portion: Dec }> = [];
  for (const edge of edges) {
    const from = Dec.max(start, edge.from);
    const to = edge.to === null ? end : Dec.min(end, edge.to);
    if (to.gt(from)) out.push({ from, to, multiplier: edge.multiplier, portion: to.sub(from).div(length) });
  }
  return out;
}
