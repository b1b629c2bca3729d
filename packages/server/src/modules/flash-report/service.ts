/**
 * The daily flash report (B5): one company day's signed and collected amounts, top reps and anomalous documents,
 * computed from the documents on request (any past day; nothing is stored, so it always adds up to the documents)
 * and sent every morning to managers, ops and admins, each counted within what they may see.
 *
 * Readers need reports.read: a manager sees the documents of the teams they lead (and below), ops and admins the
 * whole company. The day's facts are read once for the company and narrowed per reader by `mayView`, the in-memory
 * twin of the list scopes, so the morning run reads the day once however many managers it tells.
 */
import { AppError, companyDate, flashReport, isoDate, addCalendarDays, type FlashDayFacts, type FlashReportView, type Role } from '@closeloop/core';
import { requirePermission, resolveAuth, type AuthContext } from '../../platform/access/auth-context.js';
import { mayView } from '../../platform/access/visibility.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { JobContext } from '../../platform/jobs/index.js';
import type { NotificationCenter, NotifyMessage } from '../../platform/notify/index.js';
import { companyOf, FlashStore, type Company } from './store.js';

/** Who receives the morning flash. */
export const flashRecipientRoles: readonly Role[] = ['manager', 'ops', 'admin'];

export function scopeOf(auth: AuthContext): FlashReportView['scope'] {
  return auth.dataScope === 'all' ? 'company' : auth.dataScope === 'team' ? 'teams' : auth.dataScope === 'whitelist' ? 'region' : 'own';
}

/** The company day before `day`. */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return isoDate(addCalendarDays({ year, month, day: date }, -1));
}

export interface SentFlash {
  day: string;
  /** People told by this run; someone already told about the day is not told again. */
  told: string[];
}

export class FlashReportService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly notifier: NotificationCenter,
    private readonly store = new FlashStore(),
  ) {}

  async report(auth: AuthContext, day: string): Promise<FlashReportView> {
    requirePermission(auth, 'reports.read');
    const company = await companyOf(this.db, auth.orgId);
    const today = companyDate(this.clock.now(), company.timeZone);
    if (day > today) {
      throw new AppError('VALIDATION_FAILED', {}, { 'params.day': { en: `a day up to today (${today})`, 'zh-CN': `只能查看今天（${today}）及以前的日期` } });
    }
    const facts = await this.store.dayFacts(this.db, auth.orgId, day, company);
    return this.view(auth, facts, company);
  }

  /**
   * Tells every active manager, ops and admin of the organisation about `day`, each with the figures they may see,
   * in the caller's transaction. Once per person and day (effect keys): a rerun, a retry, or the schedule re-armed
   * for the same morning after flashTime changed tells nobody twice.
   */
  async sendDaily(ctx: JobContext, day: string): Promise<SentFlash> {
    const { tx, orgId } = ctx;
    const company = await companyOf(tx, orgId);
    const people = await tx.selectFrom('users').selectAll().where('org_id', '=', orgId).where('status', '=', 'active').where('role', 'in', [...flashRecipientRoles]).orderBy('id').execute();
    if (people.length === 0) return { day, told: [] };
    const facts = await this.store.dayFacts(tx, orgId, day, company);
    const told: string[] = [];
    const messages: NotifyMessage<'flash.daily'>[] = [];
    for (const person of people) {
      const fresh = await ctx.once(`flash:${day}:${person.id}`, async () => undefined);
      if (!fresh) continue;
      const auth = await resolveAuth(tx, person, { kind: 'session', id: 'flash-report' });
      const report = this.view(auth, facts, company);
      told.push(person.id);
      messages.push({
        recipients: [person.id],
        params: {
          day, currency: company.currency, signedMinor: report.netSigned.minor, signedCount: report.netSigned.count,
          collectedMinor: report.collected.minor, refundedMinor: report.refunded.minor, topReps: report.topReps.map((r) => r.repName), anomalies: report.anomalies.length,
        },
        link: `/flash/${day}`,
        subject: { type: 'flash_report', id: day },
      });
    }
    if (messages.length > 0) await this.notifier.notifyEach(tx, orgId, 'flash.daily', messages);
    return { day, told };
  }

  private view(auth: AuthContext, facts: FlashDayFacts, company: Company): FlashReportView {
    const report = flashReport(facts, {
      visible: (row) => mayView(auth, { orgId: auth.orgId, ...row }),
      receiptMismatchToleranceMinor: company.settings.receiptMismatchToleranceMinor,
    });
    return { ...report, timeZone: company.timeZone, generatedAt: this.clock.now().toISOString(), scope: scopeOf(auth) };
  }
}
