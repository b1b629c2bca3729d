/**
 * A webhook's deliveries, newest first, filtered by state: open one to see its body and attempts, or send it again
 * now (same id and body, so the receiver can drop a repeat).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Empty, Flex, Select, Skeleton, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { webhookDeliveryStatuses } from '@closeloop/core';
import { api } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useDeliveries, useDelivery, type WebhookDeliveryDetail, type WebhookDeliveryStatus, type WebhookDeliveryView, type WebhookView } from '../api/webhooks';
import { DeliveryDetail, DeliveryStatus } from './DeliveryDetail';
import { CursorTable } from './CursorTable';
import { LoadError } from '../../../lib/page-states';

function ExpandedDelivery({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) {
  const detail = useDelivery(webhookId, deliveryId);
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  return <DeliveryDetail delivery={detail.data} />;
}

export function DeliveriesDrawer({ webhook, onClose }: { webhook: WebhookView | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<WebhookDeliveryStatus | undefined>();
  const list = useDeliveries(webhook?.id ?? null, status);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, session.org.timeZone, i18n.language) : '—');

  const redeliver = useMutation({
    mutationFn: (delivery: WebhookDeliveryView) =>
      api<WebhookDeliveryDetail>(`/admin/webhooks/${delivery.webhookId}/deliveries/${delivery.id}/redeliver`, { method: 'POST' }),
    onSuccess: (result) => {
      if (result.status === 'delivered') void message.success(t('admin.webhooks.redelivered'));
      else void message.warning(t('admin.webhooks.redeliverFailed', { error: result.lastError ?? result.lastStatusCode ?? '' }));
      void client.invalidateQueries({ queryKey: ['webhooks', result.webhookId] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const columns: ColumnsType<WebhookDeliveryView> = [
    { title: t('admin.webhooks.createdAt'), dataIndex: 'createdAt', width: 170, render: when },
    { title: t('admin.webhooks.eventType'), dataIndex: 'eventType', width: 190, render: (type: string) => <Typography.Text code>{type}</Typography.Text> },
    { title: t('admin.webhooks.status'), dataIndex: 'status', width: 100, render: (value: WebhookDeliveryStatus) => <DeliveryStatus status={value} /> },
    { title: t('admin.webhooks.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    { title: t('admin.webhooks.statusCode'), dataIndex: 'lastStatusCode', width: 110, render: (code: number | null) => code ?? '—' },
    {
      title: t('admin.webhooks.lastError'), dataIndex: 'lastError', ellipsis: { showTitle: false },
      render: (error: string | null, delivery) =>
        error ? <Tooltip title={error}><Typography.Text type="danger">{error}</Typography.Text></Tooltip>
          : delivery.nextAttemptAt ? t('admin.webhooks.nextAt', { at: when(delivery.nextAttemptAt) }) : '—',
    },
    {
      title: t('common.actions'), key: 'actions', width: 110,
      render: (_, delivery) => (
        <Button
          size="small"
          icon={<ReloadOutlined />}
          disabled={delivery.status === 'sending'}
          loading={redeliver.isPending && redeliver.variables?.id === delivery.id}
          onClick={() => redeliver.mutate(delivery)}
          data-testid="delivery-redeliver"
        >
          {t('admin.webhooks.redeliver')}
        </Button>
      ),
    },
  ];

  return (
    <Drawer
      open={webhook !== null}
      onClose={onClose}
      size={1000}
      destroyOnHidden
      title={t('admin.webhooks.deliveriesTitle', { url: webhook?.url ?? '' })}
      data-testid="deliveries-drawer"
    >
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('admin.webhooks.anyStatus')}
          style={{ width: 180 }}
          options={webhookDeliveryStatuses.map((value) => ({ value, label: t(`admin.webhooks.statuses.${value}`) }))}
          data-testid="filter-status"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isRefetching}>{t('admin.common.refresh')}</Button>
      </Flex>
      <CursorTable<WebhookDeliveryView>
        list={list}
        rowTestId="delivery-row"
        size="small"
        columns={columns}
        expandable={{ expandedRowRender: (delivery) => <ExpandedDelivery webhookId={delivery.webhookId} deliveryId={delivery.id} /> }}
        locale={{ emptyText: <Empty description={status ? t('admin.webhooks.noDeliveriesMatch') : t('admin.webhooks.noDeliveries')} data-testid="empty-state" /> }}
      />
    </Drawer>
  );
}
