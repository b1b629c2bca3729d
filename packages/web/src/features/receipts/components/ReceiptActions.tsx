/**
 * Confirm a registered receipt or change its allocations; refund a confirmed one (whole or in part) or void one, with a
 * reason (kept in its life and the audit log). The dialogs mount only while open, so each starts from the receipt as it is.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import type { Receipt } from '@closeloop/core';
import { errorText } from '../../../lib/errors';
import { useReceiptCommand, type ReceiptCommand } from '../api/receipts';
import { EditAllocationsDrawer } from './EditAllocationsDrawer';
import { RefundReceiptModal } from './RefundReceiptModal';

export function ReceiptActions({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const command = useReceiptCommand();
  const [asking, setAsking] = useState<'void' | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (name: ReceiptCommand, reason?: string) => {
    try {
      await command.mutateAsync({ id: receipt.id, version: receipt.version, command: name, reason });
      setAsking(null);
      void message.success(t('receipts.done'));
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };

  return (
    <Space size={4}>
      {receipt.status === 'registered' && (
        <Popconfirm title={t('receipts.confirmTitle', { code: receipt.traceCode })} description={<div style={{ maxWidth: 320 }}>{t('receipts.confirmBody')}</div>} onConfirm={() => run('confirm')} okText={t('receipts.confirm')} cancelText={t('common.cancel')} okButtonProps={{ ...{ 'data-testid': 'receipt-confirm-ok' } }}>
          <Button size="small" type="primary" loading={command.isPending} data-testid="receipt-confirm">{t('receipts.confirm')}</Button>
        </Popconfirm>
      )}
      {receipt.status === 'registered' && <Button size="small" onClick={() => setEditing(true)} data-testid="receipt-edit-allocations">{t('receipts.editAllocations')}</Button>}
      {receipt.status === 'confirmed' && <Button size="small" onClick={() => setRefunding(true)} data-testid="receipt-refund">{t('receipts.refund')}</Button>}
      {(receipt.status === 'registered' || receipt.status === 'confirmed') && <Button size="small" danger onClick={() => setAsking('void')} data-testid="receipt-void">{t('receipts.void')}</Button>}
      <Modal
        open={asking !== null}
        title={t('receipts.reasonTitle', { action: asking ? t(`receipts.${asking}`) : '', code: receipt.traceCode })}
        okText={asking ? t(`receipts.${asking}`) : ''}
        okButtonProps={{ danger: true, loading: command.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setAsking(null)}
        onOk={() => void form.validateFields().then(({ reason }) => asking && run(asking, reason.trim()))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('receipts.reason')} rules={[{ required: true, whitespace: true, message: t('receipts.required') }, { max: 500 }]}>
            <Input.TextArea rows={3} autoFocus data-testid="receipt-reason" />
          </Form.Item>
        </Form>
      </Modal>
      {refunding && <RefundReceiptModal receipt={receipt} open onClose={() => setRefunding(false)} />}
      {editing && <EditAllocationsDrawer receipt={receipt} open onClose={() => setEditing(false)} />}
    </Space>
  );
}
