/**
 * The next action an activity plans (A4): what happens next and by when. A call, visit or meeting on a lead must plan
 * one, from the company's list (steward settings); the lead's open next action is the one its latest activity planned.
 * Pure rules: the caller passes the settings and the clock.
 */
import { z } from 'zod';
import type { activityKinds } from '../crm/vocab.js';
import type { FieldMessages, LocalisedText } from '../platform/errors.js';
import { addCalendarDays, instantAt, wallClockAt } from '../platform/wall-clock.js';
import type { NextActionKind } from './settings.js';

/** How the activity's text came in: typed, dictated in the browser, or transcribed from a recording by the server. */
export const captureModes = ['typed', 'dictated', 'audio'] as const;
export type CaptureMode = (typeof captureModes)[number];

/** A due date without a time means the end of that business day in the company's zone. */
export const businessDayEndHour = 18;
/** A phone's clock and a slow form may lag a little; a due time further in the past is a mistake. */
export const duePastToleranceMs = 10 * 60_000;
const dueHorizonDays = 366;

export const nextActionInput = z
  .strictObject({
    kind: z.string().trim().min(1).max(40).meta({ description: "A code from the company's next-action list (GET /steward/settings → nextActionKinds)" }),
    dueAt: z.iso.datetime({ offset: true }),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .meta({ example: { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z', note: '演示 MES 排产模块，请 CTO 出席' } });
export type NextActionInput = z.infer<typeof nextActionInput>;

export const nextAction = z
  .object({ kind: z.string(), dueAt: z.string(), note: z.string().nullable() })
  .meta({ example: { kind: 'book_demo', dueAt: '2026-12-02T10:00:00.000Z', note: null } });
export type NextAction = z.infer<typeof nextAction>;

type ActivityKind = (typeof activityKinds)[number];

const plannedKinds: readonly ActivityKind[] = ['call', 'visit', 'meeting'];

/** A call, visit or meeting on a lead must say what happens next; a note, or anything on a customer, may. */
export function needsNextAction(kind: ActivityKind, onLead: boolean): boolean {
  return onLead && plannedKinds.includes(kind);
}

const text = {
  required: {
    en: 'A call, visit or meeting on a lead needs a next action: choose what happens next and by when.',
    'zh-CN': '线索上的电话、拜访或会议必须填写下一步行动：选择接下来做什么、何时完成。',
  },
  past: { en: 'this due time has already passed; choose one from now on', 'zh-CN': '截止时间已过，请选择现在之后的时间' },
  tooFar: { en: 'at most a year ahead', 'zh-CN': '最多只能设在一年之内' },
} satisfies Record<string, LocalisedText>;

function unknownKind(kinds: readonly NextActionKind[]): LocalisedText {
  return {
    en: `not one of your company's next actions; choose one of: ${kinds.map((k) => k.label.en).join(', ')}`,
    'zh-CN': `不是公司设定的下一步行动，请从以下选择：${kinds.map((k) => k.label['zh-CN']).join('、')}`,
  };
}

/**
 * What is wrong with an activity's next action, as field messages keyed like the request (`body.nextAction…`);
 * empty when it may be saved.
 */
export function nextActionProblems(
  activity: { kind: ActivityKind; onLead: boolean; nextAction: NextActionInput | null | undefined },
  rules: { kinds: readonly NextActionKind[]; now: string },
): FieldMessages {
  const planned = activity.nextAction;
  if (!planned) return needsNextAction(activity.kind, activity.onLead) ? { 'body.nextAction': text.required } : {};
  const problems: FieldMessages = {};
  if (!rules.kinds.some((k) => k.code === planned.kind)) problems['body.nextAction.kind'] = unknownKind(rules.kinds);
  const due = Date.parse(planned.dueAt);
  const now = Date.parse(rules.now);
  if (due < now - duePastToleranceMs) problems['body.nextAction.dueAt'] = text.past;
  else if (due > now + dueHorizonDays * 86_400_000) problems['body.nextAction.dueAt'] = text.tooFar;
  return problems;
}

/**
 * The due time a form suggests for a kind: `days` company days after `from`, at the end of the business day. When that
 * has already passed (0 days, logged in the evening) it is the next day's end instead.
 */
export function defaultDueAt(from: string, days: number, timeZone: string): string {
  const start = wallClockAt(from, timeZone);
  const dueOn = (offset: number) => instantAt({ ...addCalendarDays(start, offset), hour: businessDayEndHour }, timeZone);
  const due = dueOn(days);
  return (due.getTime() > Date.parse(from) ? due : dueOn(days + 1)).toISOString();
}

/** The kind's label in a language, or its code when the company has since removed it from the list. */
export function nextActionLabel(kinds: readonly NextActionKind[], code: string, locale: keyof NextActionKind['label']): string {
  return kinds.find((k) => k.code === code)?.label[locale] ?? code;
}
