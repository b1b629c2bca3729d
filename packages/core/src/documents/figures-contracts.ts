/** Live sales figures over HTTP (B5): signed, collected and receivables over company days, by rep and by day. */
import { z } from 'zod';
import { localisedMessage } from '../platform/localised-issue.js';
import { companyDay } from './flash-contracts.js';

const minor = z.number().int().meta({ description: 'Integer minor units of the company currency (fen for CNY)' });

export const salesFiguresQuery = z
  .strictObject({
    from: companyDay.optional().meta({ description: 'First company day, inclusive; default the first of this month' }),
    to: companyDay.optional().meta({ description: 'Last company day, inclusive; default today' }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { ...localisedMessage({ en: 'must not be before from', 'zh-CN': '不能早于开始日期' }), path: ['to'] })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    ...localisedMessage({ en: 'at most 367 days', 'zh-CN': '最多 367 天' }), path: ['to'],
  })
  .meta({ example: { from: '2026-11-01', to: '2026-11-27' } });

const figureTotals = z.object({
  signedMinor: minor.meta({ description: 'Signed on these days, less signed contracts voided on these days' }),
  signedCount: z.number().int(),
  collectedMinor: minor.meta({ description: 'Confirmed on these days, less confirmed receipts refunded or voided on these days' }),
});

export const salesFigures = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    timeZone: z.string(),
    asOf: z.string().meta({ description: 'Read at this instant; kept by a reaction within a second of each confirmed document' }),
    scope: z.enum(['company', 'teams', 'region', 'own']),
    totals: figureTotals.extend({
      receivablesMinor: minor.meta({ description: 'Now: total − paid of signed, partially paid and paid contracts in scope' }),
      overdueMinor: minor.meta({ description: 'The part of the receivables past the contracts\' due day' }),
    }),
    reps: z.array(figureTotals.extend({ repId: z.string(), repName: z.string(), rank: z.number().int() })).meta({ description: 'Ranked by signed, then collected' }),
    days: z.array(figureTotals.extend({ day: z.string() })).meta({ description: 'Every day of the range, oldest first, zeros included' }),
  })
  .meta({
    example: {
      from: '2026-11-01', to: '2026-11-27', currency: 'CNY', timeZone: 'Asia/Shanghai', asOf: '2026-11-27T02:00:00.000Z', scope: 'teams',
      totals: { signedMinor: 1_280_000_00, signedCount: 14, collectedMinor: 560_000_00, receivablesMinor: 940_000_00, overdueMinor: 120_000_00 },
      reps: [{ repId: '01JD0000000000000000000005', repName: '张伟', rank: 1, signedMinor: 600_000_00, signedCount: 6, collectedMinor: 300_000_00 }],
      days: [{ day: '2026-11-01', signedMinor: 0, signedCount: 0, collectedMinor: 0 }],
    },
  });
export type SalesFigures = z.infer<typeof salesFigures>;
