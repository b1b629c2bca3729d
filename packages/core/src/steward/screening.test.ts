import { describe, expect, it } from 'vitest';
import { defaultStewardSettings } from './settings.js';
import { commonIntentTags, normaliseIntentTags, screeningDefaults, screeningRemindAt, starterIntentTags, type ScreeningRecordFacts } from './screening.js';

const bareLead: ScreeningRecordFacts['lead'] = { industry: null, intentTags: [], intentLevel: null, cadenceDays: null };

describe('the screening card', () => {
  it('reminds 30 minutes after the first contact by default', () => {
    expect(screeningRemindAt('2026-11-02T01:00:00.000Z', defaultStewardSettings)).toBe('2026-11-02T01:30:00.000Z');
    expect(screeningRemindAt('2026-11-02T01:00:00.000Z', { screeningReminderMinutes: 10 })).toBe('2026-11-02T01:10:00.000Z');
  });

  it('starts warm with the warm cadence when nothing is known', () => {
    const { answers, sources } = screeningDefaults({ lead: bareLead, customer: null }, null, defaultStewardSettings);
    expect(answers).toEqual({ industry: null, companySize: null, budgetBand: null, decisionChain: null, intentLevel: 'warm', intentTags: [], cadenceDays: 7 });
    expect(sources).toEqual({});
  });

  it('fills in what the lead and its customer know, the lead first, and not the customer’s "unknown"', () => {
    const { answers, sources } = screeningDefaults(
      {
        lead: { industry: 'education', intentTags: ['急需'], intentLevel: 'hot', cadenceDays: null },
        customer: { industry: 'manufacturing', size: 'medium', budgetBand: '500k_2m', decisionChain: 'unknown' },
      },
      null,
      defaultStewardSettings,
    );
    expect(answers).toMatchObject({ industry: 'education', companySize: 'medium', budgetBand: '500k_2m', decisionChain: null, intentLevel: 'hot', intentTags: ['急需'], cadenceDays: 3 });
    expect(sources).toEqual({ industry: 'lead', companySize: 'customer', budgetBand: 'customer' });
  });

  it('shows a completed card as it was saved', () => {
    const saved = { industry: 'retail', companySize: null, budgetBand: 'under_100k', decisionChain: 'single', intentLevel: 'cold', intentTags: ['比价中'], cadenceDays: 20 } as const;
    const { answers, sources } = screeningDefaults({ lead: bareLead, customer: null }, { ...saved, intentTags: [...saved.intentTags] }, defaultStewardSettings);
    expect(answers.cadenceDays).toBe(20);
    expect(sources).toEqual({ industry: 'card', budgetBand: 'card', decisionChain: 'card' });
  });

  it('offers the company’s most used tags first, then the starter tags, each once', () => {
    expect(normaliseIntentTags([' 急需 ', '急需', '', 'Urgent', 'urgent'])).toEqual(['急需', 'Urgent']);
    const tags = commonIntentTags([['关注价格', '急需'], ['急需'], ['新标签']], starterIntentTags['zh-CN'], 5);
    expect(tags).toEqual(['急需', '关注价格', '新标签', '预算已批', '比价中']);
  });
});
