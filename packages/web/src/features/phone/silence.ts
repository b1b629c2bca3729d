/** The silence alert (SPEC A5) as the phone flags it: the same threshold the server counts silent leads with. */
import { pipelineRules } from '@closeloop/core';

const silenceMs = pipelineRules.silentAfterHours * 60 * 60 * 1000;

export function isSilent(lastActivityAt: string, now = Date.now()): boolean {
  return now - Date.parse(lastActivityAt) >= silenceMs;
}
