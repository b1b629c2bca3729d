import { describe, expect, it } from 'vitest';
import { stepTexts } from './explain';

describe('a payout line\'s steps as text', () => {
  const steps: Array<{ code: string; params: Record<string, string> }> = [
    { code: 'credit', params: { role: 'revenue', share: '100%', kind: 'payment', payment: 'P1', credited: '1,200.00' } },
    { code: 'band.slice', params: { from: '0.00', to: '2,000.00', rate: '2%', base: '1,200.00', result: '24.00' } },
  ];

  it('renders each step in the reader\'s language', () => {
    expect(stepTexts({ steps, explanation: '' }, 'en')).toEqual([
      'revenue credit 100% of payment P1 = 1,200.00',
      'slice 0.00–2,000.00 × 2% on 1,200.00 of this deal = 24.00',
    ]);
    expect(stepTexts({ steps, explanation: '' }, 'zh-CN')[0]).toBe('业绩分配：回款 P1 的 100% = 1,200.00');
  });

  it('falls back to the server\'s text when a step is one this build does not know', () => {
    expect(stepTexts({ steps: [{ code: 'from.a.newer.server', params: {} }], explanation: 'as the server says' }, 'en')).toEqual(['as the server says']);
  });
});
