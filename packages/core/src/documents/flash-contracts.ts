/** The daily flash report over HTTP (B5): one company day's signed and collected amounts, top reps and anomalies. */
import { z } from 'zod';
import { localisedMessage } from '../platform/localised-issue.js';
import { anomalyCodes } from './anomalies.js';

const text = z.object({ en: z.string(), 'zh-CN': z.string() });
const minor = z.number().int().meta({ description: 'Integer minor units of the company currency (fen for CNY)' });

/** A calendar day as YYYY-MM-DD that exists (no 2026-02-30). */
export const companyDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, localisedMessage({ en: 'a date as YYYY-MM-DD, e.g. 2026-11-26', 'zh-CN': '请填写 YYYY-MM-DD 格式的日期，例如 2026-11-26' }))
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, localisedMessage({ en: 'not a date in the calendar', 'zh-CN': '日历上没有这一天' }));

export const flashReportParams = z.strictObject({
  day: companyDay.meta({ description: 'The company day (company time zone), e.g. yesterday', example: '2026-11-26' }),
});

const amountCount = z.object({ minor, count: z.number().int() });

const example = {
  day: '2026-11-26', currency: 'CNY', timeZone: 'Asia/Shanghai', generatedAt: '2026-11-27T00:30:00.000Z', scope: 'company' as const,
  signed: { minor: 128_000_00, count: 3 }, voided: { minor: 0, count: 0 }, netSigned: { minor: 128_000_00, count: 3 },
  collected: { minor: 56_000_00, count: 2 }, refunded: { minor: 0, count: 0 }, netCollected: { minor: 56_000_00 },
  overdue: { minor: 1_240_000_00, count: 37 },
  topReps: [{ repId: '01JD0000000000000000000005', repName: '张伟', signedMinor: 100_000_00, signedCount: 2, collectedMinor: 50_000_00 }],
  anomalies: [{
    code: 'unpaid_past_terms' as const, documentType: 'contract' as const, documentId: '01JD00000000000000000000C1', traceCode: 'HT-2026-000042', amountMinor: 20_000_00,
    rule: { en: 'A signed contract that fell due the day before and is not paid in full.', 'zh-CN': '已签合同于前一天到期，仍未全额回款。' },
    message: { en: 'HT-2026-000042 (上海明远) was due on 2026-11-25, 1 day ago: CNY 20,000.00 of CNY 50,000.00 still unpaid.', 'zh-CN': 'HT-2026-000042（上海明远）应于 2026-11-25 付款，已逾期 1 天：CNY 50,000.00 中仍有 CNY 20,000.00 未回款。' },
  }],
  signedContracts: [{ id: '01JD00000000000000000000C2', traceCode: 'HT-2026-000051', customerName: '上海明远', title: '年度维保', ownerId: '01JD0000000000000000000005', ownerName: '张伟', totalMinor: 60_000_00, status: 'signed' }],
  receipts: [{ id: '01JD00000000000000000000R1', traceCode: 'HK-2026-000031', customerName: '上海明远', kind: 'confirmed' as const, status: 'confirmed', amountMinor: 30_000_00, allocatedMinor: 30_000_00, bankReference: 'ICBC20261126001', receivedOn: '2026-11-26' }],
};

export const flashReportSchema = z
  .object({
    day: z.string(),
    currency: z.string(),
    timeZone: z.string().meta({ description: 'The company time zone the day is counted in' }),
    generatedAt: z.string().meta({ description: 'Computed from the documents at this instant' }),
    scope: z.enum(['company', 'teams', 'region', 'own']).meta({ description: 'company: every document; teams: the teams you lead; region: your region and industry whitelist; own: your own documents' }),
    signed: amountCount.meta({ description: 'Contracts signed that day (even if voided since)' }),
    voided: amountCount.meta({ description: 'Signed contracts voided that day' }),
    netSigned: amountCount.meta({ description: 'signed − voided: the day\'s change to the live signed figure' }),
    collected: amountCount.meta({ description: 'Allocated to contracts by receipts confirmed that day; count = receipts' }),
    refunded: amountCount.meta({ description: 'Confirmed receipts refunded or voided that day' }),
    netCollected: z.object({ minor }).meta({ description: 'collected − refunded: the day\'s change to the live collected figure' }),
    overdue: amountCount.meta({ description: 'Every contract past its payment terms and not paid in full at the day\'s end, and what is still owed on them; the anomalies list only those that fell due the day before' }),
    topReps: z.array(z.object({ repId: z.string(), repName: z.string(), signedMinor: minor, signedCount: z.number().int(), collectedMinor: minor })).meta({ description: 'The top three by net signed, then net collected' }),
    anomalies: z.array(z.object({
      code: z.enum(anomalyCodes),
      documentType: z.enum(['contract', 'receipt', 'shipment']),
      documentId: z.string(),
      traceCode: z.string(),
      amountMinor: minor,
      rule: text.meta({ description: 'The rule that lists it' }),
      message: text,
    })),
    signedContracts: z.array(z.object({ id: z.string(), traceCode: z.string(), customerName: z.string(), title: z.string(), ownerId: z.string(), ownerName: z.string(), totalMinor: minor, status: z.string() })),
    receipts: z.array(z.object({
      id: z.string(), traceCode: z.string(), customerName: z.string(), kind: z.enum(['confirmed', 'reversed']), status: z.string(), amountMinor: minor,
      allocatedMinor: minor.meta({ description: 'confirmed: what it allocated to contracts; reversed: what refunds and voids gave back of it that day (a partial refund: that part)' }),
      bankReference: z.string().nullable(), receivedOn: z.string(),
    })),
  })
  .meta({ example });
export type FlashReportView = z.infer<typeof flashReportSchema>;
