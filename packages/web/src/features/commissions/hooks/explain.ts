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
