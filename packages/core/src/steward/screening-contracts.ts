/** The screening card (A2) as the API reads and completes it. */
import { z } from 'zod';
import { budgetBands, companySizes, decisionChains, industries } from '../crm/vocab.js';
import { intentLevels } from './settings.js';
import { screeningFacts } from './screening.js';

const tag = z.string().trim().min(1).max(32);

const answerFields = {
  industry: z.enum(industries).nullable(),
  companySize: z.enum(companySizes).nullable(),
  budgetBand: z.enum(budgetBands).nullable(),
  decisionChain: z.enum(decisionChains).nullable(),
  intentLevel: z.enum(intentLevels),
  intentTags: z.array(tag).max(20),
  cadenceDays: z.number().int().min(1).max(180).meta({ description: 'Planned follow-up: every this many days' }),
};
export const screeningAnswers = z.object(answerFields);

/** Completing (or correcting) a card: facts may stay unknown; the cadence defaults to the intent level's. */
export const screeningCompletion = z
  .strictObject({
    ...answerFields,
    industry: answerFields.industry.optional(),
    companySize: answerFields.companySize.optional(),
    budgetBand: answerFields.budgetBand.optional(),
    decisionChain: answerFields.decisionChain.optional(),
    intentTags: answerFields.intentTags.default([]),
    cadenceDays: answerFields.cadenceDays.optional().meta({ description: 'Left out: the company cadence of the intent level (e.g. 3 days for hot)' }),
    version: z.number().int().min(0).meta({ description: 'The card version read (0 when it had not been opened yet)' }),
  })
  .meta({
    example: { version: 1, industry: 'manufacturing', companySize: 'medium', budgetBand: '500k_2m', decisionChain: 'multi_level', intentLevel: 'hot', intentTags: ['预算已批', '关注交付周期'] },
  });
export type ScreeningCompletion = z.infer<typeof screeningCompletion>;

export const screeningCardStatuses = ['none', 'open', 'completed'] as const;

export const screeningCard = z
  .object({
    leadId: z.string(),
    status: z.enum(screeningCardStatuses).meta({ description: 'none: no first contact yet (the card can still be filled in early)' }),
    openedAt: z.string().nullable().meta({ description: 'The first contact' }),
    remindAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
    version: z.number().int(),
    answers: screeningAnswers.meta({ description: 'What was saved, or what the card starts with: the facts the records know and the company defaults' }),
    sources: z
      .partialRecord(z.enum(screeningFacts), z.enum(['lead', 'customer', 'card']))
      .meta({ description: 'Which facts were filled in from the lead, its customer or the saved card' }),
    suggestedTags: z.array(z.string()).meta({ description: 'Chips: the tags used most on the company’s cards, then starter tags' }),
    cadenceDays: z.object({ hot: z.number().int(), warm: z.number().int(), cold: z.number().int() }).meta({ description: 'The company cadence per intent level' }),
  })
  .meta({
    example: {
      leadId: '01JD0000000000000000000002', status: 'open', openedAt: '2026-11-26T01:00:00.000Z', remindAt: '2026-11-26T01:30:00.000Z',
      remindedAt: null, completedAt: null, completedBy: null, version: 1,
      answers: { industry: 'manufacturing', companySize: null, budgetBand: null, decisionChain: null, intentLevel: 'warm', intentTags: [], cadenceDays: 7 },
      sources: { industry: 'lead' }, suggestedTags: ['预算已批', '急需', '比价中'], cadenceDays: { hot: 3, warm: 7, cold: 14 },
    },
  });
export type ScreeningCard = z.infer<typeof screeningCard>;

/** A line of "my open cards". */
export const openScreeningCard = z.object({
  leadId: z.string(),
  leadName: z.string(),
  company: z.string().nullable(),
  ownerId: z.string(),
  openedAt: z.string(),
  remindAt: z.string(),
  status: z.enum(['open', 'completed']),
  completedAt: z.string().nullable(),
});
export const screeningCardListQuery = z.strictObject({
  status: z.enum(['open', 'completed']).default('open'),
  ownerId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export const screeningCardPage = z.object({ items: z.array(openScreeningCard), nextCursor: z.string().nullable() });
export type OpenScreeningCard = z.infer<typeof openScreeningCard>;
