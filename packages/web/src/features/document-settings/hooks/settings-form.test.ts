import { describe, expect, it } from 'vitest';
import { defaultDocumentSettings } from '@closeloop/core';
import { fromForm, toForm } from './settings-form';

describe('document settings form', () => {
  it('the defaults survive the round trip through the form unchanged', () => {
    expect(fromForm(toForm(defaultDocumentSettings, 'CNY'), 'CNY')).toEqual(defaultDocumentSettings);
  });

  it('amounts are typed in yuan and rebates in percent', () => {
    const form = toForm(defaultDocumentSettings, 'CNY');
    expect(form.approvalChain[1]!.minTotal).toBe('100000.00');
    expect(form.rebateTiers[0]!.maxRebatePercent).toBe(8);
    form.approvalChain[0]!.minTotal = '1,234.5';
    form.rebateTiers[0]!.maxRebatePercent = 7.25;
    const saved = fromForm(form, 'CNY');
    expect(saved.approvalChain[0]!.minTotalMinor).toBe(123_450);
    expect(saved.rebateTiers[0]!.maxRebateBp).toBe(725);
  });
});
