import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en/leadHealth.json';

describe('lead-health texts', () => {
  it('counts one lead in the singular', async () => {
    const i18n = createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: { leadHealth: en } } } });
    expect(i18n.t('leadHealth.mine.leads', { count: 1 })).toBe('1 lead');
    expect(i18n.t('leadHealth.mine.leads', { count: 7 })).toBe('7 leads');
  });
});
