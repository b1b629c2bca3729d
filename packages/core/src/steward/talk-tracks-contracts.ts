/**
 * Request and response shapes of talk tracks (A3): the templates admins keep, the suggestions for a lead with the
 * reasons behind them, and reps' feedback. Rules name vocabulary codes; [] = any value.
 */
import { z } from 'zod';
import { idSchema } from '../crm/contracts.js';
import { industries, leadStages } from '../crm/vocab.js';
import { locales } from '../platform/errors.js';
import { localisedMessage } from '../platform/localised-issue.js';
import { knownBudgetBands, knownDecisionChains, talkTrackFacts } from './talk-tracks.js';

export const talkTrackLocales = locales;
export const talkTrackStatuses = ['active', 'archived'] as const;
export const talkTrackFeedbackKinds = ['used', 'helpful', 'not_helpful'] as const;
export type TalkTrackFeedbackKind = (typeof talkTrackFeedbackKinds)[number];

const noRepeats = localisedMessage({ en: 'each value may appear once', 'zh-CN': '每个值只能出现一次' });
const rule = <V extends readonly string[]>(values: V) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((list) => new Set(list).size === list.length, noRepeats)
    .default([]);

const ruleFields = {
  industries: rule(industries).meta({ description: 'Industries the script fits; [] = any' }),
  budgetBands: rule(knownBudgetBands).meta({ description: 'Budget bands the script fits; [] = any' }),
  decisionChains: rule(knownDecisionChains).meta({ description: 'Decision chains the script fits; [] = any' }),
  stages: rule(leadStages).meta({ description: 'Lead stages the script fits; [] = any' }),
};

const fields = {
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(5000),
  locale: z.enum(talkTrackLocales),
  ...ruleFields,
};

export const talkTrackCreate = z.strictObject(fields).meta({
  example: {
    title: '制造业：交付周期', locale: 'zh-CN', industries: ['manufacturing'], budgetBands: [], decisionChains: [], stages: [],
    body: '您好，很多制造企业最头疼的是交付周期不稳定……我们能否约 30 分钟，看看贵司从接单到发货的各个环节？',
  },
});
export type TalkTrackCreate = z.infer<typeof talkTrackCreate>;

export const talkTrackUpdate = z
  .strictObject({
    title: fields.title.optional(),
    body: fields.body.optional(),
    locale: fields.locale.optional(),
    industries: ruleFields.industries.unwrap().optional(),
    budgetBands: ruleFields.budgetBands.unwrap().optional(),
    decisionChains: ruleFields.decisionChains.unwrap().optional(),
    stages: ruleFields.stages.unwrap().optional(),
    version: z.number().int().min(1),
  })
  .meta({ example: { version: 2, decisionChains: ['committee'] } });
export type TalkTrackUpdate = z.infer<typeof talkTrackUpdate>;

export const talkTrackFeedbackTally = z.object({ used: z.number().int(), helpful: z.number().int(), notHelpful: z.number().int() });

export const talkTrack = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.enum(talkTrackStatuses),
    title: z.string(),
    body: z.string(),
    locale: z.enum(talkTrackLocales),
    industries: z.array(z.enum(industries)),
    budgetBands: z.array(z.enum(knownBudgetBands)),
    decisionChains: z.array(z.enum(knownDecisionChains)),
    stages: z.array(z.enum(leadStages)),
    starterKey: z.string().nullable().meta({ description: 'Which starter-library script this began as; null for the company\'s own' }),
    feedback: talkTrackFeedbackTally.meta({ description: 'Reps\' marks over the whole organisation' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000030', version: 1, status: 'active', title: '制造业：交付周期', body: '您好……', locale: 'zh-CN',
      industries: ['manufacturing'], budgetBands: [], decisionChains: [], stages: [], starterKey: 'manufacturing_lead_time',
      feedback: { used: 12, helpful: 8, notHelpful: 2 }, createdAt: '2026-11-27T09:00:00.000Z', updatedAt: '2026-11-27T09:00:00.000Z',
    },
  });
export type TalkTrack = z.infer<typeof talkTrack>;

export const talkTrackListQuery = z.strictObject({
  locale: z.enum(talkTrackLocales).optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  industry: z.enum(industries).optional().meta({ description: 'Scripts whose rule names this industry or fits any' }),
  q: z.string().trim().max(100).optional().meta({ description: 'Words in the title or the script' }),
});

export const talkTrackReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('match'), fact: z.enum(talkTrackFacts), value: z.string() }),
  z.object({ kind: z.literal('general') }),
  z.object({ kind: z.literal('feedback'), helpful: z.number().int(), rated: z.number().int(), used: z.number().int() }),
]);

/** The caller's own marks on a script for this lead, so the buttons show what was already pressed. */
export const talkTrackMarks = z.object({ used: z.boolean(), helpful: z.boolean(), notHelpful: z.boolean() });
export type TalkTrackMarks = z.infer<typeof talkTrackMarks>;

export const talkTrackSuggestionsQuery = z.strictObject({
  locale: z.enum(talkTrackLocales).optional().meta({ description: 'Language of the scripts; the request\'s language when left out' }),
  limit: z.coerce.number().int().min(1).max(10).default(3),
});

export const talkTrackSuggestion = z.object({ track: talkTrack, score: z.number(), reasons: z.array(talkTrackReason), mine: talkTrackMarks });
export type TalkTrackSuggestion = z.infer<typeof talkTrackSuggestion>;

export const talkTrackFeedbackCreate = z
  .strictObject({ leadId: idSchema, kind: z.enum(talkTrackFeedbackKinds) })
  .meta({ example: { leadId: '01JD0000000000000000000000', kind: 'helpful' } });

export const talkTrackFeedbackResult = z.object({
  talkTrackId: z.string(),
  leadId: z.string(),
  kind: z.enum(talkTrackFeedbackKinds),
  recorded: z.boolean().meta({ description: 'false when this mark was already there: pressing twice counts once' }),
  mine: talkTrackMarks,
  feedback: talkTrackFeedbackTally,
});
export type TalkTrackFeedbackResult = z.infer<typeof talkTrackFeedbackResult>;

export const starterLibraryResult = z.object({
  added: z.number().int().meta({ description: 'Starter scripts the organisation did not have, now added' }),
  present: z.number().int().meta({ description: 'Starter scripts already there (edited or archived ones are left as they are)' }),
});
export type StarterLibraryResult = z.infer<typeof starterLibraryResult>;
