/**
 * "How is this counted" beside every figure (G3): formula, numerator, denominator, data sources and refresh, as the
 * server defines them (core steward/figures.ts), with the numbers behind the value shown.
 */
import { useTranslation } from 'react-i18next';
import { Button, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { FigureDefinition, FigureValue, LocalisedText } from '@closeloop/core';

export function FigureHelp({ definition, value }: { definition: FigureDefinition; value?: FigureValue | undefined }) {
  const { t, i18n } = useTranslation();
  const text = (localised: LocalisedText) => (i18n.language === 'en' ? localised.en : localised['zh-CN']);
  const section = (heading: string, body: string) => (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text strong>{heading}</Typography.Text>
      <Typography.Paragraph style={{ margin: 0 }}>{body}</Typography.Paragraph>
    </div>
  );
  const slug = definition.metric === 'followUpRate' ? 'follow-up-rate' : 'activity-rate';
  return (
    <Popover
      trigger={['hover', 'click']}
      title={text(definition.title)}
      content={
        <div style={{ maxWidth: 380 }} data-testid={`figure-help-${slug}-content`}>
          {section(t('leadHealth.help.formula'), text(definition.formula))}
          {section(t('leadHealth.help.numerator'), text(definition.numerator))}
          {section(t('leadHealth.help.denominator'), text(definition.denominator))}
          {section(t('leadHealth.help.sources'), text(definition.sources))}
          {section(t('leadHealth.help.refresh'), text(definition.refresh))}
          {value && value.value !== null && (
            <Typography.Text type="secondary">{t('leadHealth.help.numbers', { numerator: value.numerator, denominator: value.denominator, value: `${value.value}%` })}</Typography.Text>
          )}
        </div>
      }
    >
      <Button
        type="text" size="small" shape="circle" icon={<QuestionCircleOutlined />} style={{ color: 'rgba(0,0,0,0.45)' }}
        aria-label={t('leadHealth.help.open', { metric: text(definition.title) })} data-testid={`figure-help-${slug}`}
      />
    </Popover>
  );
}
