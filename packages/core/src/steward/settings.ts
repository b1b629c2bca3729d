/**
 * The lead steward's company settings (A2–A6): one document per organisation, edited by admins. Every field has a
 * default, so a company that never opened the settings page gets the brief's rules (72 h silence, 30 min screening
 * reminder, Friday report). Shares are whole percents, never floats.
 */
import { z } from 'zod';
import { localisedMessage } from '../platform/localised-issue.js';
import { openLeadStages, type OpenLeadStage } from '../crm/vocab.js';
import { defaultNextActionKinds, defaultStewardSettings } from './settings-defaults.js';

// The defaults as plain data live in settings-defaults.ts (no zod there, for the phone's first load); same exports here.
export { defaultNextActionKinds, defaultSilenceHoursPerStage, defaultStewardSettings } from './settings-defaults.js';

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

export const stewardSettingsSchema = z.strictObject({
  /** A5: hours without a new action before a lead in this stage counts as silent. */
  silenceHours: z
    .strictObject(Object.fromEntries(openLeadStages.map((s) => [s, hours.default(defaultStewardSettings.silenceHours[s])])) as Record<OpenLeadStage, z.ZodDefault<typeof hours>>)
    .default(defaultStewardSettings.silenceHours),
  /** A2: minutes after the first contact before an unfinished screening card reminds the rep (once). */
  screeningReminderMinutes: z.number().int().min(5).max(24 * 60).default(defaultStewardSettings.screeningReminderMinutes),
  /** A2: planned follow-up cadence in days by intent level, the screening card's default. */
  cadenceDays: z
    .strictObject({ hot: z.number().int().min(1).max(90), warm: z.number().int().min(1).max(90), cold: z.number().int().min(1).max(180) })
    .default(defaultStewardSettings.cadenceDays),
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
    .default(defaultStewardSettings.talkTrackWeights),
  /** A6: a stage is amber when at least `amberPercent` of its leads are at risk, red from `redPercent`. */
  health: z
    .strictObject({ silentDays: z.number().int().min(1).max(90), amberPercent: percent, redPercent: percent })
    .refine((h) => h.amberPercent <= h.redPercent, localisedMessage({ en: 'amber must not be above red', 'zh-CN': '黄灯阈值不能高于红灯阈值' }))
    .default(defaultStewardSettings.health),
});
export type StewardSettings = z.infer<typeof stewardSettingsSchema>;

/** PATCH body: any top-level section, plus the version read (optimistic concurrency). */
const sectionsWithoutDefaults = Object.fromEntries(Object.entries(stewardSettingsSchema.shape).map(([name, section]) => [name, section.unwrap().optional()])) as {
  [K in keyof typeof stewardSettingsSchema.shape]: z.ZodOptional<ReturnType<(typeof stewardSettingsSchema.shape)[K]['unwrap']>>;
};
export const stewardSettingsUpdate = z
  // Without the defaults: a section left out of a PATCH means "unchanged", not "back to the default".
  .strictObject({ ...sectionsWithoutDefaults, version: z.number().int().min(0) })
  .meta({ example: { version: 1, silenceHours: { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 } } });

export const stewardSettingsResponse = z.object({ settings: stewardSettingsSchema, version: z.number().int(), updatedAt: z.string().nullable() });
