/**
 * Request and response shapes of the CRM records, shared by server (validation, OpenAPI) and web (forms).
 * Money is `{ minor, currency }`: an integer count of the currency's minor unit, never a float.
 */
import { z } from 'zod';
import { isPlausiblePhone } from './normalise.js';
import { localisedMessage } from '../platform/localised-issue.js';
import { captureModes, nextAction, nextActionInput } from '../steward/next-action.js';
import { activitySummary } from '../steward/summary-contracts.js';
import { intentLevels } from '../steward/settings.js';
import {
  activityKinds, budgetBands, companySizes, currencies, decisionChains, industries, leadSources, leadStages,
  recordStatuses,
} from './vocab.js';

export const idSchema = z.string().min(1).max(64).regex(/^[0-9a-zA-Z_-]+$/, localisedMessage({ en: 'not a valid id', 'zh-CN': '不是有效的 ID' }));
const isoTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .refine(
    isPlausiblePhone,
    localisedMessage({ en: 'not a phone number (e.g. 13800138000 or +86 21 6288 0000)', 'zh-CN': '不是有效的电话号码（例如 13800138000 或 +86 21 6288 0000）' }),
  );
export const emailSchema = z.string().trim().max(254).pipe(z.email());

export const moneySchema = z
  .strictObject({
    minor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z.enum(currencies),
  })
  .meta({ description: 'Integer minor units (fen, cents) and ISO 4217 currency', example: { minor: 50000000, currency: 'CNY' } });

const tags = z.array(z.string().trim().min(1).max(32)).max(20);
const version = z.number().int().min(1);

