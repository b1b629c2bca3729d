/**
 * The manager's team board (A5, A7, G3): what `GET /dashboard/pipeline` answers. Every figure is counted over the
 * records the caller may see, exactly as the lists are; `rules` carries the thresholds the figures were counted
 * with, so a screen explaining a metric quotes the numbers the server used rather than a copy of them.
 */
import { z } from 'zod';
import { leadStages, openLeadStages, type OpenLeadStage } from '../crm/vocab.js';

/** The board's fixed rules; when a lead is silent comes from the company's steward settings (silenceHours per stage). */
export const pipelineRules = {
  /** The window of "activities lately" per person. */
  activityWindowDays: 7,
  /** The new-leads trend: this many company-calendar days, today included. */
  trendDays: 14,
  /** The silent leads listed by name (the oldest first); the count covers all of them. */
  silentListed: 10,
} as const;

const stageCount = z.object({ stage: z.enum(leadStages), count: z.number().int() });

const ownerFigures = z.object({
  ownerId: z.string(),
  name: z.string(),
  openLeads: z.number().int().meta({ description: 'Active leads in an open stage that this person owns' }),
  silentLeads: z.number().int().meta({ description: 'Of those, the ones without an action for their stage’s `rules.silenceHours`' }),
  activities: z.number().int().meta({ description: 'Activities this person logged in the last `rules.activityWindowDays` days' }),
});

const silentLead = z.object({
  id: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  stage: z.enum(leadStages),
  ownerId: z.string(),
  ownerName: z.string(),
  lastActivityAt: z.string().meta({ description: 'The last action on the lead (its creation when it has none)' }),
});

const dayCount = z.object({ date: z.string().meta({ description: 'A company-calendar day, YYYY-MM-DD' }), count: z.number().int() });

export const pipelineBoard = z
  .object({
    asOf: z.string().meta({ description: 'When the figures were counted: they are read live from the records on each request' }),
    timeZone: z.string().meta({ description: 'The company time zone the days of `newLeads` are counted in' }),
    rules: z.object({
      silenceHours: z
        .record(z.enum(openLeadStages as [OpenLeadStage, ...OpenLeadStage[]]), z.number().int())
        .meta({ description: 'A5: per open stage, the hours without an action after which a lead is silent (the company’s steward settings)' }),
      activityWindowDays: z.number().int(),
      trendDays: z.number().int(),
      silentListed: z.number().int(),
      openStages: z.array(z.enum(leadStages)),
    }),
    stages: z.array(stageCount).meta({ description: 'Active leads per stage, every stage listed in pipeline order' }),
    owners: z.array(ownerFigures).meta({ description: 'Everyone who owns an open lead or logged an activity in the window, most open leads first' }),
    silent: z.object({
      count: z.number().int(),
      oldest: z.array(silentLead).meta({ description: 'The longest-silent leads, oldest first' }),
    }),
    newLeads: z.array(dayCount).meta({ description: 'Leads created per day, oldest day first, today last' }),
  })
  .meta({
    example: {
      asOf: '2026-11-26T08:30:00.000Z',
      timeZone: 'Asia/Shanghai',
      rules: { silenceHours: { new: 72, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 }, activityWindowDays: 7, trendDays: 14, silentListed: 10, openStages: ['new', 'contacted', 'qualified', 'proposal', 'negotiation'] },
      stages: [
        { stage: 'new', count: 42 }, { stage: 'contacted', count: 31 }, { stage: 'qualified', count: 18 }, { stage: 'proposal', count: 9 },
        { stage: 'negotiation', count: 5 }, { stage: 'won', count: 12 }, { stage: 'lost', count: 7 },
      ],
      owners: [{ ownerId: '01JD0000000000000000000001', name: '张伟', openLeads: 38, silentLeads: 4, activities: 23 }],
      silent: {
        count: 4,
        oldest: [{
          id: '01JD0000000000000000000002', name: '陈晓东', company: '宁波海达精密制造有限公司', stage: 'contacted',
          ownerId: '01JD0000000000000000000001', ownerName: '张伟', lastActivityAt: '2026-11-20T02:00:00.000Z',
        }],
      },
      newLeads: [{ date: '2026-11-25', count: 6 }, { date: '2026-11-26', count: 3 }],
    },
  });
export type PipelineBoard = z.infer<typeof pipelineBoard>;
