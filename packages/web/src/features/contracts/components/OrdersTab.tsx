/** A contract's purchase orders (B1): place one once signed (for the rest of the total by default), confirm, fulfil, cancel. */
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Space, Table } from 'antd';
import type { ContractView, PurchaseOrder } from '@closeloop/core';
import { useSession, useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { LoadError } from '../../../lib/page-states';
import { useFormat } from '../../../lib/use-format';
import { toMinor } from '../../records/money';
import { useContractOrders, useOrderCommand, usePlaceOrder } from '../api/contracts';
import { StatusTag } from './StatusTag';

const signedStatuses = new Set(['signed', 'partially_paid', 'paid']);

export function OrdersTab({ contract }: { contract: ContractView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { can } = useSession();
  const { message } = App.useApp();
  const orders = useContractOrders(contract.id);
  const place = usePlaceOrder();
  const command = useOrderCommand();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ amount?: string; orderedOn?: { format(pattern: string): string }; customerReference?: string }>();
  const signed = signedStatuses.has(contract.status);

  const act = async (order: PurchaseOrder, name: 'confirm' | 'fulfil' | 'cancel') => {
    try {
      await command.mutateAsync({ id: order.id, version: order.version, command: name });
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };
  const submit = async () => {
    const values = await form.validateFields();
    const amountMinor = values.amount ? toMinor(values.amount, org.currency) ?? undefined : undefined;
    try {
      await place.mutateAsync({ contractId: contract.id, amountMinor, orderedOn: values.orderedOn?.format('YYYY-MM-DD'), customerReference: values.customerReference?.trim() || null });
      setOpen(false);
      void message.success(t('contracts.orders.placed'));
    } catch {
      // shown in the dialog
    }
  };

  if (orders.isError) return <LoadError error={orders.error} onRetry={() => void orders.refetch()} />;
  return (
    <Flex vertical gap={12}>
      {!signed && <Alert type="info" showIcon title={t('contracts.orders.onlySigned')} />}
      {signed && can('documents.write') && (
        <Space><Button type="primary" onClick={() => setOpen(true)} data-testid="order-place">{t('contracts.orders.place')}</Button></Space>
      )}
      <Table<PurchaseOrder>
        rowKey="id"
        size="small"
        loading={orders.isPending}
        pagination={false}
        dataSource={orders.data?.items ?? []}
        locale={{ emptyText: t('contracts.orders.empty') }}
        data-testid="orders-table"
        columns={[
          { title: t('contracts.list.traceCode'), dataIndex: 'traceCode', render: (code: string) => <Link to={`/contracts/${contract.id}?tab=life`}>{code}</Link> },
          { title: t('contracts.list.status'), dataIndex: 'status', render: (status: string) => <StatusTag type="purchase_order" status={status} /> },
          { title: t('contracts.orders.amount'), dataIndex: 'amountMinor', align: 'right', render: (minor: number) => format.money(minor) },
          { title: t('contracts.orders.orderedOn'), dataIndex: 'orderedOn', render: (day: string) => format.day(day) },
          { title: t('contracts.orders.reference'), dataIndex: 'customerReference', render: (text: string | null) => text ?? '—' },
          {
            title: t('common.actions'), key: 'actions', render: (_: unknown, order) => can('documents.write') && (
              <Space size={4}>
                {order.status === 'placed' && <Button size="small" onClick={() => void act(order, 'confirm')}>{t('contracts.orders.confirm')}</Button>}
                {order.status === 'confirmed' && <Button size="small" onClick={() => void act(order, 'fulfil')}>{t('contracts.orders.fulfil')}</Button>}
                {(order.status === 'placed' || order.status === 'confirmed') && <Button size="small" danger onClick={() => void act(order, 'cancel')}>{t('contracts.orders.cancel')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('contracts.orders.place')} onCancel={() => setOpen(false)} onOk={() => void submit()} okButtonProps={{ loading: place.isPending }} okText={t('common.create')} cancelText={t('common.cancel')} destroyOnHidden>
        {place.isError && <Alert type="error" showIcon title={errorText(place.error, t)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="amount" label={t('contracts.orders.amount')} rules={[{ pattern: /^\s*[\d,]+(\.\d{0,2})?\s*$/ }]}>
            <Input prefix={org.currency} inputMode="decimal" />
          </Form.Item>
          <Form.Item name="orderedOn" label={t('contracts.orders.orderedOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="customerReference" label={t('contracts.orders.reference')}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