const recordMeta = {
  id: idSchema,
  version: z.number().int(),
  status: z.enum(recordStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
};

// ——— customers ———
const customerFields = {
  name: text(120),
  industry: z.enum(industries),
  regionId: idSchema.nullable().optional(),
  city: optionalText(60),
  address: optionalText(200),
  size: z.enum(companySizes).default('small'),
  budgetBand: z.enum(budgetBands).default('unknown'),
  decisionChain: z.enum(decisionChains).default('unknown'),
  creditLimit: moneySchema.nullable().optional(),
  // A channel partner's rebate tier (B2): a tier named in the company's document settings, or none.
  partnerTier: optionalText(40),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  tags: tags.default([]),
  ownerId: idSchema.optional(),
};
export const customerCreate = z.strictObject(customerFields).meta({
  example: {
    name: '上海卓越精密制造有限公司', industry: 'manufacturing', regionId: 'reg_east_sh', city: '上海', size: 'medium',
    budgetBand: '500k_2m', decisionChain: 'multi_level', creditLimit: { minor: 50000000, currency: 'CNY' },
    phone: '021-62880000', tags: ['重点客户'],
  },
});
export const customerUpdate = z
  .strictObject({ ...partial(customerFields), version })
  .meta({ example: { version: 3, budgetBand: 'over_2m', tags: ['重点客户', '续约'] } });
export const customer = z.object({
  ...recordMeta,
  name: z.string(),
  industry: z.enum(industries),
  regionId: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  size: z.enum(companySizes),
  budgetBand: z.enum(budgetBands),
  decisionChain: z.enum(decisionChains),
  creditLimit: moneySchema.nullable(),
  partnerTier: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tags: z.array(z.string()),
  ownerId: z.string(),
  teamId: z.string().nullable(),
  mergedInto: z.string().nullable(),
});
export type Customer = z.infer<typeof customer>;
export type CustomerCreate = z.infer<typeof customerCreate>;

// ——— contacts ———
const contactFields = {
  customerId: idSchema,
  name: text(60),
  title: optionalText(60),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  isDecisionMaker: z.boolean().default(false),
};
export const contactCreate = z.strictObject(contactFields).meta({
  example: { customerId: '01JD0000000000000000000000', name: '王建国', title: '采购总监', phone: '13812345678', isDecisionMaker: true },
});
export const contactUpdate = z.strictObject({ ...partial(contactFields), version }).meta({ example: { version: 1, title: '副总经理' } });
export const contact = z.object({
  ...recordMeta,
  customerId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isDecisionMaker: z.boolean(),
});
export type Contact = z.infer<typeof contact>;

// ——— leads ———
const leadFields = {
  name: text(60),
  company: optionalText(120),
  phone: phoneSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  source: z.enum(leadSources).default('quick_add'),
  stage: z.enum(leadStages).default('new'),
  industry: z.enum(industries).nullable().optional(),
  regionId: idSchema.nullable().optional(),
  city: optionalText(60),
  customerId: idSchema.nullable().optional(),
  intentTags: tags.default([]),
  firstContactAt: isoTime.nullable().optional(),
  ownerId: idSchema.optional(),
};
export const leadCreate = z.strictObject(leadFields).meta({
  example: {
    name: '李明', company: '杭州启航教育科技有限公司', phone: '13912345678', source: 'exhibition', industry: 'education',
    city: '杭州', intentTags: ['预算已批', '急需'],
  },
});
export const leadUpdate = z.strictObject({ ...partial(leadFields), version }).meta({ example: { version: 2, stage: 'qualified' } });
export const lead = z.object({
  ...recordMeta,
  name: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  source: z.enum(leadSources),
  stage: z.enum(leadStages),
  industry: z.enum(industries).nullable(),
  regionId: z.string().nullable(),
  city: z.string().nullable(),
  customerId: z.string().nullable(),
  intentTags: z.array(z.string()),
  firstContactAt: z.string().nullable(),
  lastActivityAt: z.string().meta({ description: 'Latest logged activity, or the creation time until there is one' }),
  ownerId: z.string(),
  teamId: z.string().nullable(),
  mergedInto: z.string().nullable(),
  nextAction: nextAction.nullable().meta({ description: 'The open next action: the one planned by the latest activity that planned one' }),
  intentLevel: z.enum(intentLevels).nullable().meta({ description: 'Set by the screening card (A2)' }),
  cadenceDays: z.number().int().nullable().meta({ description: 'Planned follow-up every this many days, set by the screening card' }),
});
export type Lead = z.infer<typeof lead>;
export type LeadCreate = z.infer<typeof leadCreate>;

// ——— activities ———
const activityFields = {
  kind: z.enum(activityKinds),
  leadId: idSchema.nullable().optional(),
  customerId: idSchema.nullable().optional(),
  occurredAt: isoTime.optional(),
  durationMinutes: z.number().int().min(0).max(24 * 60).nullable().optional(),
  text: z.string().trim().max(20000).default(''),
  nextAction: nextActionInput.nullable().optional().meta({ description: "What happens next and by when; required for a call, visit or meeting on a lead (A4)" }),
  capture: z.enum(captureModes).default('typed').meta({ description: 'How the text came in: typed, dictated in the browser, or transcribed from a recording' }),
};
export const activityCreate = z
  .strictObject(activityFields)
  .refine((a) => !!a.leadId || !!a.customerId, {
    ...localisedMessage({ en: 'an activity belongs to a lead or a customer', 'zh-CN': '跟进记录须关联一条线索或一个客户' }),
    path: ['leadId'],
  })
  .meta({
    example: {
      kind: 'visit', leadId: '01JD0000000000000000000000', durationMinutes: 45, text: '拜访采购部，客户关注交付周期，预算约30万。我们会在下周三前安排技术演示。',
      nextAction: { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z', note: '请 CTO 出席' }, capture: 'dictated',
    },
  });
export const activityUpdate = z
  .strictObject({ text: z.string().trim().max(20000).optional(), durationMinutes: activityFields.durationMinutes, version })
  .meta({ example: { version: 1, text: '补充：客户预算约30万。' } });
export const activity = z.object({
  ...recordMeta,
  kind: z.enum(activityKinds),
  leadId: z.string().nullable(),
  customerId: z.string().nullable(),
  occurredAt: z.string(),
  durationMinutes: z.number().nullable(),
  text: z.string(),
  ownerId: z.string(),
  nextAction: nextAction.nullable(),
  summary: activitySummary.nullable().meta({ description: 'Computed from the text when it is saved' }),
  capture: z.enum(captureModes).nullable(),
});
export type Activity = z.infer<typeof activity>;

// ——— products and price policies ———
const productFields = {
  sku: z.string().trim().min(1).max(40).regex(
    /^[A-Za-z0-9._-]+$/,
    localisedMessage({ en: 'letters, digits, dot, dash and underscore only', 'zh-CN': '只能包含字母、数字、点、短横线和下划线' }),
  ),
  name: text(120),
  category: optionalText(60),
  unit: z.string().trim().min(1).max(16).default('套'),
  listPrice: moneySchema,
  floorPrice: moneySchema,
};
const floorNotAboveList = (p: { listPrice?: { minor: number; currency: string }; floorPrice?: { minor: number; currency: string } }) =>
  !p.listPrice || !p.floorPrice || (p.floorPrice.minor <= p.listPrice.minor && p.floorPrice.currency === p.listPrice.currency);
const floorNotAboveListMessage = {
  ...localisedMessage({ en: 'the floor price must not exceed the list price, in the same currency', 'zh-CN': '底价不能高于标价，且币种须与标价一致' }),
  path: ['floorPrice'],
};
export const productCreate = z
  .strictObject(productFields)
  .refine(floorNotAboveList, floorNotAboveListMessage)
  .meta({
    example: {
      sku: 'CL-MES-STD', name: 'MES 标准版（年）', category: '软件', unit: '套',
      listPrice: { minor: 12000000, currency: 'CNY' }, floorPrice: { minor: 9600000, currency: 'CNY' },
    },
  });
export const productUpdate = z
  .strictObject({ ...partial(productFields), version })
  .refine(floorNotAboveList, floorNotAboveListMessage)
  .meta({ example: { version: 1, floorPrice: { minor: 9000000, currency: 'CNY' } } });
export const product = z.object({
  ...recordMeta,
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  unit: z.string(),
  listPrice: moneySchema,
  floorPrice: moneySchema,
});
export type Product = z.infer<typeof product>;

/** A discount band: from this quantity on, up to this discount off list price (basis points, 100 = 1%). */
export const discountBand = z.strictObject({
  minQuantity: z.number().int().min(1),
  maxDiscountBp: z.number().int().min(0).max(10000),
});
const pricePolicyFields = {
  name: text(120),
  productId: idSchema,
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable().optional(),
  floorPrice: moneySchema.nullable().optional(),
  discountBands: z.array(discountBand).max(20).default([]),
};
const validRange = (p: { validFrom?: string; validTo?: string | null }) => !p.validFrom || !p.validTo || p.validTo >= p.validFrom;
const ascendingBands = (p: { discountBands?: { minQuantity: number }[] }) =>
  !p.discountBands || p.discountBands.every((b, i, all) => i === 0 || b.minQuantity > all[i - 1]!.minQuantity);
const validRangeMessage = { ...localisedMessage({ en: 'validTo must be on or after validFrom', 'zh-CN': '失效日期不能早于生效日期' }), path: ['validTo'] };
const ascendingBandsMessage = {
  ...localisedMessage({ en: 'discount bands must be in ascending order of minQuantity', 'zh-CN': '折扣阶梯须按起订数量（minQuantity）从小到大排列' }),
  path: ['discountBands'],
};
export const pricePolicyCreate = z
  .strictObject(pricePolicyFields)
  .refine(validRange, validRangeMessage)
  .refine(ascendingBands, ascendingBandsMessage)
  .meta({
    example: {
      name: '2026 华东渠道价', productId: '01JD0000000000000000000000', validFrom: '2026-01-01', validTo: '2026-12-31',
      discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }],
    },
  });
export const pricePolicyUpdate = z
  .strictObject({ ...partial(pricePolicyFields), version })
  .refine(validRange, validRangeMessage)
  .refine(ascendingBands, ascendingBandsMessage)
  .meta({ example: { version: 1, validTo: '2027-03-31' } });
export const pricePolicy = z.object({
  ...recordMeta,
  name: z.string(),
  productId: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  floorPrice: moneySchema.nullable(),
  discountBands: z.array(discountBand),
});
export type PricePolicy = z.infer<typeof pricePolicy>;

/** Every field optional and without its default, so an update never resets what it does not mention. */
function partial<T extends z.ZodRawShape>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  const out: Record<string, z.ZodTypeAny> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodTypeAny) : (schema as z.ZodTypeAny);
    out[key] = inner.optional();
  }
  return out as { [K in keyof T]: z.ZodOptional<T[K]> };
}
