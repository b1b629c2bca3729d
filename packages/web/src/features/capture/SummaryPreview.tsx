/**
 * The desk's live reading of the note (A4): key points, commitments, dates and amounts, as the server will store them.
 * A date can be taken as the next action's due time with one click.
 */
import { useTranslation } from 'react-i18next';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import type { ActivitySummary } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';

interface Props {
  summary: ActivitySummary | undefined;
  updating: boolean;
  onUseDate?: (at: string) => void;
}

const partyColours = { us: 'blue', customer: 'green', unknown: 'default' } as const;

export function SummaryPreview({ summary, updating, onUseDate }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!summary && !updating) return null;
  const when = (mention: { at: string; time: string | null }) => (mention.time ? format.dateTime(mention.at) : format.date(mention.at));
  const empty = summary && [summary.keyPoints, summary.commitments, summary.dates, summary.amounts].every((list) => list.length === 0);

  return (
    <Card size="small" title={t('capture.summary.title')} extra={updating && <Typography.Text type="secondary">{t('capture.summary.updating')}</Typography.Text>} style={{ marginBottom: 12 }} data-testid="capture-summary">
      {empty && <Typography.Text type="secondary">{t('capture.summary.empty')}</Typography.Text>}
      {summary && summary.keyPoints.length > 0 && (
        <Section title={t('capture.summary.keyPoints')}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>{summary.keyPoints.map((point) => <li key={point}>{point}</li>)}</ul>
        </Section>
      )}
      {summary && summary.commitments.length > 0 && (
        <Section title={t('capture.summary.commitments')}>
          {summary.commitments.map((commitment) => (
            <div key={commitment.text} data-testid="capture-commitment">
              <Tag color={partyColours[commitment.by]}>{t(`capture.summary.by.${commitment.by}`)}</Tag>
              {commitment.text}
              {commitment.dueAt && <Typography.Text type="secondary"> · {t('capture.summary.dueBy', { date: format.dateTime(commitment.dueAt) })}</Typography.Text>}
            </div>
          ))}
        </Section>
      )}
      {summary && summary.dates.length > 0 && (
        <Section title={t('capture.summary.dates')}>
          <Flex gap={8} wrap>
            {summary.dates.map((mention) => (
              <Tag key={`${mention.text}-${mention.at}`} data-testid="capture-date">
                {mention.text} → {when(mention)}
                {onUseDate && mention.at > new Date().toISOString() && (
                  <Button type="link" size="small" onClick={() => onUseDate(mention.at)}>{t('capture.nextAction.useIt')}</Button>
                )}
              </Tag>
            ))}
          </Flex>
        </Section>
      )}
      {summary && summary.amounts.length > 0 && (
        <Section title={t('capture.summary.amounts')}>
          <Flex gap={8} wrap>
            {summary.amounts.map((mention) => (
              <Tag key={`${mention.text}-${mention.amount.minor}`} color="gold" data-testid="capture-amount">
                {mention.text} = {format.money(mention.amount.minor, mention.amount.currency)}
              </Tag>
            ))}
          </Flex>
        </Section>
      )}
    </Card>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <div>{children}</div>
    </div>
  );
}
