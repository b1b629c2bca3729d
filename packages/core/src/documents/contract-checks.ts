/**
 * The checks a contract passes at submit (B2), all at once: the customer's credit limit, each line's price against
 * the floor price and the discount band in force, and the rebate against the partner's tier. Each violation says
 * which line, which rule and by how much, as data (for the API, the audit and overrides) with a message renderer in
 * zh-CN and en. Pure: the caller gathers the facts (prices in force, open receivables, the partner's year total).
 *
 * Money is integer minor units of the contract's currency throughout; discount and rebate maths runs on BigInt so
 * large amounts times 10,000 basis points never lose a unit.
 */
import type { Locale } from '../platform/errors.js';
import { formatAmount } from '../platform/money.js';
import type { DiscountBand, PriceInForce } from '../catalog/pricing.js';
import type { Money } from '../platform/money.js';
import type { RebateTier } from './settings.js';
import { creditHoldingStatuses, type ContractStatus } from './states.js';

export interface CheckedLine {
  lineNo: number;
  productName: string;
  quantity: number;
  unitPriceMinor: number;
  /** The prices in force on the check's day (core priceInForce). */
  price: PriceInForce<Money>;
}

export interface ContractCheckInput {
  currency: string;
  totalMinor: number;
  rebateBp: number;
  lines: readonly CheckedLine[];
  /** The customer's credit limit in the contract's currency; null: no limit, no check. */
  creditLimitMinor: number | null;
  /** Open receivables of the customer's other contracts (see openReceivablesMinor), without this one. */
  otherOpenMinor: number;
  /** The customer's partner tier code, or null for a customer that is not a channel partner. */
  partnerTier: string | null;
  /** The partner's signed contracts this calendar year, without this one. */
  partnerYearTotalMinor: number;
  rebateTiers: readonly RebateTier[];
}

export const contractViolationCodes = [
  'credit_limit_exceeded', 'below_floor_price', 'discount_above_band', 'rebate_without_tier', 'rebate_above_tier', 'tier_volume_short',
] as const;
export type ContractViolationCode = (typeof contractViolationCodes)[number];

export type ContractViolation =
  | { code: 'credit_limit_exceeded'; limitMinor: number; openMinor: number; contractMinor: number; excessMinor: number }
  | { code: 'below_floor_price'; lineNo: number; productName: string; unitPriceMinor: number; floorPriceMinor: number; shortPerUnitMinor: number; shortMinor: number }
  | {
      code: 'discount_above_band'; lineNo: number; productName: string; quantity: number; listPriceMinor: number; unitPriceMinor: number;
      /** The line's discount in basis points, rounded up (a 12.005% discount reads 12.01%). */
      discountBp: number;
      maxDiscountBp: number;
      /** The band that applies to the quantity, or null when the quantity is below every band (no discount allowed). */
      bandMinQuantity: number | null;
      /** The lowest unit price the band allows, and what the line falls short of it in total. */
      lowestUnitPriceMinor: number;
      shortMinor: number;
    }
  | { code: 'rebate_without_tier'; rebateBp: number; tier: string | null; rebateMinor: number }
  | { code: 'rebate_above_tier'; rebateBp: number; maxRebateBp: number; tier: string; tierLabel: Record<Locale, string>; excessMinor: number }
  | { code: 'tier_volume_short'; tier: string; tierLabel: Record<Locale, string>; yearTotalMinor: number; minYearTotalMinor: number; shortMinor: number };

/** What a customer owes on contracts that hold credit (B2): total less paid, over those in a credit-holding status. */
export function openReceivablesMinor(contracts: readonly { status: string; totalMinor: number; paidMinor: number }[]): number {
  let open = 0;
  for (const c of contracts) {
    if ((creditHoldingStatuses as readonly string[]).includes(c.status as ContractStatus)) open += Math.max(0, c.totalMinor - c.paidMinor);
  }
  return open;
}

/** The band of a quantity: the one with the largest minQuantity not above it, or null when it is below them all. */
export function bandFor(bands: readonly DiscountBand[], quantity: number): DiscountBand | null {
  let found: DiscountBand | null = null;
  for (const band of bands) if (band.minQuantity <= quantity && (!found || band.minQuantity > found.minQuantity)) found = band;
  return found;
}

