/**
 * What the capture forms (desk and phone) decide in the browser: the next action picked and its due time, whether the
 * activity may be saved yet, how dictated or transcribed text joins what was typed, and the body sent. Pure, so the
 * rules are tested without a browser; the due-time rules themselves are core's.
 */
import {
  addCalendarDays, businessDayEndHour, defaultDueAt, instantAt, isoDate, needsNextAction, wallClockAt,
  type Activity, type CaptureMode, type NextActionKind,
} from '@closeloop/core';

export interface PlannedAction {
  kind: string;
  dueAt: string;
  note: string;
}

/**
 * Picking a kind: due at the kind's default (its days from now, end of the business day) unless the person has
 * already set a due time themselves, which stays. Picking the chosen kind again clears the choice.
 */
export function pickKind(current: PlannedAction | null, kind: NextActionKind, options: { now: string; timeZone: string; dueSetByHand: boolean }): PlannedAction | null {
  if (current?.kind === kind.code) return null;
  const dueAt = current && options.dueSetByHand ? current.dueAt : defaultDueAt(options.now, kind.defaultDueDays, options.timeZone);
  return { kind: kind.code, dueAt, note: current?.note ?? '' };
}

/** Why the activity cannot be saved yet, or null: a lead's call, visit or meeting needs its next action. */
export function saveBlocker(kind: Activity['kind'], onLead: boolean, planned: PlannedAction | null): 'needsNextAction' | null {
  return needsNextAction(kind, onLead) && !planned ? 'needsNextAction' : null;
}

/** The way the text came in, as the server records it: a transcribed recording outweighs dictation, which outweighs typing. */
export function captureMode(used: { dictated: boolean; recorded: boolean }): CaptureMode {
  return used.recorded ? 'audio' : used.dictated ? 'dictated' : 'typed';
}

const han = /\p{Script=Han}/u;

/** Dictated or transcribed words after what is there: Chinese runs on, other languages get a space. */
export function withTranscript(text: string, transcript: string): string {
  const added = transcript.trim();
  if (!added) return text;
  const current = text.replace(/\s+$/, '');
  if (!current) return added;
  const joiner = han.test(current.slice(-1)) || han.test(added[0]!) ? '' : ' ';
  const sentenceEnded = /[。！？.!?；;]$/.test(current);
  return current + (sentenceEnded || !han.test(added[0]!) ? joiner : '，') + added;
}

/** "2026-12-02": the company-calendar day of an instant, for a date input. */
export function dateInputValue(iso: string, timeZone: string): string {
  return isoDate(wallClockAt(iso, timeZone));
}

/** A day picked in a date input means the end of that business day in the company's zone. */
export function dueFromDateInput(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return instantAt({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), hour: businessDayEndHour }, timeZone).toISOString();
}

/** Quick due choices for a phone: today, tomorrow, in 3 days, in a week (a day already past is left out). */
export function dueShortcuts(now: string, timeZone: string): Array<{ days: number; dueAt: string }> {
  return [0, 1, 3, 7]
    .map((days) => ({ days, dueAt: dueFromDateInput(isoDate(addCalendarDays(wallClockAt(now, timeZone), days)), timeZone)! }))
    .filter((choice) => choice.dueAt > now);
}

/** True when a next action is due and not yet replaced by a later plan. */
export function isOverdue(dueAt: string, now: string): boolean {
  return dueAt < now;
}

export interface CaptureInput {
  kind: Activity['kind'];
  subject: { leadId: string } | { customerId: string };
  text: string;
  occurredAt?: string | undefined;
  durationMinutes?: number | null | undefined;
  planned: PlannedAction | null;
  capture: CaptureMode;
}

/** The POST /activities body. */
export function activityBody(input: CaptureInput): Record<string, unknown> {
  const note = input.planned?.note.trim();
  return {
    kind: input.kind,
    ...input.subject,
    text: input.text.trim(),
    ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
    ...(input.durationMinutes != null ? { durationMinutes: input.durationMinutes } : {}),
    nextAction: input.planned ? { kind: input.planned.kind, dueAt: input.planned.dueAt, ...(note ? { note } : {}) } : null,
    capture: input.capture,
  };
}
