/**
 * The lead steward's two figures (A7), per rep, team and company, each defined here once — formula, numerator,
 * denominator, sources and freshness — so every screen that shows one can open its definition (G3).
 *
 * Effective follow-up rate, last 30 days. A next action is what a rep commits to when logging an activity on a
 * lead (activities.next_action_due_at). It counts once its deadline — the due time plus 24 hours' grace — falls in
 * the last 30 days: by then it was either followed up or missed, so no pending commitment dilutes the rate. It is
 * followed up when another activity on the same lead happened after the planning one and no later than that
 * deadline. The grace is there because a due time carries the hour it was planned at (a call "in three days" planned
 * at 09:00 is due at 09:00): a follow-up any time on the due day is on time. Any activity on the lead counts,
 * whoever logged it (a colleague's visit is a follow-up too); the plan is counted for the rep who made it.
 *
 * Lead-pool activity rate, last 30 days: open leads (active, not merged, stage new to negotiation) with at least
 * one activity in the last 30 days, over open leads; counted for the lead's owner.
 *
 * Percentages are whole numbers rounded half up from integer counts; a figure with nothing to count has no value.
 */
import type { LocalisedText } from '../platform/errors.js';

export const figureMetrics = ['followUpRate', 'activityRate'] as const;
export type FigureMetric = (typeof figureMetrics)[number];
export const figureLevels = ['rep', 'team', 'company'] as const;
export type FigureLevel = (typeof figureLevels)[number];

export const figureRules = { windowDays: 30, followUpGraceHours: 24 } as const;
/** How often an open board recounts by itself (it also recounts on every change hint for a lead or activity). */
export const figureRefreshSeconds = 60;

export interface FigureValue {
  /** numerator / denominator as a whole percent, rounded half up; null when the denominator is 0 */
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface FigureDefinition {
  metric: FigureMetric;
  title: LocalisedText;
  formula: LocalisedText;
  numerator: LocalisedText;
  denominator: LocalisedText;
  sources: LocalisedText;
  refresh: LocalisedText;
  windowDays: number;
  graceHours: number | null;
  refreshSeconds: number;
}

export function wholePercent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  // round(n × 100 / d) = floor((200n + d) / 2d), in integers.
  const twice = 200 * numerator + denominator;
  const d2 = 2 * denominator;
  return (twice - (twice % d2)) / d2;
}

