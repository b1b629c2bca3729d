/**
 * The lead steward's company settings (A2–A6): one document per organisation, edited by admins. Every field has a
 * default, so a company that never opened the settings page gets the brief's rules (72 h silence, 30 min screening
 * reminder, Friday report). Shares are whole percents, never floats.
 */
import { z } from 'zod';
import { localisedMessage } from '../platform/localised-issue.js';
import { openLeadStages, type OpenLeadStage } from '../crm/vocab.js';

/** How warm a lead is after screening; sets its planned follow-up cadence. */
export const intentLevels = ['hot', 'warm', 'cold'] as const;
export type IntentLevel = (typeof intentLevels)[number];

const label = z.strictObject({ en: z.string().trim().min(1).max(60), 'zh-CN': z.string().trim().min(1).max(60) });

export const nextActionKindSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/, localisedMessage({ en: 'use lower-case letters, digits and _ (at most 40)', 'zh-CN': '只能用小写字母、数字和 _（最多 40 个）' })),
  label,
  /** Due date the capture form suggests: this many days after the activity. */
  defaultDueDays: z.number().int().min(0).max(90),
});
export type NextActionKind = z.infer<typeof nextActionKindSchema>;

const hours = z.number().int().min(1).max(24 * 90);
const percent = z.number().int().min(0).max(100);

export const defaultNextActionKinds: NextActionKind[] = [
  { code: 'send_proposal', label: { en: 'Send the proposal PDF', 'zh-CN': '发送方案 PDF' }, defaultDueDays: 2 },
  { code: 'book_demo', label: { en: 'Book a technical demo', 'zh-CN': '预约技术演示' }, defaultDueDays: 5 },
  { code: 'involve_purchasing', label: { en: 'Bring in the purchasing lead', 'zh-CN': '引入采购负责人' }, defaultDueDays: 7 },
  { code: 'call_back', label: { en: 'Call back', 'zh-CN': '电话回访' }, defaultDueDays: 3 },
  { code: 'visit', label: { en: 'Visit on site', 'zh-CN': '上门拜访' }, defaultDueDays: 7 },
  { code: 'send_quote', label: { en: 'Send a quotation', 'zh-CN': '发送报价' }, defaultDueDays: 3 },
];

export const stewardSettingsSchema = z.strictObject({
  /** A5: hours without a new action before a lead in this stage counts as silent. */
  silenceHours: z.strictObject(Object.fromEntries(openLeadStages.map((s) => [s, hours.default(72)])) as Record<OpenLeadStage, z.ZodDefault<typeof hours>>).default(
    Object.fromEntries(openLeadStages.map((s) => [s, 72])) as Record<OpenLeadStage, number>,
  ),
  /** A2: minutes after the first contact before an unfinished screening card reminds the rep (once). */
  screeningReminderMinutes: z.number().int().min(5).max(24 * 60).default(30),
  /** A2: planned follow-up cadence in days by intent level, the screening card's default. */
  cadenceDays: z
    .strictObject({ hot: z.number().int().min(1).max(90), warm: z.number().int().min(1).max(90), cold: z.number().int().min(1).max(180) })
    .default({ hot: 3, warm: 7, cold: 14 }),
  /** A4: what a rep may choose as the next action when saving an activity. */
  nextActionKinds: z
    .array(nextActionKindSchema)
    .min(1)
    .max(30)
    .refine((kinds) => new Set(kinds.map((k) => k.code)).size === kinds.length, localisedMessage({ en: 'each code may appear once', 'zh-CN': '每个代码只能出现一次' }))
    .default(defaultNextActionKinds),
  /** A3: how much each fact counts when ranking talk tracks for a lead (whole numbers, 0 = ignored). */
  talkTrackWeights: z
    .strictObject({
      industry: z.number().int().min(0).max(100),
      budgetBand: z.number().int().min(0).max(100),
      decisionChain: z.number().int().min(0).max(100),
      stage: z.number().int().min(0).max(100),
      feedback: z.number().int().min(0).max(100),
    })
    .default({ industry: 5, budgetBand: 3, decisionChain: 3, stage: 2, feedback: 1 }),
  /** A6: a stage is amber when at least `amberPercent` of its leads are at risk, red from `redPercent`. */
  health: z
    .strictObject({ silentDays: z.number().int().min(1).max(90), amberPercent: percent, redPercent: percent })
    .refine((h) => h.amberPercent <= h.redPercent, localisedMessage({ en: 'amber must not be above red', 'zh-CN': '黄灯阈值不能高于红灯阈值' }))
    .default({ silentDays: 5, amberPercent: 20, redPercent: 40 }),
});
export type StewardSettings = z.infer<typeof stewardSettingsSchema>;

/** The settings a company has before anyone edits them. */
export const defaultStewardSettings: StewardSettings = stewardSettingsSchema.parse({});

/** PATCH body: any top-level section, plus the version read (optimistic concurrency). */
const sectionsWithoutDefaults = Object.fromEntries(Object.entries(stewardSettingsSchema.shape).map(([name, section]) => [name, section.unwrap().optional()])) as {
  [K in keyof typeof stewardSettingsSchema.shape]: z.ZodOptional<ReturnType<(typeof stewardSettingsSchema.shape)[K]['unwrap']>>;
};
export const stewardSettingsUpdate = z
  // Without the defaults: a section left out of a PATCH means "unchanged", not "back to the default".
  .strictObject({ ...sectionsWithoutDefaults, version: z.number().int().min(0) })
  .meta({ example: { version: 1, silenceHours: { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 } } });

export const stewardSettingsResponse = z.object({ settings: stewardSettingsSchema, version: z.number().int(), updatedAt: z.string().nullable() });
