/**
 * Screening cards (A2). The first activity logged on a lead opens its card and arms a reminder; the rep completes
 * it in seconds (facts the records know are filled in, tags are chips, the cadence follows the intent level), which
 * writes the lead's intent level, tags and cadence (and industry) in the same transaction. Anyone who may edit the
 * lead may complete or correct its card; it can also be filled in before the first contact.
 */
import {
  AppError, cadenceFor, commonIntentTags, normaliseIntentTags, screeningDefaults, screeningRemindAt, starterIntentTags,
  type Lead, type ScreeningAnswers, type ScreeningCard, type ScreeningCompletion,
} from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { DeliveredEvent, JobContext, Jobs } from '../../platform/jobs/index.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import type { LeadService } from '../leads/index.js';
import { requireVersion, staleVersion } from '../shared/records.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { ScreeningStore, type ScreeningCardRow } from './store.js';

export const reminderKind = 'screening.reminder';
const reminderKey = (leadId: string) => `screening:${leadId}`;
/** A first contact the reaction sees more than a day after it was logged is history (the steward was switched on later). */
const historyMs = 24 * 3_600_000;

export class ScreeningService {
  constructor(
    private readonly db: Executor,
    private readonly leads: LeadService,
    private readonly settings: StewardSettingsService,
    private readonly jobs: Jobs,
    private readonly notifier: NotificationCenter,
    private readonly store = new ScreeningStore(),
  ) {}

  /** The lead's card: as saved, or as it starts (status `none` before the first contact). */
  async get(auth: AuthContext, leadId: string): Promise<ScreeningCard> {
    requirePermission(auth, 'crm.read');
    const lead = await this.leads.requireVisible(this.db, auth, leadId);
    return this.view(this.db, auth, lead, await this.store.find(this.db, auth.orgId, leadId));
  }

