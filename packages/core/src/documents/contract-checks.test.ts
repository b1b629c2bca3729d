import { describe, expect, it } from 'vitest';
import { approvalStepsFor, overrideNeeded, submitRoute } from './approval-chain.js';
import { bandFor, checkContract, contractViolationMessage, formatMoney, openReceivablesMinor, type CheckedLine, type ContractCheckInput } from './contract-checks.js';
import { defaultDocumentSettings } from './settings.js';

const cny = (minor: number) => ({ minor, currency: 'CNY' });
/** MES at 120,000 list, 96,000 floor; the policy allows 5% from 1 unit and 12% from 10. */
const mes = (lineNo: number, quantity: number, unitPriceMinor: number, bands = [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }]): CheckedLine => ({
  lineNo, productName: 'MES 标准版', quantity, unitPriceMinor,
  price: { listPrice: cny(12_000_000), floorPrice: cny(9_600_000), discountBands: bands, policyId: bands.length ? 'pp1' : null },
});

const base = (overrides: Partial<ContractCheckInput> = {}): ContractCheckInput => ({
  currency: 'CNY', totalMinor: 22_800_000, rebateBp: 0, lines: [mes(1, 2, 11_400_000)], creditLimitMinor: null, otherOpenMinor: 0,
  partnerTier: null, partnerYearTotalMinor: 0, rebateTiers: defaultDocumentSettings.rebateTiers, ...overrides,
});

