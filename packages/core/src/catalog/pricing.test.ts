import { describe, expect, it } from 'vitest';
import { priceInForce, type PricedProduct, type PricingPolicy } from './pricing.js';

const product: PricedProduct = {
  id: 'p1',
  listPrice: { minor: 12_000_000, currency: 'CNY' },
  floorPrice: { minor: 9_600_000, currency: 'CNY' },
};

let created = 0;
const policy = (overrides: Partial<PricingPolicy>): PricingPolicy => ({
  id: `pp${++created}`,
  productId: 'p1',
  status: 'active',
  validFrom: '2026-01-01',
  validTo: null,
  floorPrice: null,
  discountBands: [],
  createdAt: `2026-01-01T00:00:0${created}.000Z`,
  ...overrides,
});

describe('priceInForce', () => {
  const yearly = policy({
    validFrom: '2026-01-01', validTo: '2026-12-31', floorPrice: { minor: 9_000_000, currency: 'CNY' },
    discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }],
  });
  const yearEnd = policy({
    validFrom: '2026-12-01', validTo: '2026-12-31', floorPrice: { minor: 8_400_000, currency: 'CNY' },
    discountBands: [{ minQuantity: 1, maxDiscountBp: 1500 }],
  });

  it('falls back to the product\'s own floor and no discount bands when no policy covers the date', () => {
    expect(priceInForce(product, [yearly, yearEnd], '2025-06-30')).toEqual({
      listPrice: product.listPrice, floorPrice: product.floorPrice, discountBands: [], policyId: null,
    });
  });

  it('applies the policy whose validity covers the date, both ends inclusive', () => {
    expect(priceInForce(product, [yearly], '2026-01-01').policyId).toBe(yearly.id);
    expect(priceInForce(product, [yearly], '2026-12-31').floorPrice).toEqual({ minor: 9_000_000, currency: 'CNY' });
    expect(priceInForce(product, [yearly], '2027-01-01').policyId).toBeNull();
  });

  it('lets the policy with the latest validFrom win where several overlap', () => {
    const result = priceInForce(product, [yearEnd, yearly], '2026-12-15');
    expect(result.policyId).toBe(yearEnd.id);
    expect(result.floorPrice.minor).toBe(8_400_000);
    expect(result.discountBands).toEqual([{ minQuantity: 1, maxDiscountBp: 1500 }]);
    expect(priceInForce(product, [yearEnd, yearly], '2026-11-30').policyId).toBe(yearly.id);
  });

  it('keeps the product\'s floor when the winning policy sets only discount bands', () => {
    const bandsOnly = policy({ validFrom: '2026-06-01', discountBands: [{ minQuantity: 5, maxDiscountBp: 800 }] });
    const result = priceInForce(product, [yearly, bandsOnly], '2026-07-01');
    expect(result.policyId).toBe(bandsOnly.id);
    expect(result.floorPrice).toEqual(product.floorPrice);
    expect(result.discountBands).toEqual([{ minQuantity: 5, maxDiscountBp: 800 }]);
  });

  it('treats an open-ended policy as valid from its start onwards', () => {
    const open = policy({ validFrom: '2026-03-01', validTo: null, floorPrice: { minor: 9_100_000, currency: 'CNY' } });
    expect(priceInForce(product, [open], '2031-01-01').policyId).toBe(open.id);
    expect(priceInForce(product, [open], '2026-02-28').policyId).toBeNull();
  });

  it('ignores archived policies and policies of other products', () => {
    const archived = policy({ validFrom: '2026-11-01', status: 'archived', floorPrice: { minor: 1, currency: 'CNY' } });
    const otherProduct = policy({ validFrom: '2026-11-15', productId: 'p2', floorPrice: { minor: 2, currency: 'CNY' } });
    expect(priceInForce(product, [yearly, archived, otherProduct], '2026-11-20').policyId).toBe(yearly.id);
  });

  it('breaks a tie on validFrom in favour of the later-created policy', () => {
    const first = policy({ validFrom: '2026-05-01', createdAt: '2026-04-01T00:00:00.000Z', floorPrice: { minor: 9_200_000, currency: 'CNY' } });
    const second = policy({ validFrom: '2026-05-01', createdAt: '2026-04-02T00:00:00.000Z', floorPrice: { minor: 9_300_000, currency: 'CNY' } });
    expect(priceInForce(product, [second, first], '2026-05-02').policyId).toBe(second.id);
    expect(priceInForce(product, [first, second], '2026-05-02').policyId).toBe(second.id);
  });

  it('returns bands that a caller cannot use to change the policy', () => {
    const result = priceInForce(product, [yearly], '2026-02-01');
    result.discountBands[0]!.maxDiscountBp = 9999;
    expect(yearly.discountBands[0]!.maxDiscountBp).toBe(500);
  });
});
