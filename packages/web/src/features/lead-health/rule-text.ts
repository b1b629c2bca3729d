/**
 * A stage's colour and the rule behind it in the reader's language, from the rule as data (core steward/health.ts).
 * Worded the same as the server's spreadsheet and notifications (a test holds the two together).
 */
import type { TFunction } from 'i18next';
import type { HealthColour, StageHealth } from '@closeloop/core';

export function ruleText(t: TFunction, health: StageHealth): string {
  const stage = t(`vocab.stage.${health.stage}`);
  const colour = t(`leadHealth.colour.${health.colour}`);
  const rule = health.rule;
  if (!rule) return t('leadHealth.rule.empty', { stage, colour });
  if (!rule.signal) return t('leadHealth.rule.none', { stage, colour, leads: rule.leads, days: rule.silentDays });
  return t('leadHealth.rule.some', {
    stage, colour, count: rule.count, leads: rule.leads, percent: rule.percent, threshold: rule.threshold.percent, op: rule.met ? '≥' : '<',
    what: t(`leadHealth.rule.what.${rule.signal}`, { days: rule.silentDays }),
  });
}

/** Fill and ink per colour; the colour is also written out, never shown by hue alone. */
export const colourStyle: Record<HealthColour, { background: string; border: string; color: string }> = {
  red: { background: '#fff1f0', border: '#ffa39e', color: '#a8071a' },
  amber: { background: '#fffbe6', border: '#ffe58f', color: '#874d00' },
  green: { background: '#f6ffed', border: '#b7eb8f', color: '#237804' },
};
