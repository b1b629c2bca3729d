/** Query-string shapes for the record lists: cursor pagination, one sort key, filters and text search. */
import { z } from 'zod';
import { activityKinds, industries, leadSources, leadStages } from './vocab.js';
import { localisedMessage } from '../platform/localised-issue.js';

const limit = z.coerce.number().int().min(1).max(200).default(50);
const sortOf = <const K extends readonly [string, ...string[]]>(keys: K, fallback: `${K[number]}:${'asc' | 'desc'}`) =>
  z
    .string()
    .regex(new RegExp(`^(${keys.join('|')}):(asc|desc)$`), sortKeyMessage(keys))
    .default(fallback);

/** Says which sort keys a list has; the people lists' queries say it the same way. */
export function sortKeyMessage(keys: readonly string[]): { message: string } {
  return localisedMessage({
    en: `one of ${keys.join(', ')} followed by :asc or :desc`,
    'zh-CN': `应为 ${keys.join('、')} 之一，后接 :asc（升序）或 :desc（降序）`,
  });
}
const common = {
  limit,
  cursor: z.string().max(512).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Search name, phone, email or company (Chinese or Latin)' }),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  ownerId: z.string().max(64).optional(),
};

export const customerListQuery = z.strictObject({
  ...common,
  sort: sortOf(['createdAt', 'updatedAt', 'name'], 'updatedAt:desc'),
  industry: z.enum(industries).optional(),
  regionId: z.string().max(64).optional(),
  city: z.string().max(60).optional(),
  tag: z.string().max(32).optional(),
});
export const leadListQuery = z.strictObject({
  ...common,
  sort: sortOf(['createdAt', 'updatedAt', 'lastActivityAt', 'name'], 'updatedAt:desc'),
  stage: z.enum(leadStages).optional(),
  open: z.enum(['true', 'false']).optional().meta({ description: 'true: only leads still being worked (any stage but won or lost)' }),
  source: z.enum(leadSources).optional(),
  industry: z.enum(industries).optional(),
  regionId: z.string().max(64).optional(),
  city: z.string().max(60).optional(),
  customerId: z.string().max(64).optional(),
});
export const contactListQuery = z.strictObject({
  ...common,
  sort: sortOf(['createdAt', 'updatedAt', 'name'], 'name:asc'),
  customerId: z.string().max(64).optional(),
});
export const activityListQuery = z.strictObject({
  ...common,
  sort: sortOf(['occurredAt', 'createdAt'], 'occurredAt:desc'),
  kind: z.enum(activityKinds).optional(),
  leadId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
});
export const productListQuery = z.strictObject({
  ...common,
  sort: sortOf(['name', 'sku', 'createdAt', 'updatedAt'], 'sku:asc'),
  category: z.string().max(60).optional(),
});
export const pricePolicyListQuery = z.strictObject({
  ...common,
  sort: sortOf(['name', 'validFrom', 'createdAt', 'updatedAt'], 'validFrom:desc'),
  productId: z.string().max(64).optional(),
  activeOn: z.iso.date().optional(),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` to get the next page; null on the last page' }),
  });
}
