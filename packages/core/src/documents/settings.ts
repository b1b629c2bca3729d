/**
 * The document flow's company settings (B1, B2, B5): trace-code prefixes, the contract approval chain, the rebate
 * tiers of channel partners, default payment terms, the anomaly rules' limits and the daily flash report's time.
 * One document per organisation, edited by admins; every field has a default so a new company works at once.
 * Amounts are integer minor units of the company's currency.
 */
import { z } from 'zod';
import { localisedMessage } from '../platform/localised-issue.js';
import { defaultTracePrefixes, tracePrefixPattern } from './trace-codes.js';

const prefix = z.string().regex(tracePrefixPattern, localisedMessage({ en: 'use 1–6 capital letters or digits, starting with a letter', 'zh-CN': '请使用 1–6 位大写字母或数字，以字母开头' }));
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * One step of the approval chain. `manager` is the contract owner's team leader (or any manager whose scope covers
 * the owner, when the team has none); `ops` and `admin` are anyone holding the role. A step applies only when the
 * contract's total is at least `minTotalMinor`, so "finance above 100,000" is `{ role: 'ops', minTotalMinor: 10000000 }`.
 */
export const approvalStepSchema = z.strictObject({
  role: z.enum(['manager', 'ops', 'admin']),
  minTotalMinor: minor.default(0),
  /** Whether this step's approver may override failed submit checks (B2); the override is audited. */
  mayOverride: z.boolean().default(true),
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

export const rebateTierSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/, localisedMessage({ en: 'use lower-case letters, digits and _ (at most 40)', 'zh-CN': '只能用小写字母、数字和 _（最多 40 个）' })),
  label: z.strictObject({ en: z.string().trim().min(1).max(60), 'zh-CN': z.string().trim().min(1).max(60) }),
  /** The largest rebate a contract for a partner of this tier may grant, in basis points of its total. */
  maxRebateBp: z.number().int().min(0).max(10_000),
  /** The partner's contracts in the calendar year must reach this total for the tier's rebate to hold. */
  minYearTotalMinor: minor.default(0),
});
export type RebateTier = z.infer<typeof rebateTierSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, localisedMessage({ en: 'use HH:MM (24-hour)', 'zh-CN': '请使用 HH:MM（24 小时制）' }));

export const documentSettingsSchema = z.strictObject({
  prefixes: z
    .strictObject({ contract: prefix.default(defaultTracePrefixes.contract), purchase_order: prefix.default(defaultTracePrefixes.purchase_order), receipt: prefix.default(defaultTracePrefixes.receipt), shipment: prefix.default(defaultTracePrefixes.shipment) })
    .default(defaultTracePrefixes),
  /** Steps in order; an empty chain signs a contract at submit when its checks pass. */
  approvalChain: z.array(approvalStepSchema).max(6).default([
    { role: 'manager', minTotalMinor: 0, mayOverride: true },
    { role: 'ops', minTotalMinor: 10_000_000, mayOverride: true },
  ]),
  /** Hours an approval step may wait before it escalates to the approver's own manager. */
  approvalEscalationHours: z.number().int().min(1).max(24 * 14).default(48),
  rebateTiers: z.array(rebateTierSchema).max(20).default([
    { code: 'gold', label: { en: 'Gold partner', 'zh-CN': '金牌渠道' }, maxRebateBp: 800, minYearTotalMinor: 0 },
    { code: 'silver', label: { en: 'Silver partner', 'zh-CN': '银牌渠道' }, maxRebateBp: 500, minYearTotalMinor: 0 },
    { code: 'bronze', label: { en: 'Bronze partner', 'zh-CN': '铜牌渠道' }, maxRebateBp: 200, minYearTotalMinor: 0 },
  ]),
  defaultPaymentTermsDays: z.number().int().min(0).max(365).default(30),
  /** B5: when yesterday's flash reaches managers, in the company's time zone. */
  flashTime: clock.default('08:30'),
  /** B5 anomaly: a receipt whose amount differs from what it is matched to by more than this many minor units. */
  receiptMismatchToleranceMinor: minor.default(0),
});
export type DocumentSettings = z.infer<typeof documentSettingsSchema>;

export const defaultDocumentSettings: DocumentSettings = documentSettingsSchema.parse({});
