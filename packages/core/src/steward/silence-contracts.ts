/**
 * Silence alerts (A5) as the API shows them: one per silence of a lead, with what the lead looked like when it fell
 * silent (the snapshot) and the script suggested to break the silence.
 */
import { z } from 'zod';
import { activityKinds, industries, leadStages, openLeadStages } from '../crm/vocab.js';
import { sortKeyMessage } from '../crm/list-query.js';

export const silenceAlertStatuses = ['open', 'resolved'] as const;
export type SilenceAlertStatus = (typeof silenceAlertStatuses)[number];

/** What ended a silence besides an activity (whose id is recorded instead). */
export const silenceEndReasons = ['won', 'lost', 'archived', 'merged'] as const;
export type SilenceEndReason = (typeof silenceEndReasons)[number];

const talkTrackReason = z.union([
  z.object({ kind: z.literal('match'), fact: z.enum(['industry', 'budgetBand', 'decisionChain', 'stage']), value: z.string() }),
  z.object({ kind: z.literal('general') }),
  z.object({ kind: z.literal('feedback'), helpful: z.number(), rated: z.number(), used: z.number() }),
]);

export const silenceSnapshot = z.object({
  stage: z.enum(leadStages),
  lastActivityAt: z.string(),
  lastActivities: z
    .array(z.object({ id: z.string(), kind: z.enum(activityKinds), occurredAt: z.string(), text: z.string(), ownerId: z.string() }))
    .meta({ description: 'The last three activities, newest first; texts cut at 200 characters' }),
  nextAction: z
    .object({
      kind: z.string(),
      dueAt: z.string().nullable(),
      note: z.string().nullable(),
      label: z.string().optional().meta({ description: 'The kind in the reader’s language (in answers, not stored)' }),
    })
    .nullable()
    .meta({ description: 'The open next action planned by the latest activity, if any' }),
  suggestion: z
    .object({ trackId: z.string(), title: z.string(), reasons: z.array(talkTrackReason) })
    .nullable()
    .meta({ description: 'The talk track suggested when the alert was raised, and why it was picked' }),
});
export type SilenceSnapshot = z.infer<typeof silenceSnapshot>;

export const silenceAlert = z
  .object({
    id: z.string(),
    status: z.enum(silenceAlertStatuses),
    leadId: z.string(),
    lead: z.object({ name: z.string(), company: z.string().nullable(), stage: z.enum(leadStages), industry: z.enum(industries).nullable() }),
    ownerId: z.string(),
    ownerName: z.string(),
    teamId: z.string().nullable(),
    stage: z.enum(leadStages).meta({ description: 'The stage the lead was in when it fell silent' }),
    silentSince: z.string().meta({ description: 'The last action before the silence' }),
    thresholdHours: z.number().int().meta({ description: 'The limit of that stage when the alert was raised' }),
    raisedAt: z.string(),
    snapshot: silenceSnapshot,
    suggestedTrackId: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolution: z
      .union([z.object({ kind: z.literal('activity'), activityId: z.string() }), z.object({ kind: z.enum(silenceEndReasons) })])
      .nullable()
      .meta({ description: 'What ended the silence: an activity logged on the lead, or the lead closed, archived or merged' }),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000040', status: 'open', leadId: '01JD0000000000000000000002',
      lead: { name: '陈晓东', company: '宁波海达精密制造有限公司', stage: 'proposal', industry: 'manufacturing' },
      ownerId: '01JD0000000000000000000001', ownerName: '张伟', teamId: '01JD0000000000000000000009', stage: 'proposal',
      silentSince: '2026-11-23T01:00:00.000Z', thresholdHours: 72, raisedAt: '2026-11-26T01:00:30.000Z',
      snapshot: {
        stage: 'proposal', lastActivityAt: '2026-11-23T01:00:00.000Z',
        lastActivities: [{ id: '01JD0000000000000000000031', kind: 'visit', occurredAt: '2026-11-23T01:00:00.000Z', text: '客户关注交付周期，等待采购部意见。', ownerId: '01JD0000000000000000000001' }],
        nextAction: { kind: 'send_proposal', dueAt: '2026-11-25T01:00:00.000Z', note: null },
        suggestion: { trackId: '01JD0000000000000000000050', title: '制造业：交付周期', reasons: [{ kind: 'match', fact: 'industry', value: 'manufacturing' }] },
      },
      suggestedTrackId: '01JD0000000000000000000050', resolvedAt: null, resolution: null,
    },
  });
export type SilenceAlert = z.infer<typeof silenceAlert>;

const sortKeys = ['silentSince', 'raisedAt'] as const;

export const silenceAlertListQuery = z.strictObject({
  status: z.enum([...silenceAlertStatuses, 'all']).default('open'),
  ownerId: z.string().max(64).optional(),
  teamId: z.string().max(64).optional().meta({ description: 'A team and every team below it' }),
  stage: z.enum(openLeadStages as [string, ...string[]]).optional(),
  minDays: z.coerce.number().int().min(0).max(3650).optional().meta({ description: 'Only leads silent for at least this many days' }),
  sort: z
    .string()
    .regex(new RegExp(`^(${sortKeys.join('|')}):(asc|desc)$`), sortKeyMessage(sortKeys))
    .default('silentSince:asc')
    .meta({ description: 'silentSince:asc = the longest silent first' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type SilenceAlertListQuery = z.infer<typeof silenceAlertListQuery>;

export const silenceAlertPage = z.object({ items: z.array(silenceAlert), nextCursor: z.string().nullable() });
