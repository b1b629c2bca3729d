/**
 * Refunding a confirmed receipt, whole or in part (B3): everything still unrefunded, an amount split pro rata over the
 * contracts it paid, or an amount per contract (a returned line of one contract) — with a reason. The table previews
 * what comes off each contract by the server's own rule before anything is sent; a retried click refunds once.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Flex, Form, Input, Modal, Radio, Table, Typography } from 'antd';
import type { Receipt } from '@closeloop/core';
import { useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { useFormat } from '../../../lib/use-format';
import { useSubmitKey } from '../../../lib/use-submit-key';
import { toMinor } from '../../records/money';
import { useRefundReceipt } from '../api/receipts';
import { refundBody, refundPreview, stillHeld, type RefundMode } from '../hooks/refund';

type Allocation = Receipt['allocations'][number];

export function RefundReceiptModal({ receipt, open, onClose }: { receipt: Receipt; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const refund = useRefundReceipt();
  const keys = useSubmitKey();
  const [mode, setMode] = useState<RefundMode>('all');
  const [amountText, setAmountText] = useState('');
  const [splitText, setSplitText] = useState<Record<string, string>>({});

  const amountMinor = amountText.trim() ? toMinor(amountText, org.currency) : null;
  const split = Object.fromEntries(Object.entries(splitText).map(([id, text]) => [id, text.trim() ? toMinor(text, org.currency) : undefined]));
  const choice = { mode, amountMinor, split };
  const unrefunded = receipt.allocations.reduce((sum, a) => sum + stillHeld(a), 0);
  const typedBad = (mode === 'amount' && amountText.trim() !== '' && amountMinor === null) || (mode === 'split' && Object.values(split).some((v) => v === null));
  const nothingChosen = (mode === 'amount' && !amountMinor) || (mode === 'split' && !Object.values(split).some((v) => typeof v === 'number' && v > 0));
  const plan = nothingChosen || typedBad ? null : refundPreview(receipt, choice);
  const partOf = new Map(plan?.ok ? plan.lines.map((l) => [l.contractId, l.amountMinor]) : []);
  // A problem's index is the line's place in the request's list of contracts.
  const sent = refundBody(choice).allocations ?? [];
  const overContract = new Set(plan && !plan.ok ? plan.problems.flatMap((p) => (p.code === 'above_contract_unrefunded' ? [sent[p.index]?.contractId ?? ''] : [])) : []);
  const overTotal = plan && !plan.ok && plan.problems.some((p) => p.code === 'above_unrefunded');

  const close = () => {
    setMode('all');
    setAmountText('');
    setSplitText({});
    refund.reset();
    onClose();
  };
  const submit = async () => {
    const { reason } = await form.validateFields();
    if (!plan?.ok && mode !== 'all') return;
    const body = { version: receipt.version, reason: reason.trim(), ...refundBody(choice) };
    try {
      const after = await refund.mutateAsync({ id: receipt.id, body, key: keys.keyFor({ id: receipt.id, ...body }) });
      keys.done();
      void message.success(t('receipts.refundForm.done', { code: after.traceCode, amount: format.money(after.refundedMinor - receipt.refundedMinor) }));
      close();
    } catch {
      // shown in the dialog
    }
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('receipts.refundForm.title', { code: receipt.traceCode })}
      okText={t('receipts.refund')}
      okButtonProps={{ danger: true, loading: refund.isPending, disabled: mode !== 'all' && !plan?.ok, ...{ 'data-testid': 'refund-ok' } }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="refund-dialog">
        {refund.error && <Alert type="error" showIcon title={errorText(refund.error, t)} data-testid="refund-error" />}
        <Typography.Text>
          {t('receipts.refundForm.summary', { amount: format.money(receipt.amountMinor), refunded: format.money(receipt.refundedMinor), left: format.money(unrefunded) })}
        </Typography.Text>
        <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as RefundMode)} data-testid="refund-mode">
          <Radio value="all" data-testid="refund-mode-all">{t('receipts.refundForm.all')}</Radio>
          <Radio value="amount" data-testid="refund-mode-amount">{t('receipts.refundForm.amount')}</Radio>
          {receipt.allocations.length > 0 && <Radio value="split" data-testid="refund-mode-split">{t('receipts.refundForm.split')}</Radio>}
        </Radio.Group>
        {mode === 'amount' && (
          <Flex vertical gap={4}>
            <Input prefix={org.currency} inputMode="decimal" style={{ width: 240 }} value={amountText} onChange={(event) => setAmountText(event.target.value)} status={typedBad || overTotal ? 'error' : undefined} data-testid="refund-amount" />
            <Typography.Text type="secondary">{t('receipts.refundForm.proRata')}</Typography.Text>
          </Flex>
        )}
        {typedBad && <Typography.Text type="danger">{t('receipts.form.badAmount')}</Typography.Text>}
        {overTotal && <Typography.Text type="danger" data-testid="refund-over-total">{t('receipts.refundForm.overTotal', { left: format.money(unrefunded) })}</Typography.Text>}
        <Table<Allocation>
          rowKey="contractId"
          size="small"
          pagination={false}
          dataSource={receipt.allocations}
          data-testid="refund-contracts"
          columns={[
            { title: t('receipts.form.contract'), dataIndex: 'contractTraceCode', render: (code: string, row) => <Flex vertical><span>{code}</span><Typography.Text type="secondary" ellipsis style={{ maxWidth: 180 }}>{row.contractTitle}</Typography.Text></Flex> },
            { title: t('receipts.refundForm.paid'), dataIndex: 'amountMinor', align: 'right', render: (minor: number) => format.money(minor) },
            { title: t('receipts.refundForm.refunded'), dataIndex: 'refundedMinor', align: 'right', render: (minor: number) => format.money(minor) },
            { title: t('receipts.refundForm.held'), key: 'held', align: 'right', render: (_: unknown, row) => format.money(stillHeld(row)) },
            {
              title: t('receipts.refundForm.thisRefund'), key: 'part', align: 'right', width: 180, render: (_: unknown, row) => {
                if (mode !== 'split') {
                  const part = mode === 'all' ? stillHeld(row) : partOf.get(row.contractId) ?? 0;
                  return <span data-testid={`refund-part-${row.contractTraceCode}`}>{format.money(part)}</span>;
                }
                const over = overContract.has(row.contractId);
                return (
                  <Flex vertical>
                    <Input size="small" inputMode="decimal" disabled={stillHeld(row) === 0} value={splitText[row.contractId] ?? ''} status={over || split[row.contractId] === null ? 'error' : undefined}
                      onChange={(event) => setSplitText((current) => ({ ...current, [row.contractId]: event.target.value }))} data-testid={`refund-split-${row.contractTraceCode}`} />
                    {over && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('receipts.refundForm.overContract', { held: format.money(stillHeld(row)) })}</Typography.Text>}
                  </Flex>
                );
              },
            },
          ]}
        />
        {plan?.ok && (
          <Typography.Text data-testid="refund-total">
            {t('receipts.refundForm.total', { amount: format.money(plan.amountMinor), left: format.money(plan.unrefundedAfterMinor) })}
          </Typography.Text>
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('receipts.reason')} rules={[{ required: true, whitespace: true, message: t('receipts.required') }, { max: 500 }]}>
            <Input.TextArea rows={2} data-testid="receipt-reason" />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}
