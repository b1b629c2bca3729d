/**
 * A contract's shipping notes (B1): plan one once signed, ship it, mark it delivered, or cancel it. Where the terms
 * forbid shipping before payment in full and the contract is not paid, shipping is refused — an approver may ship
 * anyway with a reason (an audited override, which the flash report lists as an anomaly).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Select, Space, Table } from 'antd';
import type { ContractView, Shipment } from '@closeloop/core';
import { useSession } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { LoadError } from '../../../lib/page-states';
import { useFormat } from '../../../lib/use-format';
import { useContractOrders, useContractShipments, usePlanShipment, useShipmentCommand } from '../api/contracts';
import { StatusTag } from './StatusTag';

const signedStatuses = new Set(['signed', 'partially_paid', 'paid', 'completed']);

interface PlanValues { plannedOn: { format(pattern: string): string }; orderId?: string; carrier?: string; trackingNo?: string }
interface ShipValues { reason?: string }

export function ShipmentsTab({ contract }: { contract: ContractView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const { message } = App.useApp();
  const shipments = useContractShipments(contract.id);
  const orders = useContractOrders(contract.id);
  const plan = usePlanShipment();
  const command = useShipmentCommand();
  const [planning, setPlanning] = useState(false);
  const [shipping, setShipping] = useState<Shipment | null>(null);
  const [planForm] = Form.useForm<PlanValues>();
  const [shipForm] = Form.useForm<ShipValues>();
  const signed = signedStatuses.has(contract.status);
  const unpaidForbidden = !contract.shipmentBeforePayment && contract.paidMinor < contract.totalMinor;
  const mayOverride = can('documents.approve');

  const act = async (shipment: Shipment, name: 'deliver' | 'cancel') => {
    try {
      await command.mutateAsync({ id: shipment.id, version: shipment.version, command: name });
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };
  const submitPlan = async () => {
    const values = await planForm.validateFields();
    try {
      await plan.mutateAsync({ contractId: contract.id, plannedOn: values.plannedOn.format('YYYY-MM-DD'), orderId: values.orderId ?? null, carrier: values.carrier?.trim() || null, trackingNo: values.trackingNo?.trim() || null });
      setPlanning(false);
      void message.success(t('contracts.shipments.planned'));
    } catch {
      // shown in the dialog
    }
  };
  const submitShip = async () => {
    if (!shipping) return;
    const values = await shipForm.validateFields();
    try {
      await command.mutateAsync({ id: shipping.id, version: shipping.version, command: 'ship', ...(unpaidForbidden && values.reason ? { override: true, reason: values.reason.trim() } : {}) });
      setShipping(null);
    } catch {
      // shown in the dialog
    }
  };

  if (shipments.isError) return <LoadError error={shipments.error} onRetry={() => void shipments.refetch()} />;
  return (
    <Flex vertical gap={12}>
      {!signed && <Alert type="info" showIcon title={t('contracts.orders.onlySigned')} />}
      {signed && unpaidForbidden && <Alert type="warning" showIcon title={t('contracts.shipments.unpaidTitle')} />}
      {signed && can('documents.write') && (
        <Space><Button type="primary" onClick={() => setPlanning(true)} data-testid="shipment-plan">{t('contracts.shipments.plan')}</Button></Space>
      )}
      <Table<Shipment>
        rowKey="id"
        size="small"
        loading={shipments.isPending}
        pagination={false}
        dataSource={shipments.data?.items ?? []}
        locale={{ emptyText: t('contracts.shipments.empty') }}
        data-testid="shipments-table"
        columns={[
          { title: t('contracts.list.traceCode'), dataIndex: 'traceCode' },
          { title: t('contracts.list.status'), dataIndex: 'status', render: (status: string) => <StatusTag type="shipment" status={status} /> },
          { title: t('contracts.shipments.plannedOn'), dataIndex: 'plannedOn', render: (day: string) => format.day(day) },
          { title: t('contracts.shipments.carrier'), dataIndex: 'carrier', render: (text: string | null, row) => [text, row.trackingNo].filter(Boolean).join(' · ') || '—' },
          { title: t('contracts.shipments.shippedOn'), dataIndex: 'shippedOn', render: (day: string | null) => (day ? format.day(day) : '—') },
          { title: t('contracts.shipments.deliveredAt'), dataIndex: 'deliveredAt', render: (iso: string | null) => (iso ? format.dateTime(iso) : '—') },
          {
            title: t('common.actions'), key: 'actions', render: (_: unknown, shipment) => can('documents.write') && (
              <Space size={4}>
                {shipment.status === 'planned' && <Button size="small" type="primary" onClick={() => { command.reset(); setShipping(shipment); }} data-testid="shipment-ship">{t('contracts.shipments.ship')}</Button>}
                {shipment.status === 'shipped' && <Button size="small" onClick={() => void act(shipment, 'deliver')} data-testid="shipment-deliver">{t('contracts.shipments.deliver')}</Button>}
                {shipment.status === 'planned' && <Button size="small" danger onClick={() => void act(shipment, 'cancel')}>{t('contracts.shipments.cancel')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={planning} title={t('contracts.shipments.plan')} onCancel={() => setPlanning(false)} onOk={() => void submitPlan()} okButtonProps={{ loading: plan.isPending }} okText={t('common.create')} cancelText={t('common.cancel')} destroyOnHidden>
        {plan.isError && <Alert type="error" showIcon title={errorText(plan.error, t)} style={{ marginBottom: 12 }} />}
        <Form form={planForm} layout="vertical" preserve={false}>
          <Form.Item name="plannedOn" label={t('contracts.shipments.plannedOn')} rules={[{ required: true, message: t('contracts.editor.required') }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="orderId" label={t('contracts.shipments.order')}>
            <Select allowClear options={(orders.data?.items ?? []).filter((o) => o.status !== 'cancelled').map((o) => ({ value: o.id, label: `${o.traceCode} · ${format.money(o.amountMinor)}` }))} />
          </Form.Item>
          <Form.Item name="carrier" label={t('contracts.shipments.carrier')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="trackingNo" label={t('contracts.shipments.trackingNo')}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
      <Modal
        open={shipping !== null}
        title={`${t('contracts.shipments.ship')} ${shipping?.traceCode ?? ''}`}
        onCancel={() => setShipping(null)}
        onOk={() => void submitShip()}
        okButtonProps={{ loading: command.isPending, danger: unpaidForbidden, disabled: unpaidForbidden && !mayOverride }}
        okText={unpaidForbidden ? t('contracts.shipments.override') : t('contracts.shipments.ship')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Flex vertical gap={12}>
          {unpaidForbidden && <Alert type="warning" showIcon title={t('contracts.shipments.unpaidTitle')} description={`${format.money(contract.paidMinor)} / ${format.money(contract.totalMinor)}`} />}
          {command.isError && <Alert type="error" showIcon title={errorText(command.error, t)} />}
          {unpaidForbidden && mayOverride && (
            <Form form={shipForm} layout="vertical" preserve={false}>
              <Form.Item name="reason" label={t('contracts.shipments.overrideReason')} rules={[{ required: true, whitespace: true, message: t('contracts.editor.required') }, { max: 500 }]}>
                <Input.TextArea rows={3} data-testid="shipment-override-reason" />
              </Form.Item>
            </Form>
          )}
        </Flex>
      </Modal>
    </Flex>
  );
}
