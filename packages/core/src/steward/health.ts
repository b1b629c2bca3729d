/**
 * The weekly lead-health rules (A6): for one rep's open leads in one stage, a red / amber / green colour by
 * conversion risk, and the rule that gave it, as data (the screens and the spreadsheet word it).
 *
 * A lead is at risk by any of three signals, each read from the lead row as it stands when the report is made:
 * - silent: its last action (leads.last_activity_at; creation counts as one) is more than `silentDays` days ago;
 * - overdue: its open next action (leads.next_action_due_at) was due before now;
 * - unplanned: it has been contacted (first_contact_at set) but has no next action planned. A lead never contacted
 *   has nothing to plan from yet; its risk is going silent, which the first signal catches.
 * Each signal is coloured on its own: red when at least `redPercent` of the stage's leads show it, amber from
 * `amberPercent`, else green; a signal no lead shows is green whatever the thresholds. The stage takes the worst
 * signal's colour, and that signal (the larger count on a tie) is the rule shown. Shares are compared by integer
 * cross-multiplication (count × 100 ≥ threshold × leads), never as floats; the percent shown is rounded down, which
 * keeps it on the same side of the threshold as the comparison ("39% < 40%", never "40% < 40%").
 *
 * Time in stage is not a signal: the lead rows do not record when a lead entered its stage.
 */
import type { Locale } from '../platform/errors.js';
import { addCalendarDays, isoDate, wallClockAt } from '../platform/wall-clock.js';
import { openLeadStages, type OpenLeadStage } from '../crm/vocab.js';
import type { StewardSettings } from './settings.js';

export const healthColours = ['green', 'amber', 'red'] as const;
export type HealthColour = (typeof healthColours)[number];
export const healthSignals = ['silent', 'overdue', 'unplanned'] as const;
export type HealthSignal = (typeof healthSignals)[number];
export type HealthThresholds = StewardSettings['health'];

/** What the report counts for one rep's active open leads in one stage. */
export interface StageCounts {
  leads: number;
  silent: number;
  overdue: number;
  unplanned: number;
}

export interface SignalFinding {
  signal: HealthSignal;
  count: number;
  /** count / leads, whole percent rounded down */
  percent: number;
  colour: HealthColour;
}

/**
 * Why a stage has its colour: `count` of `leads` show `signal` (`percent`%), compared with the threshold of
 * `threshold.colour`; `met` says whether the share reached it. `signal` is null when no lead shows any signal.
 */
export interface HealthRule {
  signal: HealthSignal | null;
  count: number;
  leads: number;
  percent: number;
  threshold: { colour: 'amber' | 'red'; percent: number };
  met: boolean;
  colour: HealthColour;
  silentDays: number;
}

export interface StageHealth {
  stage: OpenLeadStage;
  colour: HealthColour;
  leads: number;
  signals: SignalFinding[];
  /** null when the stage holds no leads (green: nothing to lose). */
  rule: HealthRule | null;
}

const rank: Record<HealthColour, number> = { green: 0, amber: 1, red: 2 };

/** count / total as a whole percent, rounded down, in integer arithmetic. */
export function percentDown(count: number, total: number): number {
  if (total <= 0) return 0;
  const scaled = count * 100;
  return (scaled - (scaled % total)) / total;
}

/** Whether count / total ≥ percent / 100, by cross-multiplication. */
export function reaches(count: number, total: number, percent: number): boolean {
  return count * 100 >= percent * total;
}

export function signalColour(count: number, leads: number, t: HealthThresholds): HealthColour {
  if (count === 0 || leads === 0) return 'green';
  if (reaches(count, leads, t.redPercent)) return 'red';
  if (reaches(count, leads, t.amberPercent)) return 'amber';
  return 'green';
}

export function stageHealth(stage: OpenLeadStage, counts: StageCounts, t: HealthThresholds): StageHealth {
  const signals: SignalFinding[] = healthSignals.map((signal) => ({
    signal,
    count: counts[signal],
    percent: percentDown(counts[signal], counts.leads),
    colour: signalColour(counts[signal], counts.leads, t),
  }));
  if (counts.leads === 0) return { stage, colour: 'green', leads: 0, signals, rule: null };
  // Worst colour first, then the larger count; on a full tie the signal order above (silent first).
  const worst = signals.reduce((best, s) => (rank[s.colour] > rank[best.colour] || (rank[s.colour] === rank[best.colour] && s.count > best.count) ? s : best));
  const threshold = worst.colour === 'red' ? { colour: 'red' as const, percent: t.redPercent } : { colour: 'amber' as const, percent: t.amberPercent };
  const rule: HealthRule = {
    signal: worst.count > 0 ? worst.signal : null,
    count: worst.count,
    leads: counts.leads,
    percent: worst.percent,
    threshold,
    met: worst.colour !== 'green',
    colour: worst.colour,
    silentDays: t.silentDays,
  };
  return { stage, colour: worst.colour, leads: counts.leads, signals, rule };
}

