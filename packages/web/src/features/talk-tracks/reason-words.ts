/**
 * Why a script was picked, in the reader's words: the server sends the reasons as data (which facts matched, the
 * feedback counts); this turns them into short phrases such as "Industry matches: Manufacturing".
 */
import type { TFunction } from 'i18next';
import type { TalkTrackReason } from '@closeloop/core';

/** Shown between the phrases of one script's reasons. */
export const reasonSeparator = ' · ';

export function reasonWords(reasons: readonly TalkTrackReason[], t: TFunction): string[] {
  return reasons.flatMap((reason) => {
    switch (reason.kind) {
      case 'match':
        // The fact names are the vocabulary catalogue's sections (vocab.industry, vocab.budgetBand, …).
        return [t(`talkTracks.reason.${reason.fact}`, { value: t(`vocab.${reason.fact}.${reason.value}`, { defaultValue: reason.value }) })];
      case 'general':
        return [t('talkTracks.reason.general')];
      case 'feedback': {
        const words: string[] = [];
        if (reason.rated > 0) words.push(t('talkTracks.reason.helpful', { helpful: reason.helpful, rated: reason.rated }));
        if (reason.used > 0) words.push(t('talkTracks.reason.used', { count: reason.used }));
        return words;
      }
    }
  });
}
