/**
 * GET /figures/sales (B5): the live figures over a range of company days — signed, collected, and the receivables
 * now — with each rep's ranking and a series by day, within the caller's scope. A rep sees their own figures; a
 * manager (reports.read) their teams'; ops and admins the company's. Read from sales_figures, which a reaction keeps
 * from the documents' events (reaction.ts), so a board refetching after a live hint reads the new figure at once.
 */
import { addCalendarDays, AppError, companyDate, isoDate, signedContractStatuses, type SalesFigures, type salesFiguresQuery } from '@closeloop/core';
import { sql } from 'kysely';
import type { z } from 'zod';
import { can, requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';

type Query = z.infer<typeof salesFiguresQuery>;
type Totals = { signedMinor: number; signedCount: number; collectedMinor: number };

/** The scope the figures are counted in: a person without reports.read sees only their own. */
export function figuresReader(auth: AuthContext): { auth: AuthContext; scope: SalesFigures['scope'] } {
  if (!can(auth, 'reports.read') || auth.dataScope === 'own') return { auth: { ...auth, dataScope: 'own' }, scope: 'own' };
  return { auth, scope: auth.dataScope === 'all' ? 'company' : auth.dataScope === 'team' ? 'teams' : 'region' };
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  for (let i = 0; ; i++) {
    const iso = isoDate(addCalendarDays({ year: y, month: m, day: d }, i));
    if (iso > to) return days;
    days.push(iso);
  }
}

const n = (value: unknown): number => Number(value ?? 0);

export class SalesFiguresService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async figures(caller: AuthContext, query: Query): Promise<SalesFigures> {
    // Figures are read from the documents: the same right as reading them, narrowed to one's own without reports.read.
    requirePermission(caller, 'crm.read');
    const { auth, scope } = figuresReader(caller);
    const now = this.clock.now();
    const org = await this.db.selectFrom('orgs').select(['currency', 'time_zone']).where('id', '=', auth.orgId).executeTakeFirstOrThrow();
    const today = companyDate(now, org.time_zone);
    const to = query.to ?? (query.from && query.from > today ? query.from : today);
    const from = query.from ?? `${to.slice(0, 8)}01`;
    const days = daysBetween(from, to);
    if (days.length > 367) throw new AppError('VALIDATION_FAILED', {}, { 'querystring.from': { en: 'at most 367 days before to', 'zh-CN': '与结束日期最多相隔 367 天' } });

    const inRange = this.db.selectFrom('sales_figures').where(ownedScope(auth, 'sales_figures')).where('day', '>=', from).where('day', '<=', to);
    const sums = [
      sql<string | number>`sum(sales_figures.signed_minor)`.as('signed'),
      sql<string | number>`sum(sales_figures.signed_count)`.as('count'),
      sql<string | number>`sum(sales_figures.collected_minor)`.as('collected'),
    ] as const;
    const [byRep, byDay, open] = await Promise.all([
      inRange
        .innerJoin('users', 'users.id', 'sales_figures.owner_id')
        .select(['sales_figures.owner_id as repId', 'users.name as repName', ...sums])
        .groupBy(['sales_figures.owner_id', 'users.name'])
        .execute(),
      inRange.select(['sales_figures.day as day', ...sums]).groupBy('sales_figures.day').execute(),
      this.db
        .selectFrom('contracts')
        .where(ownedScope(auth, 'contracts'))
        // Only contracts still owed on: a paid or completed one has total − paid = 0 (core refuses overpaying), so leaving
        // them out changes no figure and reads a fraction of the signed contracts on every refetch.
        .where('status', 'in', signedContractStatuses.filter((s) => s === 'signed' || s === 'partially_paid'))
        .select([
          sql<string | number>`coalesce(sum(contracts.total_minor - contracts.paid_minor), 0)`.as('receivables'),
          sql<string | number>`coalesce(sum(case when contracts.due_on < ${today} then contracts.total_minor - contracts.paid_minor else 0 end), 0)`.as('overdue'),
        ])
        .executeTakeFirstOrThrow(),
    ]);
    const totalsOf = (row: { signed: unknown; count: unknown; collected: unknown }): Totals => ({ signedMinor: n(row.signed), signedCount: n(row.count), collectedMinor: n(row.collected) });
    const reps = byRep
      .map((row) => ({ repId: row.repId, repName: row.repName, ...totalsOf(row) }))
      .sort((a, b) => b.signedMinor - a.signedMinor || b.collectedMinor - a.collectedMinor || a.repName.localeCompare(b.repName) || a.repId.localeCompare(b.repId))
      .map((rep, i) => ({ ...rep, rank: i + 1 }));
    const daily = new Map(byDay.map((row) => [row.day, totalsOf(row)]));
    const totals = reps.reduce<Totals>((t, r) => ({ signedMinor: t.signedMinor + r.signedMinor, signedCount: t.signedCount + r.signedCount, collectedMinor: t.collectedMinor + r.collectedMinor }), { signedMinor: 0, signedCount: 0, collectedMinor: 0 });
    return {
      from, to, currency: org.currency, timeZone: org.time_zone, asOf: now.toISOString(), scope,
      totals: { ...totals, receivablesMinor: n(open.receivables), overdueMinor: n(open.overdue) },
      reps,
      days: days.map((day) => ({ day, ...(daily.get(day) ?? { signedMinor: 0, signedCount: 0, collectedMinor: 0 }) })),
    };
  }
}