/** Every open stage for one rep, in pipeline order; stages missing from `counts` hold no leads. */
export function repHealth(counts: Partial<Record<OpenLeadStage, StageCounts>>, t: HealthThresholds): StageHealth[] {
  const none: StageCounts = { leads: 0, silent: 0, overdue: 0, unplanned: 0 };
  return openLeadStages.map((stage) => stageHealth(stage, counts[stage] ?? none, t));
}

/** How many stages have each colour: the headline of a rep's report. */
export function colourTally(stages: readonly StageHealth[]): Record<HealthColour, number> {
  const tally: Record<HealthColour, number> = { red: 0, amber: 0, green: 0 };
  for (const s of stages) tally[s.colour] += 1;
  return tally;
}

const dayMs = 86_400_000;

/** The instants the signals compare with: silent when the last action is before `silentBefore`, overdue before `now`. */
export function healthCutoffs(now: Date, t: HealthThresholds): { now: string; silentBefore: string } {
  return { now: now.toISOString(), silentBefore: new Date(now.getTime() - t.silentDays * dayMs).toISOString() };
}

/** Every Friday 16:00 in the company's time zone (cron, read by the server's schedules). */
export const weeklyHealthSchedule = { cron: '0 16 * * 5', weekday: 5, hour: 16 } as const;

/** The company-calendar date of an instant, YYYY-MM-DD: a report's week is the date of its Friday. */
export function companyDate(at: Date, timeZone: string): string {
  return isoDate(wallClockAt(at, timeZone));
}

/**
 * The week a live view at `now` belongs to: the Friday whose 16:00 report is next. Friday before 16:00 is that
 * Friday's week; from 16:00 the report is out and the next week begins.
 */
export function currentHealthWeek(now: Date, timeZone: string): string {
  const w = wallClockAt(now, timeZone);
  let ahead = (weeklyHealthSchedule.weekday - w.weekday + 7) % 7;
  if (ahead === 0 && w.hour >= weeklyHealthSchedule.hour) ahead = 7;
  return isoDate(addCalendarDays(w, ahead));
}

const words = {
  en: {
    colour: { red: 'red', amber: 'amber', green: 'green' },
    signal: {
      silent: (days: number) => `silent > ${days} days`,
      overdue: () => 'with an overdue next action',
      unplanned: () => 'with no next action planned',
    },
    some: (count: number, leads: number, stage: string, what: string) => `${count} of ${leads} leads in "${stage}" ${what}`,
    none: (leads: number, stage: string, days: number) => `None of ${leads} leads in "${stage}" is silent > ${days} days, overdue or without a next action`,
    empty: (stage: string) => `No open leads in "${stage}"`,
    brackets: [' (', ')'],
  },
  'zh-CN': {
    colour: { red: '红', amber: '黄', green: '绿' },
    signal: {
      silent: (days: number) => `超过 ${days} 天未跟进`,
      overdue: () => '下一步行动已逾期',
      unplanned: () => '未安排下一步行动',
    },
    some: (count: number, leads: number, stage: string, what: string) => `“${stage}”阶段 ${leads} 条线索中有 ${count} 条${what}`,
    none: (leads: number, stage: string, days: number) => `“${stage}”阶段 ${leads} 条线索均无风险（无超过 ${days} 天未跟进、逾期或未安排下一步的线索）`,
    empty: (stage: string) => `“${stage}”阶段没有进行中的线索`,
    brackets: ['（', '）'],
  },
} as const;

/**
 * The rule behind a stage's colour as a sentence, e.g. `3 of 7 leads in "Proposal" silent > 5 days (42% ≥ 40% → red)`,
 * for what the server writes itself (the spreadsheet, notifications). `stageLabel` is the stage's name in `locale`.
 */
export function describeStageHealth(health: StageHealth, locale: Locale, stageLabel: string): string {
  const w = words[locale];
  const colour = w.colour[health.colour];
  const rule = health.rule;
  if (!rule) return `${w.empty(stageLabel)} → ${colour}`;
  if (!rule.signal) return `${w.none(rule.leads, stageLabel, rule.silentDays)} → ${colour}`;
  const what = w.signal[rule.signal](rule.silentDays);
  const [open, close] = w.brackets;
  const sentence = w.some(rule.count, rule.leads, stageLabel, what);
  return `${sentence}${open}${rule.percent}% ${rule.met ? '≥' : '<'} ${rule.threshold.percent}% → ${colour}${close}`;
}
