/**
 * Which prices hold for a product on a given day (B2): its own list and floor price, overridden by the price
 * policy in force that day. Contract checks and quotes ask this one function, so they never disagree.
 */
import type { Money } from '../platform/money.js';

export interface DiscountBand {
  /** From this quantity on... */
  minQuantity: number;
  /** ...at most this discount off the list price, in basis points (100 = 1%). */
  maxDiscountBp: number;
}

export interface PricedProduct<M extends Money = Money> {
  id: string;
  listPrice: M;
  floorPrice: M;
}

export interface PricingPolicy<M extends Money = Money> {
  id: string;
  productId: string;
  status: string;
  /** ISO dates (YYYY-MM-DD), both ends inclusive; an open end is null. */
  validFrom: string;
  validTo: string | null;
  floorPrice: M | null;
  discountBands: readonly DiscountBand[];
  createdAt: string;
}

export interface PriceInForce<M extends Money = Money> {
  listPrice: M;
  floorPrice: M;
  discountBands: DiscountBand[];
  /** The policy that set these prices, or null when the product's own prices apply. */
  policyId: string | null;
}

/**
 * The floor price and discount bands in force for `product` on `onDate` (YYYY-MM-DD). Of the active policies of
 * the product whose validity covers the date, the one with the latest `validFrom` wins, so a newer policy can
 * narrow an older open-ended one; ties go to the later-created policy. A policy without a floor price keeps
 * the product's floor.
 */
export function priceInForce<M extends Money>(product: PricedProduct<M>, policies: readonly PricingPolicy<M>[], onDate: string): PriceInForce<M> {
  let winner: PricingPolicy<M> | null = null;
  for (const policy of policies) {
    if (policy.productId !== product.id || policy.status !== 'active') continue;
    if (policy.validFrom > onDate || (policy.validTo !== null && policy.validTo < onDate)) continue;
    if (!winner || laterThan(policy, winner)) winner = policy;
  }
  return {
    listPrice: product.listPrice,
    floorPrice: winner?.floorPrice ?? product.floorPrice,
    discountBands: winner ? winner.discountBands.map((band) => ({ ...band })) : [],
    policyId: winner?.id ?? null,
  };
}

function laterThan(a: PricingPolicy, b: PricingPolicy): boolean {
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom;
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return a.id > b.id;
}