const bp = 10_000n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Every violation of the contract, in a stable order: credit, then lines in order, then rebate. Empty: it passes. */
export function checkContract(input: ContractCheckInput): ContractViolation[] {
  const violations: ContractViolation[] = [];
  if (input.creditLimitMinor !== null) {
    const exposure = input.otherOpenMinor + input.totalMinor;
    if (exposure > input.creditLimitMinor) {
      violations.push({ code: 'credit_limit_exceeded', limitMinor: input.creditLimitMinor, openMinor: input.otherOpenMinor, contractMinor: input.totalMinor, excessMinor: exposure - input.creditLimitMinor });
    }
  }
  for (const line of [...input.lines].sort((a, b) => a.lineNo - b.lineNo)) {
    const floor = line.price.floorPrice.minor;
    if (line.unitPriceMinor < floor) {
      const short = floor - line.unitPriceMinor;
      violations.push({ code: 'below_floor_price', lineNo: line.lineNo, productName: line.productName, unitPriceMinor: line.unitPriceMinor, floorPriceMinor: floor, shortPerUnitMinor: short, shortMinor: short * line.quantity });
    }
    const list = BigInt(line.price.listPrice.minor);
    const unit = BigInt(line.unitPriceMinor);
    // Bands limit discounts off list only where a price policy sets them; without bands the floor is the only rule.
    if (list <= 0n || unit >= list || line.price.discountBands.length === 0) continue;
    const band = bandFor(line.price.discountBands, line.quantity);
    const maxBp = BigInt(band?.maxDiscountBp ?? 0);
    // discount = (list − unit) / list > max / 10,000, compared exactly in integers.
    if ((list - unit) * bp > maxBp * list) {
      const lowest = ceilDiv(list * (bp - maxBp), bp);
      violations.push({
        code: 'discount_above_band', lineNo: line.lineNo, productName: line.productName, quantity: line.quantity, listPriceMinor: Number(list),
        unitPriceMinor: line.unitPriceMinor, discountBp: Number(ceilDiv((list - unit) * bp, list)), maxDiscountBp: Number(maxBp),
        bandMinQuantity: band?.minQuantity ?? null, lowestUnitPriceMinor: Number(lowest), shortMinor: Number((lowest - unit) * BigInt(line.quantity)),
      });
    }
  }
  if (input.rebateBp > 0) {
    const tier = input.partnerTier ? input.rebateTiers.find((t) => t.code === input.partnerTier) : undefined;
    const rebateMinor = (r: number) => Number(ceilDiv(BigInt(input.totalMinor) * BigInt(r), bp));
    if (!tier) {
      violations.push({ code: 'rebate_without_tier', rebateBp: input.rebateBp, tier: input.partnerTier, rebateMinor: rebateMinor(input.rebateBp) });
    } else {
      if (input.rebateBp > tier.maxRebateBp) {
        violations.push({ code: 'rebate_above_tier', rebateBp: input.rebateBp, maxRebateBp: tier.maxRebateBp, tier: tier.code, tierLabel: tier.label, excessMinor: rebateMinor(input.rebateBp - tier.maxRebateBp) });
      }
      // This contract counts towards the year: if it brings the partner over the bar, the rebate holds.
      const yearTotal = input.partnerYearTotalMinor + input.totalMinor;
      if (yearTotal < tier.minYearTotalMinor) {
        violations.push({ code: 'tier_volume_short', tier: tier.code, tierLabel: tier.label, yearTotalMinor: yearTotal, minYearTotalMinor: tier.minYearTotalMinor, shortMinor: tier.minYearTotalMinor - yearTotal });
      }
    }
  }
  return violations;
}

/** "12,345.60" with the currency: "CNY 12,345.60" in English, "12,345.60 元" in Chinese for yuan. */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const plain = formatAmount(minor, currency);
  const negative = plain.startsWith('-');
  const [whole = '', fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
  if (locale === 'zh-CN') return currency === 'CNY' ? `${grouped} 元` : `${grouped} ${currency}`;
  return `${currency} ${grouped}`;
}

