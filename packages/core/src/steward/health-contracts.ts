/**
 * The weekly lead-health report over HTTP (A6): published reports (one per rep per week, made Friday 16:00 in the
 * company's time zone) and the live view of the week in progress. Each stage carries its colour and the rule
 * behind it as data (see health.ts); screens word it in the reader's language.
 */
import { z } from 'zod';
import { openLeadStages, type OpenLeadStage } from '../crm/vocab.js';
import { localisedMessage } from '../platform/localised-issue.js';
import { healthColours, healthSignals } from './health.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, localisedMessage({ en: 'a date as YYYY-MM-DD, e.g. 2026-11-06', 'zh-CN': '请填写 YYYY-MM-DD 格式的日期，例如 2026-11-06' }));
const id = z.string().min(1).max(64);

const colour = z.enum(healthColours);
const signalFinding = z.object({
  signal: z.enum(healthSignals),
  count: z.number().int(),
  percent: z.number().int().meta({ description: 'count / leads, whole percent rounded down' }),
  colour,
});
const healthRule = z
  .object({
    signal: z.enum(healthSignals).nullable().meta({ description: 'The signal that decided the colour; null when no lead shows any' }),
    count: z.number().int(),
    leads: z.number().int(),
    percent: z.number().int(),
    threshold: z.object({ colour: z.enum(['amber', 'red']), percent: z.number().int() }),
    met: z.boolean().meta({ description: 'Whether count / leads reached the threshold (compared as count × 100 ≥ percent × leads)' }),
    colour,
    silentDays: z.number().int(),
  })
  .meta({ description: 'Why the stage has its colour, e.g. 3 of 7 leads silent > 5 days (42% ≥ 40% → red)' });

export const stageHealthSchema = z.object({
  stage: z.enum(openLeadStages as [OpenLeadStage, ...OpenLeadStage[]]),
  colour,
  leads: z.number().int().meta({ description: "The rep's active leads in this stage" }),
  signals: z.array(signalFinding).meta({ description: 'Each risk signal: silent, next action overdue, none planned' }),
  rule: healthRule.nullable().meta({ description: 'null when the stage holds no leads' }),
});

const thresholds = z.object({ silentDays: z.number().int(), amberPercent: z.number().int(), redPercent: z.number().int() });

const reportShape = z.object({
  id: z.string().nullable().meta({ description: 'The published report; null in the live view' }),
  repId: z.string(),
  repName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  week: z.string().meta({ description: "The report's Friday, YYYY-MM-DD in the company time zone" }),
  generatedAt: z.string().nullable().meta({ description: 'When it was published; null in the live view' }),
  stages: z.array(stageHealthSchema),
});

const example = {
  id: '01JD0000000000000000000020', repId: '01JD0000000000000000000001', repName: '张伟', teamId: '01JD0000000000000000000003', teamName: '华东一组',
  week: '2026-11-06', generatedAt: '2026-11-06T08:00:00.000Z',
  stages: [{
    stage: 'proposal', colour: 'red', leads: 7,
    signals: [
      { signal: 'silent', count: 3, percent: 42, colour: 'red' }, { signal: 'overdue', count: 1, percent: 14, colour: 'green' },
      { signal: 'unplanned', count: 0, percent: 0, colour: 'green' },
    ],
    rule: { signal: 'silent', count: 3, leads: 7, percent: 42, threshold: { colour: 'red', percent: 40 }, met: true, colour: 'red', silentDays: 5 },
  }],
};

export const leadHealthReport = reportShape.meta({ example });
export type LeadHealthReport = z.infer<typeof reportShape>;

export const leadHealthReportList = z
  .object({
    week: z.string().nullable().meta({ description: 'The week shown: the one asked for, else the latest published; null when none is' }),
    weeks: z.array(z.string()).meta({ description: 'Published weeks you can see, latest first (at most 52)' }),
    asOf: z.string().meta({ description: 'When this answer was read' }),
    thresholds: thresholds.meta({ description: 'The health settings in force now (a report keeps the ones it was made with in its rules)' }),
    items: z.array(reportShape).meta({ description: 'One per rep, by team and name' }),
  })
  .meta({ example: { week: '2026-11-06', weeks: ['2026-11-06', '2026-10-30'], asOf: '2026-11-06T09:00:00.000Z', thresholds: { silentDays: 5, amberPercent: 20, redPercent: 40 }, items: [example] } });
export type LeadHealthReportList = z.infer<typeof leadHealthReportList>;

export const leadHealthCurrent = z
  .object({
    week: z.string().meta({ description: 'The week in progress: the Friday whose report is next' }),
    asOf: z.string().meta({ description: 'Counted live at this instant' }),
    thresholds,
    items: z.array(reportShape),
  })
  .meta({ example: { week: '2026-11-13', asOf: '2026-11-09T02:00:00.000Z', thresholds: { silentDays: 5, amberPercent: 20, redPercent: 40 }, items: [{ ...example, id: null, generatedAt: null, week: '2026-11-13' }] } });
export type LeadHealthCurrent = z.infer<typeof leadHealthCurrent>;

export const leadHealthQuery = z.strictObject({
  week: isoDate.optional().meta({ description: "A report's Friday; the latest published week when left out" }),
  repId: id.optional().meta({ description: 'Only this rep' }),
  teamId: id.optional().meta({ description: 'Only reps of this team and the teams below it' }),
});
export const leadHealthCurrentQuery = leadHealthQuery.omit({ week: true });
export const leadHealthExportQuery = leadHealthQuery.extend({
  live: z.enum(['true', 'false']).default('false').meta({ description: 'true: the week in progress, counted now (week is then ignored)' }),
});
