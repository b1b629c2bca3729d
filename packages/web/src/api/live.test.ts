import { describe, expect, it } from 'vitest';
import { staleKeysFor, staleKeysForChange } from './live';

describe('what a live message refreshes', () => {
  it('a changed lead refreshes lead lists (and the board, keyed under leads); an activity also the timelines', () => {
    expect(staleKeysForChange('lead')).toEqual([['leads']]);
    expect(staleKeysForChange('activity')).toEqual([['activities'], ['leads'], ['customers']]);
  });

  it('moved sales figures refresh the figure boards', () => {
    expect(staleKeysForChange('figures')).toEqual([['figures']]);
  });

  it('changed commission lines refresh that period\'s statements and the periods\' totals, or every commission page without a period', () => {
    expect(staleKeysForChange('commissions', '2026-11')).toEqual([['commissions', 'statements', '2026-11'], ['commissions', 'periods']]);
    expect(staleKeysForChange('commissions')).toEqual([['commissions']]);
  });

  it('a notification refreshes the inbox and the lists of the record it is about', () => {
    const keys = staleKeysFor({ id: 'n1', template: 'system.test', title: '', body: '', link: null, subject: { type: 'lead', id: 'l1' }, createdAt: '', readAt: null });
    expect(keys).toEqual([['notifications'], ['leads'], ['activities']]);
  });
});
