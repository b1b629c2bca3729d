import { describe, expect, it } from 'vitest';
import { defaultStewardSettings } from './settings.js';
import { feedbackSignal, leadFactsOf, rankTalkTracks, type LeadFacts, type TalkTrackCandidate } from './talk-tracks.js';

const weights = defaultStewardSettings.talkTrackWeights; // industry 5, budget 3, chain 3, stage 2, feedback 1

function track(id: string, title: string, rules: Partial<TalkTrackCandidate> = {}): TalkTrackCandidate {
  return { id, title, industries: [], budgetBands: [], decisionChains: [], stages: [], feedback: { used: 0, helpful: 0, notHelpful: 0 }, ...rules };
}

const library = [
  track('t1', 'Manufacturing: delivery lead time', { industries: ['manufacturing'] }),
  track('t2', 'Committee: bring in purchasing', { decisionChains: ['committee'] }),
  track('t3', 'Over 2M: phased rollout', { budgetBands: ['over_2m'] }),
  track('t4', 'Proposal: handling objections', { stages: ['proposal'] }),
  track('t5', 'Education: replicable cases', { industries: ['education'] }),
  track('t6', 'Single decider: close quickly', { decisionChains: ['single'] }),
  track('t7', 'New lead: opening', { stages: ['new'] }),
  track('t8', 'Any lead: a short check-in'),
];

const factory: LeadFacts = { industry: 'manufacturing', budgetBand: 'over_2m', decisionChain: 'committee', stage: 'proposal' };

describe('talk-track ranking', () => {
  it('puts the industry script first for a manufacturer and breaks the 5.5 tie between chain and budget by title', () => {
    // t1: 5 (industry) + 0.25×3 + 0.25×3 + 0.25×2 = 7; t2: 0.25×5 + 0.25×3 + 3 + 0.25×2 = 5.5; t3: 5.5; t4: 4.75.
    const ranked = rankTalkTracks(library, factory, weights);
    expect(ranked.map((r) => [r.track.id, r.score])).toEqual([['t1', 7], ['t2', 5.5], ['t3', 5.5]]);
    expect(ranked[0]!.reasons).toEqual([{ kind: 'match', fact: 'industry', value: 'manufacturing' }]);
    expect(ranked[1]!.reasons).toEqual([{ kind: 'match', fact: 'decisionChain', value: 'committee' }]);
  });

  it('rules out a script whose rule names another value of a known fact, and never ranks fewer than exist', () => {
    const all = rankTalkTracks(library, factory, weights, 10).map((r) => r.track.id);
    expect(all).toEqual(['t1', 't2', 't3', 't4', 't8']);
    expect(all).not.toContain('t5'); // education
    expect(all).not.toContain('t6'); // single decider
    expect(all).not.toContain('t7'); // stage new
  });

  it('scores a rule on an unknown fact 0 (no evidence) and an any-rule 0.25: a generic script says less than a match', () => {
    const school: LeadFacts = { industry: 'education', budgetBand: null, decisionChain: null, stage: 'new' };
    const ranked = rankTalkTracks(library, school, weights, 10);
    // t5: 5 + 0.75 + 0.75 + 0.5 = 7; t7: 1.25 + 0.75 + 0.75 + 2 = 4.75; t8: 3.25; t2, t3, t6 (rule on an unknown fact): 2.5.
    expect(ranked.map((r) => [r.track.id, r.score])).toEqual([['t5', 7], ['t7', 4.75], ['t8', 3.25], ['t2', 2.5], ['t3', 2.5], ['t6', 2.5]]);
    expect(ranked.find((r) => r.track.id === 't8')!.reasons).toEqual([{ kind: 'general' }]);
  });

  it('lets feedback reorder scripts of equal fit, smoothed so that one vote does not dominate', () => {
    const rated = library.map((t) =>
      t.id === 't3' ? { ...t, feedback: { used: 10, helpful: 8, notHelpful: 2 } } : t.id === 't4' ? { ...t, feedback: { used: 0, helpful: 1, notHelpful: 0 } } : t,
    );
    // t3: 5.5 + (2 × (10/14 − 0.5) + 0.5 × 10/20) = 5.5 + 0.68; t4: 4.75 + 2 × (3/5 − 0.5) = 4.95, still below t2's 5.5.
    const ranked = rankTalkTracks(rated, factory, weights);
    expect(ranked.map((r) => [r.track.id, r.score])).toEqual([['t1', 7], ['t3', 6.18], ['t2', 5.5]]);
    expect(ranked[1]!.reasons).toEqual([
      { kind: 'match', fact: 'budgetBand', value: 'over_2m' },
      { kind: 'feedback', helpful: 8, rated: 10, used: 10 },
    ]);
    const disliked = library.map((t) => (t.id === 't2' ? { ...t, feedback: { used: 0, helpful: 0, notHelpful: 3 } } : t));
    expect(rankTalkTracks(disliked, factory, weights).map((r) => r.track.id)).toEqual(['t1', 't3', 't2']);
  });

  it('ignores a fact weighted 0: neither a match nor a reason to rule a script out', () => {
    const school: LeadFacts = { industry: 'education', budgetBand: null, decisionChain: null, stage: 'proposal' };
    const ranked = rankTalkTracks(library, school, { ...weights, industry: 0 }, 10).map((r) => r.track.id);
    expect(ranked).toContain('t1');
    expect(ranked[0]).toBe('t4');
  });

  it('gives the same order whatever order the templates come in, down to title and id', () => {
    const twins = [track('b', 'Same title'), track('a', 'Same title'), track('c', 'Another title')];
    const facts: LeadFacts = { industry: null, budgetBand: null, decisionChain: null, stage: 'new' };
    const expected = ['c', 'a', 'b'];
    expect(rankTalkTracks(twins, facts, weights).map((r) => r.track.id)).toEqual(expected);
    expect(rankTalkTracks([...twins].reverse(), facts, weights).map((r) => r.track.id)).toEqual(expected);
  });

  it('prefers the more specific script when scores tie', () => {
    const tied = { industry: 1, budgetBand: 0, decisionChain: 0, stage: 4, feedback: 1 };
    const facts: LeadFacts = { industry: 'manufacturing', budgetBand: null, decisionChain: null, stage: 'new' };
    // Z: 1 (industry match) + 0.25×4 (any stage) = 2; A: 0.25 + 1 + (2 × (6/8 − 0.5) + 0.5 × 10/20) = 2.
    const specific = track('z', 'Z specific', { industries: ['manufacturing'] });
    const popular = track('a', 'A popular', { feedback: { used: 10, helpful: 4, notHelpful: 0 } });
    expect(rankTalkTracks([popular, specific], facts, tied).map((r) => [r.track.id, r.score])).toEqual([['z', 2], ['a', 2]]);
  });
});

