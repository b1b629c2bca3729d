/**
 * Activities: calls, visits, meetings and notes logged on a lead or a customer (A2), captured with a summary of their
 * text and the next action they plan (A4).
 */
import { AppError, nextActionProblems, summarise, type Activity, type ActivitySummary, type TextSegmenter } from '@closeloop/core';
import type { z } from 'zod';
import type { activityCreate, activityListQuery, activitySummaryRequest, activityUpdate } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { ActivityRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { requirePermission } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import type { LeadService } from '../leads/index.js';
import type { StewardSettingsService } from '../steward-settings/index.js';
import { diff, requireVersion, writeVersioned } from '../shared/records.js';
import { ActivityStore, toActivity, type CompanyCalendar } from './store.js';

type ActivityCreate = z.infer<typeof activityCreate>;
type ActivityUpdate = z.infer<typeof activityUpdate>;
type ActivityListQuery = z.infer<typeof activityListQuery>;
type SummaryRequest = z.infer<typeof activitySummaryRequest>;

/** Phones and servers disagree by a little; anything further ahead is a typo, not a clock. */
const futureToleranceMs = 5 * 60 * 1000;

export class ActivityService {
  /** `segmenter`: jieba's, loaded on the first summary (platform/text). */
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly leads: LeadService,
    private readonly stewardSettings: StewardSettingsService,
    private readonly segmenter: () => TextSegmenter,
    private readonly store = new ActivityStore(),
  ) {}

  /**
   * Logs an activity owned by the caller, with the summary of its text and the next action it plans. On a lead it also
   * moves the lead's last-activity mark, fills its first contact and sets its open next action, in the same
   * transaction, so the silence clock never sees a half-written activity.
   */
  async create(write: Write, input: ActivityCreate): Promise<Activity> {
    requirePermission(write.auth, 'crm.write');
    const occurredAt = occurredAtOf(input.occurredAt, write.now);
    if (input.leadId) {
      const lead = await this.leads.requireVisible(write.tx, write.auth, input.leadId);
      if (lead.mergedInto) throw new AppError('CONFLICT', { detail: `This lead was merged into ${lead.mergedInto}; log the activity there.` });
    }
    if (input.customerId) await this.requireCustomer(write.tx, write.auth, input.customerId);
    const { nextActionKinds } = await this.stewardSettings.forOrg(write.tx, write.auth.orgId);
    const problems = nextActionProblems({ kind: input.kind, onLead: !!input.leadId, nextAction: input.nextAction }, { kinds: nextActionKinds, now: write.now });
    if (Object.keys(problems).length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    const plan = input.nextAction ?? null;
    const company = await this.store.companyOf(write.tx, write.auth.orgId);
    const row: ActivityRow = {
      id: newId(),
      org_id: write.auth.orgId,
      kind: input.kind,
      lead_id: input.leadId ?? null,
      customer_id: input.customerId ?? null,
      occurred_at: occurredAt,
      duration_minutes: input.durationMinutes ?? null,
      text: input.text,
      owner_id: write.auth.userId,
      next_action_kind: plan?.kind ?? null,
      next_action_due_at: plan ? new Date(plan.dueAt).toISOString() : null,
      next_action_note: plan?.note || null,
      summary: this.summaryJson(input.text, occurredAt, company),
      capture: input.capture,
      status: 'active',
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    await write.tx.insertInto('activities').values(row).execute();
    if (row.lead_id) {
      await this.leads.recordActivity(write, row.lead_id, occurredAt);
      // A plan logged after the fact stays behind a later one: the lead keeps the latest activity's plan.
      if (plan) await this.leads.refreshNextAction(write, row.lead_id);
    }
    const activity = toActivity(row);
    await write.audit({ action: 'create', entityType: 'activity', entityId: row.id, after: activity });
    await write.emit({
      type: 'activity.logged', subject: row.id,
      payload: {
        leadId: row.lead_id, customerId: row.customer_id, kind: row.kind, ownerId: row.owner_id, occurredAt,
        nextAction: activity.nextAction && { kind: activity.nextAction.kind, dueAt: activity.nextAction.dueAt },
      },
    });
    return activity;
  }

  /** What the summary of a text would be, for the capture form's live preview; nothing is written. */
  async summaryPreview(auth: AuthContext, request: SummaryRequest): Promise<ActivitySummary> {
    requirePermission(auth, 'crm.write');
    const occurredAt = occurredAtOf(request.occurredAt, this.clock.now().toISOString());
    return this.summaryOf(request.text, occurredAt, await this.store.companyOf(this.db, auth.orgId));
  }

  async get(auth: AuthContext, id: string): Promise<Activity> {
    requirePermission(auth, 'crm.read');
    return toActivity(await this.visible(this.db, auth, id));
  }

  async list(auth: AuthContext, query: ActivityListQuery) {
    requirePermission(auth, 'crm.read');
    const { rows, nextCursor } = await this.store.list(this.db, auth, query, query);
    return { items: rows.map(toActivity), nextCursor };
  }

  /** Text and duration only: what happened, when and with whom stays as logged. */
  async update(write: Write, id: string, patch: ActivityUpdate): Promise<Activity> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('activity', current, patch.version);
    const next: ActivityRow = { ...current };
    if (patch.text !== undefined && patch.text !== current.text) {
      next.text = patch.text;
      next.summary = this.summaryJson(patch.text, current.occurred_at, await this.store.companyOf(write.tx, write.auth.orgId));
    }
    if (patch.durationMinutes !== undefined) next.duration_minutes = patch.durationMinutes;
    return this.save(write, current, next, 'update');
  }

  async setArchived(write: Write, id: string, archived: boolean, version: number): Promise<Activity> {
    requirePermission(write.auth, 'crm.write');
    const current = await this.visible(write.tx, write.auth, id);
    requireVersion('activity', current, version);
    const saved = await this.save(write, current, { ...current, status: archived ? 'archived' : 'active' }, archived ? 'archive' : 'restore');
    // An archived plan is no plan: the lead's open next action falls back to the one before it (and comes back on restore).
    if (current.lead_id && current.next_action_kind) await this.leads.refreshNextAction(write, current.lead_id);
    return saved;
  }

  private summaryOf(text: string, occurredAt: string, company: CompanyCalendar): ActivitySummary {
    return summarise(text, { occurredAt, timeZone: company.timeZone, currency: company.currency, segmenter: this.segmenter() });
  }

  /** The stored summary: none for an activity without text. */
  private summaryJson(text: string, occurredAt: string, company: CompanyCalendar): string | null {
    return text.trim() ? JSON.stringify(this.summaryOf(text, occurredAt, company)) : null;
  }

  /** Visible means written by the caller or on a lead or customer in their scope, and that is who may edit it. */
  private async visible(db: Executor, auth: AuthContext, id: string): Promise<ActivityRow> {
    const row = await this.store.findVisible(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'activity' });
    return row;
  }

  private async requireCustomer(db: Executor, auth: AuthContext, customerId: string): Promise<void> {
    const customer = await this.store.findVisibleCustomer(db, auth, customerId);
    if (!customer) throw new AppError('NOT_FOUND', { entity: 'customer' });
    if (customer.merged_into) {
      throw new AppError('CONFLICT', { detail: `This customer was merged into ${customer.merged_into}; log the activity there.` });
    }
  }

  /** Writes `next` if nobody changed the row since `current` was read; audits the changed fields. */
  private async save(write: Write, current: ActivityRow, next: ActivityRow, action: 'update' | 'archive' | 'restore'): Promise<Activity> {
    const saved = await writeVersioned(write.tx, 'activities', 'activity', current, next, write.now);
    const id = saved.id;
    const before = toActivity(current);
    const after = toActivity(saved);
    const changed = diff(before, after);
    await write.audit({ action, entityType: 'activity', entityId: id, before: changed.before, after: changed.after });
    const eventType = { update: 'activity.updated', archive: 'activity.archived', restore: 'activity.restored' }[action];
    await write.emit({ type: eventType, subject: id, payload: { leadId: after.leadId, customerId: after.customerId, changed: Object.keys(changed.after) } });
    return after;
  }
}

/** When it happened, in UTC; defaults to now and may run at most a few minutes ahead of the server. */
function occurredAtOf(given: string | undefined, now: string): string {
  if (!given) return now;
  const at = new Date(given);
  if (at.getTime() - new Date(now).getTime() > futureToleranceMs) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.occurredAt': { en: 'may not be more than 5 minutes in the future', 'zh-CN': '不能晚于当前时间 5 分钟以上' } });
  }
  return at.toISOString();
}
