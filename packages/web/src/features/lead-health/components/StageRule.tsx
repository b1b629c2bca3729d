/** What lies behind a stage's colour: the deciding rule as a sentence, then every signal's count and colour. */
import { useTranslation } from 'react-i18next';
import { Typography } from 'antd';
import type { StageHealth } from '@closeloop/core';
import { ruleText } from '../rule-text';

export function StageRule({ health }: { health: StageHealth }) {
  const { t } = useTranslation();
  const days = health.rule?.silentDays;
  return (
    <div style={{ maxWidth: 360 }} data-testid={`health-rule-${health.stage}`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{ruleText(t, health)}</Typography.Paragraph>
      {health.leads > 0 && (
        <>
          <Typography.Text type="secondary">{t('leadHealth.signal.title')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
            {health.signals.map((s) => (
              <li key={s.signal}>
                {t(`leadHealth.signal.${s.signal}`, { days })}: {t('leadHealth.signal.line', { count: s.count, percent: s.percent, colour: t(`leadHealth.colour.${s.colour}`) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
