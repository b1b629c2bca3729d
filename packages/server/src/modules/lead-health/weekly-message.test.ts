import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../platform/notify/templates.js';

describe('the weekly lead-health message', () => {
  it('counts stages in English without "1 stages"', () => {
    const { body } = renderMessage('lead_health.weekly', 'en', { week: '2026-11-06', red: 1, amber: 1, green: 3 });
    expect(body).toBe('Stages: 1 red, 1 amber, 3 green. Open the report to see the rule behind each colour.');
  });
});