/** Basis points as a percentage: 1250 → "12.5%". */
export function formatBasisPoints(value: number): string {
  return `${(value / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** One violation as a sentence a salesperson or an approver acts on. */
export function contractViolationMessage(v: ContractViolation, currency: string, locale: Locale): string {
  const m = (minor: number) => formatMoney(minor, currency, locale);
  const zh = locale === 'zh-CN';
  switch (v.code) {
    case 'credit_limit_exceeded':
      return zh
        ? `超出客户信用额度 ${m(v.excessMinor)}：额度 ${m(v.limitMinor)}，未收应收 ${m(v.openMinor)}，本合同 ${m(v.contractMinor)}。`
        : `Exceeds the customer's credit limit by ${m(v.excessMinor)}: limit ${m(v.limitMinor)}, open receivables ${m(v.openMinor)}, this contract ${m(v.contractMinor)}.`;
    case 'below_floor_price':
      return zh
        ? `第 ${v.lineNo} 行（${v.productName}）：单价 ${m(v.unitPriceMinor)} 低于底价 ${m(v.floorPriceMinor)}，每件差 ${m(v.shortPerUnitMinor)}，合计差 ${m(v.shortMinor)}。`
        : `Line ${v.lineNo} (${v.productName}): unit price ${m(v.unitPriceMinor)} is below the floor price ${m(v.floorPriceMinor)} by ${m(v.shortPerUnitMinor)} a unit, ${m(v.shortMinor)} in all.`;
    case 'discount_above_band': {
      const band = v.bandMinQuantity === null
        ? (zh ? `数量 ${v.quantity} 未达到任何折扣阶梯，不允许折扣` : `quantity ${v.quantity} is below every discount band, so no discount is allowed`)
        : (zh ? `数量 ${v.quantity} 适用“${v.bandMinQuantity} 件起”阶梯，最多 ${formatBasisPoints(v.maxDiscountBp)}` : `quantity ${v.quantity} falls in the band from ${v.bandMinQuantity}, which allows at most ${formatBasisPoints(v.maxDiscountBp)}`);
      return zh
        ? `第 ${v.lineNo} 行（${v.productName}）：折扣 ${formatBasisPoints(v.discountBp)}（标价 ${m(v.listPriceMinor)}，单价 ${m(v.unitPriceMinor)}）超出折扣阶梯——${band}；最低单价 ${m(v.lowestUnitPriceMinor)}，合计差 ${m(v.shortMinor)}。`
        : `Line ${v.lineNo} (${v.productName}): a discount of ${formatBasisPoints(v.discountBp)} (list ${m(v.listPriceMinor)}, unit ${m(v.unitPriceMinor)}) is more than its band allows — ${band}; the lowest unit price is ${m(v.lowestUnitPriceMinor)}, ${m(v.shortMinor)} short in all.`;
    }
    case 'rebate_without_tier':
      return zh
        ? `返利 ${formatBasisPoints(v.rebateBp)}（${m(v.rebateMinor)}）不允许：${v.tier ? `客户的渠道等级“${v.tier}”未在设置中定义` : '该客户不是渠道伙伴，没有返利等级'}。`
        : `A rebate of ${formatBasisPoints(v.rebateBp)} (${m(v.rebateMinor)}) is not allowed: ${v.tier ? `the customer's partner tier "${v.tier}" is not defined in the settings` : 'the customer is not a channel partner with a rebate tier'}.`;
    case 'rebate_above_tier':
      return zh
        ? `返利 ${formatBasisPoints(v.rebateBp)} 超出${v.tierLabel['zh-CN']}上限 ${formatBasisPoints(v.maxRebateBp)}，多出 ${m(v.excessMinor)}。`
        : `A rebate of ${formatBasisPoints(v.rebateBp)} is above the ${v.tierLabel.en} limit of ${formatBasisPoints(v.maxRebateBp)} by ${m(v.excessMinor)}.`;
    case 'tier_volume_short':
      return zh
        ? `${v.tierLabel['zh-CN']}返利要求年度签约额 ${m(v.minYearTotalMinor)}，含本合同为 ${m(v.yearTotalMinor)}，还差 ${m(v.shortMinor)}。`
        : `The ${v.tierLabel.en} rebate needs ${m(v.minYearTotalMinor)} signed this year; with this contract the partner has ${m(v.yearTotalMinor)}, ${m(v.shortMinor)} short.`;
  }
}
