/**
 * The demo company's commission plan (C1), so every statement page opens on real pay: a quarterly plan (the period the
 * statement pages open on) with a marginal tier table behind a quota gate, a two-level manager override and a sprint
 * bonus on large deals; every team on it; a quarterly quota for each rep. Written through the real CommissionService, as the payroll clerk, at the start of the
 * document story — before any payment — so when the server runs, the commission reaction pays each confirmed,
 * refunded or voided receipt of the story from its event, exactly as it would have at the time.
 *
 * Deterministic for a given clock: the plan's dates and the quotas follow from the seeding moment alone. Amounts in the
 * plan are in yuan (major units, as plans are written); quotas are integer minor units (fen).
 */
import { addCalendarDays, commissionAssignmentCreate, commissionPeriodOf, commissionPlanCreate, isoDate, wallClockAt } from '@closeloop/core';
import { resolveAuth } from '../platform/access/auth-context.js';
import { ManualClock, type Clock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { UnitOfWork } from '../platform/http/unit-of-work.js';
import { CommissionService } from '../modules/commissions/index.js';
import { demoEmail, demoOrgId, demoTeams } from './demo-company.js';

const timeZone = 'Asia/Shanghai';
export const demoPlanKey = 'demo-sales';

/** The plan as the comp team would write it; `from` is the first day of the story's first month. */
export function demoPlanSource(from: string, sprint: { from: string; to: string }): string {
  return `# 示例科技销售提成方案：按回款计提，按季度结算
id: ${demoPlanKey}
version: 1
name: 示例科技销售提成方案 (Demo sales commission plan)
currency: CNY
period: quarter
effective: { from: ${from} }
payOn: payment
clawback: { mode: full, window: { days: 180 } }
components:
  - id: base
    name: 回款阶梯提成 (Tiered commission on collections)
    type: table
    method: marginal
    gate: { attainmentAtLeast: 25 }
    bands:
      - { upTo: 600000, rate: 2% }
      - { upTo: 1500000, rate: 3% }
      - { rate: 4.5% }
  - id: override
    name: 管理层提成 (Manager override)
    type: override
    levels: [ { rate: 1% }, { rate: 0.5% } ]
  - id: big-deal-sprint
    name: 大单冲刺奖 (Large-deal sprint bonus)
    type: spif
    window: { from: ${sprint.from}, to: ${sprint.to} }
    when: "dealAmount >= 200000"
    perDeal: 2000
`;
}

/** A rep's quarterly quota in fen: ¥900,000 for most, ¥1,200,000 for the big Shanghai and Beijing books. */
function quotaOf(teamId: string | null): number {
  return (teamId === 'team_sh_1' || teamId === 'team_bj' ? 1_200_000 : 900_000) * 100;
}

/**
 * `clock` is the seeding moment; `storyDays` how far back the document story starts. The plan is stored on the
 * story's first morning, effective from the first of that month; the sprint runs from the first of last month to the
 * end of this one.
 */
export async function seedDemoCommissions(database: DatabaseHandle, clock: Clock, storyDays: number): Promise<{ plans: number; assignments: number; quotas: number }> {
  const db = database.db;
  const today = wallClockAt(clock.now(), timeZone);
  const start = addCalendarDays(today, -storyDays);
  const story = new ManualClock(new Date(clock.now().getTime() - storyDays * 86_400_000));
  const uow = new UnitOfWork(database, story);
  const commissions = new CommissionService(db);
  const clerk = await db.selectFrom('users').selectAll().where('org_id', '=', demoOrgId).where('email', '=', demoEmail({ login: 'ops.payroll' })).executeTakeFirstOrThrow();
  const auth = await resolveAuth(db, clerk, { kind: 'session', id: 'demo-seed' });

  const monthOf = (day: { year: number; month: number }) => `${day.year}-${String(day.month).padStart(2, '0')}`;
  const from = `${monthOf(start)}-01`;
  const thisMonth = { year: today.year, month: today.month, day: 1 };
  const nextMonth = { ...addCalendarDays(thisMonth, 31), day: 1 };
  const lastMonth = addCalendarDays(thisMonth, -1);
  const endOfMonth = isoDate(addCalendarDays(nextMonth, -1));
  const quarters = new Set<string>();
  for (let m = { year: start.year, month: start.month, day: 1 }; monthOf(m) <= monthOf(today); m = { ...addCalendarDays(m, 31), day: 1 }) quarters.add(commissionPeriodOf(isoDate(m), 'quarter'));
  const reps = await db.selectFrom('users').select(['id', 'team_id']).where('org_id', '=', demoOrgId).where('role', '=', 'rep').orderBy('email').execute();

  await uow.run(auth, async (write) => {
    await commissions.createPlan(write, commissionPlanCreate.parse({ source: demoPlanSource(from, { from: `${monthOf(lastMonth)}-01`, to: endOfMonth }) }));
    for (const team of demoTeams) {
      await commissions.createAssignment(write, commissionAssignmentCreate.parse({ planKey: demoPlanKey, teamId: team.id, fromOn: from }));
    }
    for (const period of quarters) {
      for (const rep of reps) await commissions.setQuota(write, period, rep.id, { amountMinor: quotaOf(rep.team_id) });
    }
    return { status: 200, body: null };
  });
  return { plans: 1, assignments: demoTeams.length, quotas: quarters.size * reps.length };
}
