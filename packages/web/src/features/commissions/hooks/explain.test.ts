import { describe, expect, it } from 'vitest';
import { readableSteps, stepTexts, withDealName } from './explain';

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

describe('naming the deal in a line\'s text', () => {
  const deal = '01a21d22-6d62-78e3-9334-1926ccb0d713';
  const payment = `01a21d22-6e50-73dc-9014-b12f8123aea5:${deal}`;

  it('puts the contract\'s trace code where the payment and the contract ids were', () => {
    expect(withDealName(`revenue credit 100% of payment ${payment} = 50,000.00 (deal ${deal})`, deal, 'HT-2026-000123'))
      .toBe('revenue credit 100% of payment HT-2026-000123 = 50,000.00 (deal HT-2026-000123)');
  });

  it('shows a short tail of the id while the trace code is unknown, and leaves lines without a deal alone', () => {
    expect(withDealName(`payment ${payment}`, deal, undefined)).toBe('payment …b0d713');
    expect(withDealName('cap 10,000.00 per period', null, undefined)).toBe('cap 10,000.00 per period');
  });

  it('renders the steps with the deal named', () => {
    const line = { dealId: deal, explanation: '', steps: [{ code: 'credit', params: { role: 'revenue', share: '100%', kind: 'payment', payment, credited: '50,000.00' } }] };
    expect(readableSteps(line, 'en', 'HT-2026-000123')).toEqual(['revenue credit 100% of payment HT-2026-000123 = 50,000.00']);
  });
});