describe('contract checks at submit', () => {
  it('passes a contract at 5% off list for two units, with no credit limit and no rebate', () => {
    expect(checkContract(base())).toEqual([]);
  });

  it('finds a credit breach of 20,000 when 300,000 is open against a 500,000 limit and the contract is 220,000', () => {
    const [v] = checkContract(base({ totalMinor: 22_000_000, lines: [], creditLimitMinor: 50_000_000, otherOpenMinor: 30_000_000 }));
    expect(v).toEqual({ code: 'credit_limit_exceeded', limitMinor: 50_000_000, openMinor: 30_000_000, contractMinor: 22_000_000, excessMinor: 2_000_000 });
    expect(contractViolationMessage(v!, 'CNY', 'en')).toBe(
      "Exceeds the customer's credit limit by CNY 20,000.00: limit CNY 500,000.00, open receivables CNY 300,000.00, this contract CNY 220,000.00.",
    );
    expect(contractViolationMessage(v!, 'CNY', 'zh-CN')).toBe('超出客户信用额度 20,000.00 元：额度 500,000.00 元，未收应收 300,000.00 元，本合同 220,000.00 元。');
  });

  it('lets a contract use the credit limit exactly', () => {
    expect(checkContract(base({ lines: [], creditLimitMinor: 52_800_000, otherOpenMinor: 30_000_000 }))).toEqual([]);
  });

  it('counts open receivables over in-approval, signed and partly paid contracts only, less what is paid', () => {
    expect(openReceivablesMinor([
      { status: 'draft', totalMinor: 1_000, paidMinor: 0 },
      { status: 'in_approval', totalMinor: 1_000, paidMinor: 0 },
      { status: 'signed', totalMinor: 2_000, paidMinor: 0 },
      { status: 'partially_paid', totalMinor: 3_000, paidMinor: 1_200 },
      { status: 'paid', totalMinor: 5_000, paidMinor: 5_000 },
      { status: 'voided', totalMinor: 9_000, paidMinor: 0 },
    ])).toBe(1_000 + 2_000 + 1_800);
  });

  it('reports a line 6,000 below the 96,000 floor by the unit and in all, and its discount beyond the band as well', () => {
    const violations = checkContract(base({ lines: [mes(1, 2, 9_000_000)] }));
    expect(violations.map((v) => v.code)).toEqual(['below_floor_price', 'discount_above_band']);
    expect(violations[0]).toMatchObject({ lineNo: 1, floorPriceMinor: 9_600_000, shortPerUnitMinor: 600_000, shortMinor: 1_200_000 });
    expect(contractViolationMessage(violations[0]!, 'CNY', 'en')).toBe(
      'Line 1 (MES 标准版): unit price CNY 90,000.00 is below the floor price CNY 96,000.00 by CNY 6,000.00 a unit, CNY 12,000.00 in all.',
    );
  });

  it('reports a 10% discount on 3 units where the band from 1 allows 5%: the lowest price is 114,000, 18,000 short in all', () => {
    const [v] = checkContract(base({ lines: [mes(2, 3, 10_800_000)] }));
    expect(v).toEqual({
      code: 'discount_above_band', lineNo: 2, productName: 'MES 标准版', quantity: 3, listPriceMinor: 12_000_000, unitPriceMinor: 10_800_000,
      discountBp: 1_000, maxDiscountBp: 500, bandMinQuantity: 1, lowestUnitPriceMinor: 11_400_000, shortMinor: 1_800_000,
    });
    expect(contractViolationMessage(v!, 'CNY', 'zh-CN')).toBe(
      '第 2 行（MES 标准版）：折扣 10%（标价 120,000.00 元，单价 108,000.00 元）超出折扣阶梯——数量 3 适用“1 件起”阶梯，最多 5%；最低单价 114,000.00 元，合计差 18,000.00 元。',
    );
  });

  it('allows the same 10% on 10 units, where the band from 10 allows 12%', () => {
    expect(checkContract(base({ lines: [mes(1, 10, 10_800_000)] }))).toEqual([]);
  });

  it('allows no discount below the first band, and any discount above the floor when no policy sets bands', () => {
    const [v] = checkContract(base({ lines: [mes(1, 2, 11_999_999, [{ minQuantity: 5, maxDiscountBp: 800 }])] }));
    expect(v).toMatchObject({ code: 'discount_above_band', bandMinQuantity: null, maxDiscountBp: 0, discountBp: 1, lowestUnitPriceMinor: 12_000_000, shortMinor: 2 });
    expect(contractViolationMessage(v!, 'CNY', 'en')).toContain('quantity 2 is below every discount band, so no discount is allowed');
    expect(checkContract(base({ lines: [mes(1, 2, 9_600_000, [])] }))).toEqual([]);
  });

  it('picks the band with the largest minimum quantity the quantity reaches', () => {
    const bands = [{ minQuantity: 10, maxDiscountBp: 1200 }, { minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 50, maxDiscountBp: 2000 }];
    expect(bandFor(bands, 9)?.maxDiscountBp).toBe(500);
    expect(bandFor(bands, 50)?.maxDiscountBp).toBe(2000);
    expect(bandFor(bands, 0)).toBeNull();
  });

  it('refuses any rebate to a customer without a partner tier, and names an unknown tier', () => {
    const [none] = checkContract(base({ rebateBp: 300 }));
    expect(none).toEqual({ code: 'rebate_without_tier', rebateBp: 300, tier: null, rebateMinor: 684_000 });
    expect(contractViolationMessage(none!, 'CNY', 'en')).toBe('A rebate of 3% (CNY 6,840.00) is not allowed: the customer is not a channel partner with a rebate tier.');
    expect(checkContract(base({ rebateBp: 300, partnerTier: 'platinum' }))[0]).toMatchObject({ code: 'rebate_without_tier', tier: 'platinum' });
  });

  it('finds a 6% rebate 1% above the silver limit of 5%: 2,280 too much on 228,000', () => {
    const [v] = checkContract(base({ rebateBp: 600, partnerTier: 'silver' }));
    expect(v).toMatchObject({ code: 'rebate_above_tier', maxRebateBp: 500, excessMinor: 228_000 });
    expect(contractViolationMessage(v!, 'CNY', 'zh-CN')).toBe('返利 6% 超出银牌渠道上限 5%，多出 2,280.00 元。');
    expect(checkContract(base({ rebateBp: 500, partnerTier: 'silver' }))).toEqual([]);
  });

  it("holds a tier's rebate only when the year's signed total with this contract reaches the tier's minimum", () => {
    const tiers = [{ code: 'gold', label: { en: 'Gold partner', 'zh-CN': '金牌渠道' }, maxRebateBp: 800, minYearTotalMinor: 100_000_000 }];
    const [v] = checkContract(base({ rebateBp: 500, partnerTier: 'gold', rebateTiers: tiers, partnerYearTotalMinor: 70_000_000 }));
    expect(v).toEqual({ code: 'tier_volume_short', tier: 'gold', tierLabel: tiers[0]!.label, yearTotalMinor: 92_800_000, minYearTotalMinor: 100_000_000, shortMinor: 7_200_000 });
    expect(contractViolationMessage(v!, 'CNY', 'en')).toBe('The Gold partner rebate needs CNY 1,000,000.00 signed this year; with this contract the partner has CNY 928,000.00, CNY 72,000.00 short.');
    expect(checkContract(base({ rebateBp: 500, partnerTier: 'gold', rebateTiers: tiers, partnerYearTotalMinor: 77_200_000 }))).toEqual([]);
  });

  it('reports every failure at once, credit first, then lines in order, then the rebate', () => {
    const violations = checkContract(base({ lines: [mes(2, 1, 9_000_000), mes(1, 1, 10_000_000)], totalMinor: 19_000_000, creditLimitMinor: 1, rebateBp: 100 }));
    expect(violations.map((v) => [v.code, 'lineNo' in v ? v.lineNo : null])).toEqual([
      ['credit_limit_exceeded', null], ['discount_above_band', 1], ['below_floor_price', 2], ['discount_above_band', 2], ['rebate_without_tier', null],
    ]);
  });

  it('compares huge amounts exactly', () => {
    const list = 9_000_000_000_000_000;
    const line: CheckedLine = { lineNo: 1, productName: 'x', quantity: 1, unitPriceMinor: list - 450_000_000_000_001, price: { listPrice: cny(list), floorPrice: cny(0), discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }], policyId: 'p' } };
    expect(checkContract(base({ lines: [line] }))[0]).toMatchObject({ code: 'discount_above_band', shortMinor: 1 });
    expect(checkContract(base({ lines: [{ ...line, unitPriceMinor: list - 450_000_000_000_000 }] }))).toEqual([]);
  });

  it('formats money with groups, in yen without decimals, negative amounts too', () => {
    expect(formatMoney(123_456_789, 'CNY', 'en')).toBe('CNY 1,234,567.89');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('0.05 元');
    expect(formatMoney(-1_234_567, 'JPY', 'zh-CN')).toBe('-1,234,567 JPY');
  });
});

