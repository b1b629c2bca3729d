/**
 * Outgoing webhooks (H5): the organisation's own systems are told about events as they happen, each request signed
 * with the webhook's secret (shown once, at creation and on rotation). Test a webhook with a ping, follow its
 * deliveries, and send a failed one again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Flex, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { MoreOutlined, PlusOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { WebhookWithSecret } from '@closeloop/core';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useWebhooks, type WebhookDeliveryDetail, type WebhookView } from './api/webhooks';
import { DeliveriesDrawer } from './components/DeliveriesDrawer';
import { DeliveryDetail } from './components/DeliveryDetail';
import { LoadError, Loading } from '../../lib/page-states';
import { OneTimeSecret } from './components/OneTimeSecret';
import { PageHeader } from './components/PageHeader';
import { WebhookForm } from './components/WebhookForm';

const shownEvents = 2;

export default function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const webhooks = useWebhooks();
  const [editing, setEditing] = useState<WebhookView | 'new' | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<WebhookView | null>(null);
  const [pingResult, setPingResult] = useState<WebhookDeliveryDetail | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks'] });

  const toggle = useMutation({
    mutationFn: (hook: WebhookView) => api<WebhookView>(`/admin/webhooks/${hook.id}`, { method: 'PATCH', body: { active: !hook.active, version: hook.version } }),
    onSuccess: (hook) => {
      void message.success(hook.active ? t('admin.webhooks.turnedOn') : t('admin.webhooks.turnedOff'));
      void refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const ping = useMutation({
    mutationFn: (hook: WebhookView) => api<WebhookDeliveryDetail>(`/admin/webhooks/${hook.id}/test`, { method: 'POST' }),
    onSuccess: (result) => {
      setPingResult(result);
      void refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const rotate = useMutation({
    mutationFn: (hook: WebhookView) => api<WebhookWithSecret>(`/admin/webhooks/${hook.id}/rotate-secret`, { method: 'POST' }),
    onSuccess: (hook) => {
      setSecret({ title: t('admin.webhooks.rotatedTitle'), value: hook.secret });
      void refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const remove = useMutation({
    mutationFn: (hook: WebhookView) => api<void>(`/admin/webhooks/${hook.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void message.success(t('admin.webhooks.deleted'));
      void refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const confirmRotate = (hook: WebhookView) =>
    modal.confirm({
      title: t('admin.webhooks.rotateTitle'),
      content: t('admin.webhooks.rotateEffect'),
      okText: t('admin.webhooks.rotate'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => rotate.mutateAsync(hook).catch(() => undefined),
    });
  const confirmDelete = (hook: WebhookView) =>
    modal.confirm({
      title: t('admin.webhooks.deleteTitle'),
      content: t('admin.webhooks.deleteEffect', { url: hook.url }),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(hook).catch(() => undefined),
    });

  const columns: ColumnsType<WebhookView> = [
    {
      title: t('admin.webhooks.url'), key: 'url', minWidth: 240,
      render: (_, hook) => (
        <div>
          <Typography.Text strong style={{ wordBreak: 'break-all' }}>{hook.url}</Typography.Text>
          {hook.description && <div><Typography.Text type="secondary">{hook.description}</Typography.Text></div>}
        </div>
      ),
    },
    {
      title: t('admin.webhooks.events'), dataIndex: 'eventTypes', width: 230,
      render: (types: WebhookView['eventTypes']) =>
        types === '*' ? (
          <Tag color="blue">{t('admin.webhooks.allEvents')}</Tag>
        ) : (
          <Flex gap={4} wrap>
            {types.slice(0, shownEvents).map((type) => <Tag key={type}>{type}</Tag>)}
            {types.length > shownEvents && (
              <Tooltip title={types.slice(shownEvents).join(', ')}>
                <Tag>{t('admin.webhooks.more', { count: types.length - shownEvents })}</Tag>
              </Tooltip>
            )}
          </Flex>
        ),
    },
    { title: t('admin.webhooks.secret'), dataIndex: 'secretHint', width: 140, render: (hint: string) => <Typography.Text code>{hint}</Typography.Text> },
    {
      title: t('admin.webhooks.active'), dataIndex: 'active', width: 70,
      render: (active: boolean, hook) => (
        <Switch checked={active} size="small" loading={toggle.isPending && toggle.variables?.id === hook.id} onChange={() => toggle.mutate(hook)} data-testid="webhook-toggle" />
      ),
    },
    {
      title: t('admin.webhooks.updatedAt'), dataIndex: 'updatedAt', width: 130,
      render: (iso: string) => <Tooltip title={formatDateTime(iso, session.org.timeZone, i18n.language)}>{formatDate(iso, session.org.timeZone, i18n.language)}</Tooltip>,
    },
    {
      title: t('common.actions'), key: 'actions', width: 240, fixed: 'right',
      render: (_, hook) => (
        <Space size={4}>
          <Button size="small" icon={<UnorderedListOutlined />} onClick={() => setDeliveriesOf(hook)} data-testid="webhook-deliveries">{t('admin.webhooks.deliveries')}</Button>
          <Button size="small" icon={<SendOutlined />} loading={ping.isPending && ping.variables?.id === hook.id} onClick={() => ping.mutate(hook)} data-testid="webhook-test">
            {t('admin.webhooks.test')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'edit', label: <span data-testid="webhook-edit">{t('common.edit')}</span>, onClick: () => setEditing(hook) },
                { key: 'rotate', label: <span data-testid="webhook-rotate">{t('admin.webhooks.rotate')}</span>, onClick: () => confirmRotate(hook) },
                { type: 'divider' },
                { key: 'delete', danger: true, label: <span data-testid="webhook-delete">{t('common.delete')}</span>, onClick: () => confirmDelete(hook) },
              ],
            }}
          >
            <Button size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="webhook-more" />
          </Dropdown>
        </Space>
      ),
    },
  ];

  const createButton = (testId: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid={testId}>{t('admin.webhooks.create')}</Button>
  );

  return (
    <>
      <PageHeader title={t('admin.webhooks.title')} description={t('admin.webhooks.description')} extra={createButton('create-button')} />
      {webhooks.isPending ? (
        <Loading />
      ) : webhooks.isError ? (
        <LoadError error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : (
        <Card>
          <Table<WebhookView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={webhooks.data}
            pagination={false}
            loading={webhooks.isFetching}
            scroll={{ x: 1040 }}
            onRow={() => ({ 'data-testid': 'list-row' }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('admin.webhooks.empty')} data-testid="empty-state">{createButton('empty-create')}</Empty> }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('admin.webhooks.signatureHelp')}</Typography.Paragraph>
        </Card>
      )}
      <WebhookForm
        open={editing !== null}
        webhook={editing === 'new' ? undefined : (editing ?? undefined)}
        onClose={() => setEditing(null)}
        onCreated={(hook) => {
          setEditing(null);
          setSecret({ title: t('admin.webhooks.createdTitle'), value: hook.secret });
        }}
        onSaved={() => {
          setEditing(null);
          void message.success(t('common.saved'));
        }}
      />
      <OneTimeSecret title={secret?.title ?? ''} secret={secret?.value ?? null} hint={t('admin.webhooks.secretHint')} onClose={() => setSecret(null)} />
      <DeliveriesDrawer webhook={deliveriesOf} onClose={() => setDeliveriesOf(null)} />
      <Modal
        open={pingResult !== null}
        title={pingResult?.status === 'delivered' ? t('admin.webhooks.pingDelivered') : t('admin.webhooks.pingFailed')}
        onCancel={() => setPingResult(null)}
        footer={<Button type="primary" onClick={() => setPingResult(null)}>{t('common.close')}</Button>}
        width={760}
        destroyOnHidden
        data-testid="ping-result"
      >
        {pingResult && <DeliveryDetail delivery={pingResult} />}
      </Modal>
    </>
  );
}
