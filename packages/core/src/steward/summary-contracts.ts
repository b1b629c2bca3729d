/**
 * The shape of an activity's summary (A4) as the API gives it and the activities table stores it (JSON). Kept apart
 * from the extraction rules so the web app and the CRM contracts can use the shape without the parsers.
 */
import { z } from 'zod';
import { currencies } from '../crm/vocab.js';
import { commitmentParties } from './summary-commitments.js';

const money = z.object({ minor: z.number().int(), currency: z.enum(currencies) });

export const activitySummary = z
  .object({
    keyPoints: z.array(z.string()).meta({ description: 'The most informative sentences, in the order written' }),
    keywords: z.array(z.string()),
    commitments: z.array(
      z.object({
        text: z.string(),
        by: z.enum(commitmentParties).meta({ description: "us: the rep's side; customer: the customer's side; unknown: not said" }),
        dueAt: z.string().nullable().meta({ description: 'The first date the commitment names, as an instant' }),
      }),
    ),
    dates: z.array(
      z.object({
        text: z.string(),
        date: z.string().meta({ description: 'YYYY-MM-DD on the company calendar' }),
        time: z.string().nullable().meta({ description: 'HH:mm when the text gives a time of day' }),
        at: z.string().meta({ description: 'The instant; the end of the business day (18:00) when no time is given' }),
      }),
    ),
    amounts: z.array(z.object({ text: z.string(), amount: money })),
  })
  .meta({
    description: 'What the text says, found without any external service: key points, commitments, dates and amounts',
    example: {
      keyPoints: ['拜访采购部，客户关注交付周期，预算约30万。', '我们会在下周三前安排技术演示。'],
      keywords: ['交付周期', '技术演示', '采购部'],
      commitments: [{ text: '我们会在下周三前安排技术演示。', by: 'us', dueAt: '2026-12-02T10:00:00.000Z' }],
      dates: [{ text: '下周三', date: '2026-12-02', time: null, at: '2026-12-02T10:00:00.000Z' }],
      amounts: [{ text: '30万', amount: { minor: 30000000, currency: 'CNY' } }],
    },
  });
export type ActivitySummary = z.infer<typeof activitySummary>;

export const activitySummaryRequest = z
  .strictObject({
    text: z.string().max(20000),
    occurredAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'When it happened (dates like "明天" count from it); default now' }),
  })
  .meta({ example: { text: '拜访采购部，客户关注交付周期，预算约30万。我们会在下周三前安排技术演示。' } });
