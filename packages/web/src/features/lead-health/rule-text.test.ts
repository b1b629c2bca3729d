import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { describeStageHealth, stageHealth, type Locale, type StageCounts } from '@closeloop/core';
import en from '../../i18n/en/leadHealth.json';
import zh from '../../i18n/zh-CN/leadHealth.json';
import enVocab from '../../i18n/en/vocab.json';
import zhVocab from '../../i18n/zh-CN/vocab.json';
import { ruleText } from './rule-text';

const thresholds = { silentDays: 5, amberPercent: 20, redPercent: 40 };
const counts = (leads: number, silent = 0, overdue = 0, unplanned = 0): StageCounts => ({ leads, silent, overdue, unplanned });

describe('a stage\'s rule on screen', () => {
  it('reads exactly as the server writes it in the spreadsheet, in both languages', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: { leadHealth: en, vocab: enVocab } }, 'zh-CN': { translation: { leadHealth: zh, vocab: zhVocab } } },
      lng: 'en', interpolation: { escapeValue: false },
    });
    const cases = [counts(7, 3, 1), counts(10, 0, 2), counts(11, 0, 0, 2), counts(4), counts(0), counts(3, 1)];
    for (const locale of ['en', 'zh-CN'] as Locale[]) {
      await i18n.changeLanguage(locale);
      for (const c of cases) {
        const health = stageHealth('proposal', c, thresholds);
        expect(ruleText(i18n.t, health)).toBe(describeStageHealth(health, locale, i18n.t('vocab.stage.proposal')));
      }
    }
  });
});
