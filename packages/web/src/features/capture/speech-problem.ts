/** The sentence for a failed dictation or recording: the server's own words for its refusals, ours for the browser's. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import type { DictationProblem } from './use-dictation';

export function recordingProblemText(problem: unknown, t: TFunction): string {
  // 502/503 from speech-to-text carry a message that says what to do (set it up, try again, type instead).
  if (problem instanceof ApiError && (problem.code === 'NOT_CONFIGURED' || problem.code === 'UPSTREAM_FAILED')) return problem.message;
  if (problem instanceof DOMException && (problem.name === 'NotAllowedError' || problem.name === 'NotFoundError' || problem.name === 'SecurityError')) {
    return t('capture.microphoneDenied');
  }
  return errorText(problem, t);
}

export function dictationProblemText(problem: DictationProblem, t: TFunction): string {
  return t(problem === 'denied' ? 'capture.dictationDenied' : 'capture.dictationFailed');
}

/** "1:05" for a recording's length. */
export function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