describe('the approval chain', () => {
  const chain = defaultDocumentSettings.approvalChain;

  it('sends a 50,000 contract to the manager only and a 150,000 one to the manager, then finance', () => {
    expect(approvalStepsFor(chain, 5_000_000)).toEqual([{ stepNo: 1, role: 'manager', mayOverride: true }]);
    expect(approvalStepsFor(chain, 15_000_000).map((s) => s.role)).toEqual(['manager', 'ops']);
    expect(approvalStepsFor(chain, 10_000_000).map((s) => s.role)).toEqual(['manager', 'ops']);
  });

  it('signs at once with an empty chain and clean checks, and refuses failures nobody on the chain may override', () => {
    expect(submitRoute([], 0)).toEqual({ kind: 'sign' });
    expect(submitRoute([], 1)).toEqual({ kind: 'refuse' });
    expect(submitRoute([{ stepNo: 1, role: 'manager', mayOverride: false }], 2)).toEqual({ kind: 'refuse' });
    expect(submitRoute([{ stepNo: 1, role: 'manager', mayOverride: true }], 2).kind).toBe('approve');
  });

  it('asks the last step that may override to decide failures, and nobody once they are overridden', () => {
    const steps = [{ stepNo: 1, role: 'manager' as const, mayOverride: false }, { stepNo: 2, role: 'ops' as const, mayOverride: true }];
    expect(overrideNeeded(steps, 1, 1, false)).toBe(false);
    expect(overrideNeeded(steps, 2, 1, false)).toBe(true);
    expect(overrideNeeded(steps, 2, 1, true)).toBe(false);
    expect(overrideNeeded(steps, 2, 0, false)).toBe(false);
  });
});
