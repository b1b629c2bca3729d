/**
 * The "?" beside every figure (SPEC G3): how it is counted, from which records, and how fresh it is.
 */
import { useTranslation } from 'react-i18next';
import { Button, Popover, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { openLeadStages, uniformSilenceHours, type PipelineBoard } from '@closeloop/core';
import type { TFunction } from 'i18next';
import { useSignedIn } from '../../../api/session';
import { formatDateTime } from '../../../lib/format';
import { refreshEveryMs } from '../api/pipeline';

export type Metric = 'openLeads' | 'silentLeads' | 'activities' | 'newLeads' | 'stages' | 'owners';

export function MetricHelp({ metric, board }: { metric: Metric; board: PipelineBoard }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { rules } = board;
  const values = {
    silence: silenceLimitText(rules, t),
    days: metric === 'newLeads' ? rules.trendDays : rules.activityWindowDays,
    limit: rules.silentListed,
    timeZone: board.timeZone,
    stages: rules.openStages.map((stage) => t(`vocab.stage.${stage}`)).join(t('dashboard.help.listSeparator')),
    scope: t(`dashboard.help.scope.${session.user.dataScope}`),
    minutes: Math.round(refreshEveryMs / 60_000),
    time: formatDateTime(board.asOf, session.org.timeZone, i18n.language),
  };
  const section = (heading: string, text: string) => (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text strong>{heading}</Typography.Text>
      <Typography.Paragraph style={{ margin: 0 }}>{text}</Typography.Paragraph>
    </div>
  );
  return (
    <Popover
      trigger={['hover', 'click']}
      title={t(`dashboard.metrics.${metric}.title`, values)}
      content={
        <div style={{ maxWidth: 340 }} data-testid={`metric-help-${metric}-content`}>
          {section(t('dashboard.help.formula'), t(`dashboard.metrics.${metric}.formula`, values))}
          {section(t('dashboard.help.source'), t(`dashboard.metrics.${metric}.source`, values))}
          {section(t('dashboard.help.freshness'), t('dashboard.help.freshnessText', values))}
        </div>
      }
    >
      <Button
        type="text"
        size="small"
        shape="circle"
        icon={<QuestionCircleOutlined />}
        aria-label={t('dashboard.help.open', { metric: t(`dashboard.metrics.${metric}.title`, values) })}
        data-testid={`metric-help-${metric}`}
        style={{ color: 'rgba(0,0,0,0.45)' }}
      />
    </Popover>
  );
}

/** The silence limits the board counted with: "72 hours" when every stage has the same, else each stage's. */
export function silenceLimitText(rules: PipelineBoard['rules'], t: TFunction): string {
  const hours = uniformSilenceHours(rules);
  if (hours !== null) return t('dashboard.help.silenceUniform', { hours });
  const list = openLeadStages.map((stage) => t('dashboard.help.silenceStage', { stage: t(`vocab.stage.${stage}`), hours: rules.silenceHours[stage] }));
  return t('dashboard.help.silencePerStage', { list: list.join(t('dashboard.help.listSeparator')) });
}
