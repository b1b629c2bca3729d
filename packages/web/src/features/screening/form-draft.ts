/**
 * The screening form's state, the same on the phone and the desk: it starts from what the server filled in, the
 * cadence follows the intent level until the rep sets it, tags are chips (the company's, the lead's, and new ones).
 */
import { normaliseIntentTags, type IntentLevel, type ScreeningAnswers, type ScreeningCard, type ScreeningCompletion } from '@closeloop/core';

export interface ScreeningDraft extends ScreeningAnswers {
  /** The rep chose a cadence: a change of intent level no longer moves it. */
  cadenceSet: boolean;
}

const tagMax = 32;

export function draftOf(card: ScreeningCard): ScreeningDraft {
  return { ...card.answers, intentTags: [...card.answers.intentTags], cadenceSet: card.status === 'completed' };
}

export function withIntent(draft: ScreeningDraft, level: IntentLevel, cadences: ScreeningCard['cadenceDays']): ScreeningDraft {
  return { ...draft, intentLevel: level, cadenceDays: draft.cadenceSet ? draft.cadenceDays : cadences[level] };
}

export function withCadence(draft: ScreeningDraft, days: number): ScreeningDraft {
  return { ...draft, cadenceDays: Math.min(180, Math.max(1, Math.round(days))), cadenceSet: true };
}

export function toggleTag(draft: ScreeningDraft, tag: string): ScreeningDraft {
  const on = draft.intentTags.includes(tag);
  return { ...draft, intentTags: on ? draft.intentTags.filter((t) => t !== tag) : normaliseIntentTags([...draft.intentTags, tag]) };
}

/** A tag typed by the rep, cut to the server's limit; nothing when empty. */
export function addTag(draft: ScreeningDraft, typed: string): ScreeningDraft {
  const tag = typed.trim().slice(0, tagMax);
  return tag ? { ...draft, intentTags: normaliseIntentTags([...draft.intentTags, tag]) } : draft;
}

/** The chips offered, in a steady order: the lead's tags, the company's common ones, then any the rep added. */
export function chipsOf(card: ScreeningCard, draft: ScreeningDraft): string[] {
  return normaliseIntentTags([...card.answers.intentTags, ...card.suggestedTags, ...draft.intentTags]);
}

/** The chips picked, as the form keeps them. */
export function withTags(draft: ScreeningDraft, picked: readonly string[]): ScreeningDraft {
  return { ...draft, intentTags: normaliseIntentTags(picked) };
}

export function completionOf(draft: ScreeningDraft, version: number): ScreeningCompletion {
  const { cadenceSet: _cadenceSet, ...answers } = draft;
  return { ...answers, version };
}