describe('the feedback signal', () => {
  it('is 0 without marks and moves a fifth of the way with one vote', () => {
    expect(feedbackSignal({ used: 0, helpful: 0, notHelpful: 0 })).toBe(0);
    expect(feedbackSignal({ used: 0, helpful: 1, notHelpful: 0 })).toBeCloseTo(0.2);
    expect(feedbackSignal({ used: 0, helpful: 0, notHelpful: 1 })).toBeCloseTo(-0.2);
  });

  it('approaches 1 for many helpful votes and adds at most half a point for use', () => {
    expect(feedbackSignal({ used: 0, helpful: 200, notHelpful: 0 })).toBeCloseTo(0.98, 2);
    expect(feedbackSignal({ used: 10, helpful: 0, notHelpful: 0 })).toBeCloseTo(0.25);
    expect(feedbackSignal({ used: 1_000_000, helpful: 0, notHelpful: 0 })).toBeLessThan(0.5);
  });
});

describe('a lead\'s facts', () => {
  const lead = { stage: 'qualified' as const, industry: 'retail' };

  it('come from the linked customer, falling back fact by fact to the screening card where the customer says unknown', () => {
    const customer = { industry: 'manufacturing', budgetBand: 'unknown', decisionChain: 'committee' };
    expect(leadFactsOf(lead, customer, { budgetBand: 'over_2m', decisionChain: 'single' })).toEqual({
      industry: 'manufacturing', budgetBand: 'over_2m', decisionChain: 'committee', stage: 'qualified',
    });
  });

  it('without a customer: the lead\'s own industry, then the card\'s answers', () => {
    expect(leadFactsOf(lead, null, { industry: 'education', budgetBand: 'under_100k', decisionChain: 'multi_level', size: 'small' })).toEqual({
      industry: 'retail', budgetBand: 'under_100k', decisionChain: 'multi_level', stage: 'qualified',
    });
    expect(leadFactsOf({ stage: 'new', industry: null }, null, { industry: 'education' }).industry).toBe('education');
  });

  it('reads the card defensively: anything not in the vocabulary counts as not known', () => {
    const none = { industry: null, budgetBand: null, decisionChain: null, stage: 'new' };
    for (const answers of [null, undefined, 'text', 42, [], { industry: 'mining', budgetBand: 5, decisionChain: 'unknown' }]) {
      expect(leadFactsOf({ stage: 'new', industry: null }, null, answers)).toEqual(none);
    }
  });
});
