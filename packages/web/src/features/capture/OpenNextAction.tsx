/** The lead's open next action at the desk: what, by when, overdue in red; a worked open lead without one is flagged. */
import { useTranslation } from 'react-i18next';
import { Alert, Tag, Typography } from 'antd';
import type { Lead } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { isOverdue } from './capture-form';
import { useKindLabel } from './use-kind-label';

export function OpenNextAction({ lead, open }: { lead: Lead; open: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useKindLabel();
  const next = lead.nextAction;
  if (!next) {
    return open ? <Alert type="warning" showIcon title={t('capture.nextAction.none')} style={{ marginBottom: 16 }} data-testid="lead-next-action" /> : null;
  }
  const overdue = open && isOverdue(next.dueAt, new Date().toISOString());
  return (
    <Alert
      type={overdue ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="lead-next-action"
      title={
        <span>
          <Typography.Text strong>{t('capture.nextAction.open')}：{label(next.kind)}</Typography.Text>{' '}
          <Typography.Text type={overdue ? 'danger' : 'secondary'}>{t('capture.nextAction.dueWhen', { when: format.dateTime(next.dueAt) })}</Typography.Text>
          {overdue && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('capture.nextAction.overdue')}</Tag>}
        </span>
      }
      description={next.note ?? undefined}
    />
  );
}
