import { describe, expect, it } from 'vitest';
import type { ScreeningCard } from '@closeloop/core';
import { addTag, chipsOf, completionOf, draftOf, toggleTag, withCadence, withIntent, withTags } from './form-draft';

const card: ScreeningCard = {
  leadId: 'l1', status: 'open', openedAt: '2026-11-02T01:00:00.000Z', remindAt: '2026-11-02T01:30:00.000Z', remindedAt: null,
  completedAt: null, completedBy: null, version: 0,
  answers: { industry: 'manufacturing', companySize: null, budgetBand: null, decisionChain: null, intentLevel: 'warm', intentTags: ['急需'], cadenceDays: 7 },
  sources: { industry: 'lead' }, suggestedTags: ['预算已批', '急需', '比价中'], cadenceDays: { hot: 3, warm: 7, cold: 14 },
};

describe('the screening form', () => {
  it('moves the cadence with the intent level until the rep sets one', () => {
    let draft = withIntent(draftOf(card), 'hot', card.cadenceDays);
    expect(draft.cadenceDays).toBe(3);
    draft = withCadence(draft, 5);
    expect(withIntent(draft, 'cold', card.cadenceDays)).toMatchObject({ intentLevel: 'cold', cadenceDays: 5 });
    expect(withCadence(draft, 0).cadenceDays).toBe(1);
  });

  it('offers the lead’s tags and the company’s as chips, each once, and adds typed ones', () => {
    let draft = draftOf(card);
    expect(chipsOf(card, draft)).toEqual(['急需', '预算已批', '比价中']);
    draft = toggleTag(toggleTag(draft, '急需'), '比价中');
    expect(draft.intentTags).toEqual(['比价中']);
    draft = addTag(addTag(draft, '  关注交付周期 '), '   ');
    expect(draft.intentTags).toEqual(['比价中', '关注交付周期']);
    expect(chipsOf(card, draft)).toEqual(['急需', '预算已批', '比价中', '关注交付周期']);
    expect(withTags(draft, ['急需', ' 急需', '新']).intentTags).toEqual(['急需', '新']);
  });

  it('sends the answers with the version read', () => {
    expect(completionOf(draftOf(card), 0)).toEqual({ ...card.answers, version: 0 });
  });
});
