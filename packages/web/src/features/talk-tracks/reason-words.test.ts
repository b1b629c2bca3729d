import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { TalkTrackReason } from '@closeloop/core';
import { reasonSeparator, reasonWords } from './reason-words';

const root = fileURLToPath(new URL('../../i18n', import.meta.url));

async function translator(language: 'en' | 'zh-CN') {
  const catalogue: Record<string, unknown> = {};
  for (const file of readdirSync(`${root}/${language}`)) catalogue[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${root}/${language}/${file}`, 'utf8'));
  const instance = i18next.createInstance();
  await instance.init({ lng: language, resources: { [language]: { translation: catalogue } }, interpolation: { escapeValue: false } });
  return instance.t;
}

const picked: TalkTrackReason[] = [
  { kind: 'match', fact: 'industry', value: 'manufacturing' },
  { kind: 'match', fact: 'decisionChain', value: 'committee' },
  { kind: 'feedback', helpful: 8, rated: 10, used: 12 },
];

describe('the words for why a script was picked', () => {
  it('names the matched facts with their labels and the reps\' feedback, in English', async () => {
    const t = await translator('en');
    expect(reasonWords(picked, t).join(reasonSeparator)).toBe(
      'Industry matches: Manufacturing · Decision chain: Buying committee · Rated helpful 8 of 10 times · Used 12 times',
    );
    expect(reasonWords([{ kind: 'match', fact: 'budgetBand', value: 'over_2m' }, { kind: 'match', fact: 'stage', value: 'proposal' }], t)).toEqual([
      'Budget: Over ¥2M', 'Stage: Proposal',
    ]);
  });

  it('says the same in Chinese', async () => {
    const t = await translator('zh-CN');
    expect(reasonWords(picked, t).join(reasonSeparator)).toBe('行业匹配：制造业 · 决策链：采购委员会 · 10 次评价中 8 次有用 · 已使用 12 次');
  });

  it('says a generic script fits any lead, and leaves out feedback nobody gave', async () => {
    const t = await translator('en');
    expect(reasonWords([{ kind: 'general' }, { kind: 'feedback', helpful: 0, rated: 0, used: 1 }], t)).toEqual(['Fits any lead', 'Used 1 time']);
    expect(reasonWords([{ kind: 'feedback', helpful: 0, rated: 3, used: 0 }], t)).toEqual(['Rated helpful 0 of 3 times']);
  });
});
