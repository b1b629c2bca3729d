/**
 * Under an activity in the desk timeline: the next action it planned and what its summary found — key points when the
 * note is longer than they are, commitments, amounts.
 */
import { useTranslation } from 'react-i18next';
import { Flex, Tag, Typography } from 'antd';
import type { Activity } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { useKindLabel } from './use-kind-label';

export function ActivityCaptureDetails({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useKindLabel();
  const { summary, nextAction } = activity;
  const showPoints = !!summary && summary.keyPoints.length > 0 && summary.keyPoints.join('').length < activity.text.length * 0.8;
  if (!nextAction && !summary) return null;

  return (
    <div style={{ marginTop: 6 }} data-testid="timeline-capture">
      {showPoints && (
        <ul style={{ margin: '0 0 4px', paddingInlineStart: 20, color: 'rgba(0,0,0,0.65)' }}>
          {summary.keyPoints.map((point) => <li key={point}>{point}</li>)}
        </ul>
      )}
      <Flex gap={6} wrap>
        {nextAction && (
          <Tag color="blue" data-testid="timeline-next-action">
            {t('capture.nextAction.planned', { kind: label(nextAction.kind), when: format.dateTime(nextAction.dueAt) })}
          </Tag>
        )}
        {summary?.commitments.map((c) => (
          <Tag key={c.text} color={c.by === 'customer' ? 'green' : undefined}>
            {t(`capture.summary.by.${c.by}`)}：<Typography.Text ellipsis style={{ maxWidth: 260 }}>{c.text}</Typography.Text>
          </Tag>
        ))}
        {summary?.amounts.map((a) => (
          <Tag key={`${a.text}-${a.amount.minor}`} color="gold">{format.money(a.amount.minor, a.amount.currency)}</Tag>
        ))}
      </Flex>
    </div>
  );
}
