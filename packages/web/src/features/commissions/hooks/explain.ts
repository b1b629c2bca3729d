/** A payout line's steps as text, shared by the desk and the phone (which must not load antd for it). */
import { renderExplanation, type Explanation } from '@closeloop/core';
import type { ExplainedLine } from '../api/commissions';

/**
 * Each step in the reader's language, rendered here so switching language needs no refetch; a step code this build
 * does not know (a newer server) falls back to the server's own text of the whole line.
 */
export function stepTexts(line: Pick<ExplainedLine, 'steps' | 'explanation'>, locale: 'en' | 'zh-CN'): string[] {
  try {
    return line.steps.map((step) => renderExplanation(step as Explanation, locale));
  } catch {
    return [line.explanation];
  }
}

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * A text with the ids a payment arrives under — the payment `<event id>:<contract id>` and the contract id itself —
 * replaced by the contract's trace code (or a short tail of its id while the code is unknown), which is what a rep
 * recognises.
 */
export function withDealName(text: string, dealId: string | null, name: string | undefined): string {
  if (!dealId) return text;
  const shown = name ?? `…${dealId.slice(-6)}`;
  const escaped = dealId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`${uuid}:${escaped}`, 'g'), shown).split(dealId).join(shown);
}

/** The line's steps with its deal named, in the reader's language. */
export function readableSteps(line: Pick<ExplainedLine, 'steps' | 'explanation' | 'dealId'>, locale: 'en' | 'zh-CN', name: string | undefined): string[] {
  return stepTexts(line, locale).map((text) => withDealName(text, line.dealId, name));
}
