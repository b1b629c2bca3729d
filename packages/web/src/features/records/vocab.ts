/** Select options and tag colours for the CRM vocabularies; the labels are the shared `vocab.*` texts. */
import type { TFunction } from 'i18next';

export type VocabGroup = 'industry' | 'stage' | 'source' | 'activityKind' | 'companySize' | 'budgetBand' | 'decisionChain' | 'currency';

export function vocabOptions(t: TFunction, group: VocabGroup, codes: readonly string[]) {
  return codes.map((code) => ({ value: code, label: t(`vocab.${group}.${code}`) }));
}

export const stageColors: Record<string, string> = {
  new: 'blue', contacted: 'cyan', qualified: 'geekblue', proposal: 'purple', negotiation: 'orange', won: 'green', lost: 'default',
};
