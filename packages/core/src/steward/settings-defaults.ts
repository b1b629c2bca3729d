/**
 * The steward settings a company has before anyone edits them, as plain data. Kept apart from the zod schema
 * (settings.ts) so a screen that only needs the defaults — the phone home flags silent leads with them until the
 * company's settings arrive — does not load and run zod on its first paint. The schema's defaults are these values,
 * and settings.test.ts checks that parsing `{}` gives exactly them. Their types are inferred here, not taken from the
 * schema (which is built from them): the schema's `.default(…)` calls check them against its own types.
 */
import { openLeadStages, type OpenLeadStage } from '../crm/vocab.js';

export const defaultNextActionKinds = [
  { code: 'send_proposal', label: { en: 'Send the proposal PDF', 'zh-CN': '发送方案 PDF' }, defaultDueDays: 2 },
  { code: 'book_demo', label: { en: 'Book a technical demo', 'zh-CN': '预约技术演示' }, defaultDueDays: 5 },
  { code: 'involve_purchasing', label: { en: 'Bring in the purchasing lead', 'zh-CN': '引入采购负责人' }, defaultDueDays: 7 },
  { code: 'call_back', label: { en: 'Call back', 'zh-CN': '电话回访' }, defaultDueDays: 3 },
  { code: 'visit', label: { en: 'Visit on site', 'zh-CN': '上门拜访' }, defaultDueDays: 7 },
  { code: 'send_quote', label: { en: 'Send a quotation', 'zh-CN': '发送报价' }, defaultDueDays: 3 },
];

/** A5: 72 hours for every open stage. */
export const defaultSilenceHoursPerStage = 72;

/** The settings a company has before anyone edits them. */
export const defaultStewardSettings = {
  silenceHours: Object.fromEntries(openLeadStages.map((stage) => [stage, defaultSilenceHoursPerStage])) as Record<OpenLeadStage, number>,
  screeningReminderMinutes: 30,
  cadenceDays: { hot: 3, warm: 7, cold: 14 },
  nextActionKinds: defaultNextActionKinds,
  talkTrackWeights: { industry: 5, budgetBand: 3, decisionChain: 3, stage: 2, feedback: 1 },
  health: { silentDays: 5, amberPercent: 20, redPercent: 40 },
};
