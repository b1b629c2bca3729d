/** One delivery: its outcome, the JSON body it sends, and its latest attempts with the receiver's answers. */
import { useTranslation } from 'react-i18next';
import { Descriptions, Table, Tag, Typography } from 'antd';
import { useSignedIn } from '../../../api/session';
import { formatDateTime } from '../../../lib/format';
import type { WebhookDeliveryDetail, WebhookDeliveryStatus } from '../api/webhooks';

export const deliveryColour: Record<WebhookDeliveryStatus, string> = {
  pending: 'processing', sending: 'processing', delivered: 'success', failed: 'error', cancelled: 'default',
};

export function DeliveryStatus({ status }: { status: WebhookDeliveryStatus }) {
  const { t } = useTranslation();
  return <Tag color={deliveryColour[status]} data-testid="delivery-status">{t(`admin.webhooks.statuses.${status}`)}</Tag>;
}

export function DeliveryDetail({ delivery }: { delivery: WebhookDeliveryDetail }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, session.org.timeZone, i18n.language) : '—');
  return (
    <div data-testid="delivery-detail">
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'status', label: t('admin.webhooks.status'), children: <DeliveryStatus status={delivery.status} /> },
          { key: 'event', label: t('admin.webhooks.eventType'), children: <Typography.Text code>{delivery.eventType}</Typography.Text> },
          { key: 'code', label: t('admin.webhooks.statusCode'), children: delivery.lastStatusCode ?? t('admin.webhooks.noAnswer') },
          { key: 'ms', label: t('admin.webhooks.responseTime'), children: delivery.lastResponseMs === null ? '—' : t('admin.webhooks.ms', { ms: delivery.lastResponseMs }) },
          { key: 'attempts', label: t('admin.webhooks.attempts'), children: delivery.attempts },
          { key: 'next', label: t('admin.webhooks.nextAttempt'), children: when(delivery.nextAttemptAt) },
          { key: 'error', label: t('admin.webhooks.lastError'), span: 2, children: delivery.lastError ? <Typography.Text type="danger">{delivery.lastError}</Typography.Text> : '—' },
          { key: 'id', label: t('admin.webhooks.deliveryId'), span: 2, children: <Typography.Text code copyable>{delivery.id}</Typography.Text> },
        ]}
      />
      <Typography.Title level={5}>{t('admin.webhooks.payload')}</Typography.Title>
      <pre style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 12, maxHeight: 240, overflow: 'auto', fontSize: 12 }}>
        {JSON.stringify(delivery.payload, null, 2)}
      </pre>
      <Typography.Title level={5}>{t('admin.webhooks.attemptLog')}</Typography.Title>
      <Table
        size="small"
        rowKey="attempt"
        pagination={false}
        dataSource={delivery.attemptLog}
        locale={{ emptyText: t('admin.webhooks.noAttempts') }}
        columns={[
          { key: 'n', title: '#', dataIndex: 'attempt', width: 48 },
          { key: 'at', title: t('admin.webhooks.attemptedAt'), dataIndex: 'attemptedAt', width: 170, render: when },
          {
            key: 'outcome', title: t('admin.webhooks.outcome'), dataIndex: 'outcome', width: 100,
            render: (outcome: 'delivered' | 'failed') => <Tag color={outcome === 'delivered' ? 'success' : 'error'}>{t(`admin.webhooks.statuses.${outcome}`)}</Tag>,
          },
          { key: 'code', title: t('admin.webhooks.statusCode'), dataIndex: 'statusCode', width: 90, render: (code: number | null) => code ?? '—' },
          { key: 'ms', title: t('admin.webhooks.responseTime'), dataIndex: 'responseMs', width: 90, render: (ms: number) => t('admin.webhooks.ms', { ms }) },
          {
            key: 'answer', title: t('admin.webhooks.answer'),
            render: (_, attempt) => (
              <Typography.Text type={attempt.error ? 'danger' : undefined} ellipsis={{ tooltip: true }} style={{ maxWidth: 260 }}>
                {attempt.error ?? attempt.responseBody ?? '—'}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}