export function figureValue(numerator: number, denominator: number): FigureValue {
  return { value: wholePercent(numerator, denominator), numerator, denominator };
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * The instants the figures are counted between, at `now`: activities in [activityFrom, now]; next actions whose
 * due time is in (dueAfter, dueUntil], i.e. whose deadline (due + grace) is in (now − 30 days, now].
 */
export function figureWindow(now: Date): { now: string; activityFrom: string; dueAfter: string; dueUntil: string; graceHours: number } {
  const t = now.getTime();
  const grace = figureRules.followUpGraceHours * hourMs;
  return {
    now: now.toISOString(),
    activityFrom: new Date(t - figureRules.windowDays * dayMs).toISOString(),
    dueAfter: new Date(t - figureRules.windowDays * dayMs - grace).toISOString(),
    dueUntil: new Date(t - grace).toISOString(),
    graceHours: figureRules.followUpGraceHours,
  };
}

/** A next action's deadline: its due time plus the grace. */
export function followUpDeadline(dueAt: string): string {
  return new Date(new Date(dueAt).getTime() + figureRules.followUpGraceHours * hourMs).toISOString();
}

/**
 * Whether a next action planned at `plannedAt` (the planning activity's time), due at `dueAt`, was followed up:
 * some activity on the same lead happened after `plannedAt` and no later than the deadline.
 */
export function isFollowedUp(plan: { plannedAt: string; dueAt: string }, activitiesOnLead: readonly string[]): boolean {
  const planned = new Date(plan.plannedAt).getTime();
  const deadline = new Date(plan.dueAt).getTime() + figureRules.followUpGraceHours * hourMs;
  return activitiesOnLead.some((at) => {
    const t = new Date(at).getTime();
    return t > planned && t <= deadline;
  });
}

/** The counts behind both figures for one rep; they add up to teams and the company. */
export interface FigureCounts {
  followUpDue: number;
  followedUp: number;
  openLeads: number;
  activeLeads: number;
}

export const noFigureCounts: FigureCounts = { followUpDue: 0, followedUp: 0, openLeads: 0, activeLeads: 0 };

export function addFigureCounts(a: FigureCounts, b: FigureCounts): FigureCounts {
  return {
    followUpDue: a.followUpDue + b.followUpDue,
    followedUp: a.followedUp + b.followedUp,
    openLeads: a.openLeads + b.openLeads,
    activeLeads: a.activeLeads + b.activeLeads,
  };
}

export function figuresOf(counts: FigureCounts): Record<FigureMetric, FigureValue> {
  return { followUpRate: figureValue(counts.followedUp, counts.followUpDue), activityRate: figureValue(counts.activeLeads, counts.openLeads) };
}

/**
 * Adds reps' counts up per team, each team including every team below it (a regional manager's figure covers
 * their groups). `teams` is the organisation's team tree.
 */
export function teamCounts(
  reps: ReadonlyArray<{ teamId: string | null; counts: FigureCounts }>,
  teams: ReadonlyArray<{ id: string; parentId: string | null }>,
): Map<string, FigureCounts> {
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const totals = new Map<string, FigureCounts>(teams.map((t) => [t.id, noFigureCounts]));
  for (const rep of reps) {
    const seen = new Set<string>();
    for (let team = rep.teamId; team && parentOf.has(team) && !seen.has(team); team = parentOf.get(team) ?? null) {
      seen.add(team);
      totals.set(team, addFigureCounts(totals.get(team) ?? noFigureCounts, rep.counts));
    }
  }
  return totals;
}

const { windowDays, followUpGraceHours: graceHours } = figureRules;
const refresh: LocalisedText = {
  en: `Counted from the records on each request; an open board counts again whenever a lead or activity you can see changes, and every ${figureRefreshSeconds} seconds. In a large company, where counting everyone takes more than a second, that count serves for up to a minute; the figures say when they were counted.`,
  'zh-CN': `每次请求时根据记录统计；看板打开时，您可见的线索或跟进记录一有变化即重新统计，并且每 ${figureRefreshSeconds} 秒刷新一次。大型公司全员统计耗时超过一秒时，该结果最多沿用一分钟；指标会注明统计时间。`,
};

export const figureDefinitions: Record<FigureMetric, FigureDefinition> = {
  followUpRate: {
    metric: 'followUpRate',
    title: { en: `Effective follow-up rate (${windowDays} days)`, 'zh-CN': `有效跟进率（近 ${windowDays} 天）` },
    formula: {
      en: `Next actions followed up in time ÷ next actions that came due, over the last ${windowDays} days`,
      'zh-CN': `近 ${windowDays} 天内按时跟进的下一步行动数 ÷ 到期的下一步行动数`,
    },
    numerator: {
      en: `Of those next actions, the ones on whose lead another activity was logged after the one that planned it and no later than the due time plus ${graceHours} hours. Any activity on the lead counts, whoever logged it.`,
      'zh-CN': `其中，在安排该行动的跟进记录之后、截止时间加 ${graceHours} 小时之前，该线索上又有新跟进记录的行动数。任何人记录的跟进都算。`,
    },
    denominator: {
      en: `Next actions planned when logging an activity on a lead whose due time plus ${graceHours} hours' grace fell in the last ${windowDays} days — each one already either followed up or missed. Counted for the person who planned it; archived activities are left out.`,
      'zh-CN': `记录线索跟进时安排的下一步行动中，截止时间加 ${graceHours} 小时宽限落在近 ${windowDays} 天内的行动数（这些行动已可判定是否按时跟进）。计入安排该行动的人；已归档的跟进记录不计。`,
    },
    sources: {
      en: 'Activities: the next action each one planned (its due time) and when each happened, per lead.',
      'zh-CN': '跟进记录：每条记录安排的下一步行动（截止时间）以及每条记录的发生时间，按线索关联。',
    },
    refresh,
    windowDays,
    graceHours,
    refreshSeconds: figureRefreshSeconds,
  },
  activityRate: {
    metric: 'activityRate',
    title: { en: `Lead-pool activity rate (${windowDays} days)`, 'zh-CN': `线索池活跃率（近 ${windowDays} 天）` },
    formula: {
      en: `Open leads with at least one activity in the last ${windowDays} days ÷ open leads`,
      'zh-CN': `近 ${windowDays} 天内至少有一条跟进记录的进行中线索数 ÷ 进行中线索数`,
    },
    numerator: {
      en: `Of those leads, the ones with at least one call, visit, meeting or note (not archived) in the last ${windowDays} days up to now.`,
      'zh-CN': `其中，近 ${windowDays} 天内至少有一条电话、拜访、会议或备注（未归档）的线索数。`,
    },
    denominator: {
      en: 'Open leads now: active (not archived, not merged into another), in a stage from New to Negotiation. Counted for their owner.',
      'zh-CN': '当前进行中的线索：有效（未归档、未被合并），阶段为新线索至商务谈判。计入线索负责人。',
    },
    sources: {
      en: "Leads (stage, owner, status) and the activities logged on them (when each happened).",
      'zh-CN': '线索（阶段、负责人、状态）及其跟进记录（发生时间）。',
    },
    refresh,
    windowDays,
    graceHours: null,
    refreshSeconds: figureRefreshSeconds,
  },
};