  async list(auth: AuthContext, query: { status: 'open' | 'completed'; ownerId?: string | undefined; limit: number; cursor?: string | undefined }) {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query);
    return {
      items: rows.map((r) => ({
        leadId: r.lead_id, leadName: r.lead_name, company: r.company, ownerId: r.owner_id, openedAt: r.opened_at, remindAt: r.remind_at,
        status: r.status as 'open' | 'completed', completedAt: r.completed_at,
      })),
      nextCursor,
    };
  }

  /** Completes (or corrects) the card and writes its outcome onto the lead. */
  async complete(write: Write, leadId: string, input: ScreeningCompletion): Promise<ScreeningCard> {
    requirePermission(write.auth, 'crm.write');
    const { tx, auth, now } = write;
    const lead = await this.leads.requireVisible(tx, auth, leadId);
    if (lead.mergedInto) throw new AppError('CONFLICT', { detail: `This lead was merged into ${lead.mergedInto}; complete the screening card there.` });
    const settings = await this.settings.forOrg(tx, auth.orgId);
    const answers: ScreeningAnswers = {
      industry: input.industry ?? null,
      companySize: input.companySize ?? null,
      budgetBand: input.budgetBand ?? null,
      decisionChain: input.decisionChain ?? null,
      intentLevel: input.intentLevel,
      intentTags: normaliseIntentTags(input.intentTags),
      cadenceDays: input.cadenceDays ?? cadenceFor(input.intentLevel, settings),
    };
    const completed = { status: 'completed', completed_at: now, completed_by: auth.userId, answers: JSON.stringify(answers), updated_at: now };
    let card = await this.store.find(tx, auth.orgId, leadId);
    const before = card?.status === 'completed' ? (JSON.parse(card.answers) as ScreeningAnswers) : null;
    if (!card) {
      // Filled in before the first contact: the card opens and completes at once (no reminder to send).
      requireVersion('screening_card', { version: 0 }, input.version);
      const openedAt = lead.firstContactAt ?? now;
      const row: ScreeningCardRow = {
        id: newId(), org_id: auth.orgId, lead_id: leadId, owner_id: lead.ownerId, opened_at: openedAt,
        remind_at: screeningRemindAt(openedAt, settings), reminded_at: null, version: 1, created_at: now, ...completed,
      };
      if (await this.store.open(tx, row)) card = row;
      // The first contact's reaction opened it meanwhile (at version 0): complete that one.
      else card = await this.saveOver(tx, (await this.store.find(tx, auth.orgId, leadId))!, completed, input.version);
    } else {
      card = await this.saveOver(tx, card, completed, input.version);
    }
    await this.jobs.timers.cancel(tx, { orgId: auth.orgId, key: reminderKey(leadId) });
    const updated = await this.leads.applyScreening(write, leadId, {
      intentLevel: answers.intentLevel, intentTags: answers.intentTags, cadenceDays: answers.cadenceDays,
      ...(answers.industry ? { industry: answers.industry } : {}),
    });
    await write.audit({ action: before ? 'update' : 'complete', entityType: 'screening_card', entityId: card.id, before, after: answers });
    await write.emit({
      type: 'screening.completed', subject: card.id,
      payload: { leadId, ownerId: updated.ownerId, intentLevel: answers.intentLevel, cadenceDays: answers.cadenceDays, corrected: before !== null },
    });
    return this.view(tx, auth, updated, card);
  }

  /**
   * Reaction to `activity.logged`: the first activity on an active, open lead opens its card (once) and arms the
   * reminder. The reminder counts from the first contact, but never from before the activity was logged: a call
   * logged two hours after it happened still leaves the rep the full time to fill the card in.
   */
  async openOnFirstContact(event: DeliveredEvent, ctx: JobContext): Promise<void> {
    const leadId = event.payload.leadId;
    if (typeof leadId !== 'string') return;
    if (new Date(ctx.now).getTime() - new Date(event.createdAt).getTime() > historyMs) return;
    const lead = await ctx.tx.selectFrom('leads').select(['owner_id', 'status', 'merged_into', 'stage']).where('org_id', '=', ctx.orgId).where('id', '=', leadId).executeTakeFirst();
    if (!lead || lead.status !== 'active' || lead.merged_into || lead.stage === 'won' || lead.stage === 'lost') return;
    if (await this.store.find(ctx.tx, ctx.orgId, leadId)) return;
    if (await this.store.earlierActivity(ctx.tx, ctx.orgId, leadId, event.subject)) return;
    const settings = await this.settings.forOrg(ctx.tx, ctx.orgId);
    const openedAt = String(event.payload.occurredAt);
    const remindAt = screeningRemindAt(openedAt > event.createdAt ? openedAt : event.createdAt, settings);
    const id = newId();
    const opened = await this.store.open(ctx.tx, {
      id, org_id: ctx.orgId, lead_id: leadId, owner_id: lead.owner_id, status: 'open', opened_at: openedAt, remind_at: remindAt,
      reminded_at: null, completed_at: null, completed_by: null, answers: '{}', version: 0, created_at: ctx.now, updated_at: ctx.now,
    });
    if (!opened) return;
    await this.jobs.timers.arm(ctx.tx, { orgId: ctx.orgId, key: reminderKey(leadId), kind: reminderKind, dueAt: remindAt, payload: { leadId } });
    await ctx.emit({ type: 'screening.opened', subject: id, payload: { leadId, ownerId: lead.owner_id, remindAt } });
  }

  /** Timer: the card is still open at its reminder time: tell the lead's owner, once. */
  async remind(leadId: string, ctx: JobContext): Promise<void> {
    const card = await this.store.find(ctx.tx, ctx.orgId, leadId);
    if (!card || card.status !== 'open' || card.reminded_at) return;
    const lead = await ctx.tx.selectFrom('leads').select(['name', 'company', 'owner_id', 'status']).where('org_id', '=', ctx.orgId).where('id', '=', leadId).executeTakeFirst();
    if (!lead || lead.status !== 'active') return;
    if (!(await this.store.markReminded(ctx.tx, card.id, ctx.now))) return;
    const minutes = Math.round((new Date(ctx.now).getTime() - new Date(card.opened_at).getTime()) / 60_000);
    await this.notifier.notify(ctx.tx, {
      orgId: ctx.orgId, recipients: [lead.owner_id], template: 'screening.reminder', params: { lead: lead.name, company: lead.company, minutes },
      link: `/leads/${leadId}`, subject: { type: 'lead', id: leadId },
    });
  }

  private async saveOver(tx: Executor, card: ScreeningCardRow, completed: Partial<ScreeningCardRow>, version: number): Promise<ScreeningCardRow> {
    requireVersion('screening_card', card, version);
    const next: ScreeningCardRow = { ...card, ...completed, version: card.version + 1 };
    if (!(await this.store.save(tx, card, next))) throw staleVersion('screening_card', card.version + 1, version);
    return next;
  }

  private async view(db: Executor, auth: AuthContext, lead: Lead, card: ScreeningCardRow | undefined): Promise<ScreeningCard> {
    const settings = await this.settings.forOrg(db, auth.orgId);
    const customer = lead.customerId ? await this.store.customerFacts(db, auth, lead.customerId) : undefined;
    const saved = card?.status === 'completed' ? (JSON.parse(card.answers) as ScreeningAnswers) : null;
    const { answers, sources } = screeningDefaults(
      {
        lead: { industry: lead.industry, intentTags: lead.intentTags, intentLevel: lead.intentLevel, cadenceDays: lead.cadenceDays },
        customer: customer
          ? { industry: customer.industry, size: customer.size, budgetBand: customer.budget_band, decisionChain: customer.decision_chain } as Parameters<typeof screeningDefaults>[0]['customer']
          : null,
      },
      saved,
      settings,
    );
    return {
      leadId: lead.id,
      status: (card?.status ?? 'none') as ScreeningCard['status'],
      openedAt: card?.opened_at ?? null,
      remindAt: card?.remind_at ?? null,
      remindedAt: card?.reminded_at ?? null,
      completedAt: card?.completed_at ?? null,
      completedBy: card?.completed_by ?? null,
      version: card?.version ?? 0,
      answers,
      sources,
      suggestedTags: commonIntentTags(await this.store.recentTagLists(db, auth.orgId), starterIntentTags[auth.locale]),
      cadenceDays: settings.cadenceDays,
    };
  }
}
