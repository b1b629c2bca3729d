/**
 * The silence clock (A5): an open lead with no new action for its stage's limit (settings.silenceHours, 72 h by
 * default) is silent. Pure: every rule takes the time to judge at, so tests move a clock instead of sleeping.
 * A lead is silent from the very moment its limit is reached: touched Monday 09:00 with 72 h, silent Thursday 09:00.
 */
import { closedLeadStages, openLeadStages, type LeadStage, type OpenLeadStage } from '../crm/vocab.js';
import type { StewardSettings } from './settings.js';

export type SilenceRules = Pick<StewardSettings, 'silenceHours'>;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

export function isOpenStage(stage: LeadStage): stage is OpenLeadStage {
  return !(closedLeadStages as readonly string[]).includes(stage);
}

/** When a lead in `stage` last touched at `lastActivityAt` falls silent; null when the stage is closed (won, lost). */
export function silenceDeadline(stage: LeadStage, lastActivityAt: string | Date, settings: SilenceRules): Date | null {
  if (!isOpenStage(stage)) return null;
  return new Date(new Date(lastActivityAt).getTime() + settings.silenceHours[stage] * hourMs);
}

export function isSilent(stage: LeadStage, lastActivityAt: string | Date, settings: SilenceRules, now: Date): boolean {
  const deadline = silenceDeadline(stage, lastActivityAt, settings);
  return deadline !== null && deadline.getTime() <= now.getTime();
}

/**
 * Per open stage, the latest last-action time that is silent at `now` (UTC ISO text, comparable as text with the
 * stored times): a lead is silent when `last_activity_at <= cutoff[stage]`. What the sweep and the board query by.
 */
export function silenceCutoffs(settings: SilenceRules, now: Date): Record<OpenLeadStage, string> {
  return Object.fromEntries(openLeadStages.map((stage) => [stage, new Date(now.getTime() - settings.silenceHours[stage] * hourMs).toISOString()])) as Record<OpenLeadStage, string>;
}

/** Whole days since the last action ("silent for 3 days" counts from the last action, not from the alert). */
export function silentDays(silentSince: string | Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(silentSince).getTime()) / dayMs));
}

/** The limits in force, as the board and the help texts quote them: one number when every stage has the same. */
export function uniformSilenceHours(settings: SilenceRules): number | null {
  const hours = new Set(openLeadStages.map((stage) => settings.silenceHours[stage]));
  return hours.size === 1 ? [...hours][0]! : null;
}
