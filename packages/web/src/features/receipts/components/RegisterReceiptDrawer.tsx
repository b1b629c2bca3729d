/**
 * Registering money received (B3): the customer, the amount and day, the bank's reference, and how much of it pays
 * each of the customer's open contracts — each shown with what it still owes — with the rest not yet allocated kept
 * in view. "Register and confirm" does both when everything is allocated.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Col, DatePicker, Drawer, Empty, Flex, Form, Input, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ContractSummary } from '@closeloop/core';
import { useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { useFormat } from '../../../lib/use-format';
import { useSubmitKey } from '../../../lib/use-submit-key';
import { fromMinor, toMinor } from '../../records/money';
import { CustomerSelect } from '../../records/pickers';
import { usePayableContracts, useReceiptCommand, useRegisterReceipt } from '../api/receipts';
import { allocationList, fillOldestFirst, outstanding, unallocated } from '../hooks/allocation';

interface Values {
  customerId?: string;
  amount?: string;
  receivedOn?: dayjs.Dayjs;
  bankReference?: string;
  payerName?: string;
  note?: string;
}

const amountPattern = /^\s*[\d,]+(\.\d{0,2})?\s*$/;

export function RegisterReceiptDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const keys = useSubmitKey();
  const register = useRegisterReceipt();
  const confirm = useReceiptCommand();
  const customerId = Form.useWatch('customerId', form);
  const amountText = Form.useWatch('amount', form);
  const contracts = usePayableContracts(customerId);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const amountMinor = amountText ? toMinor(amountText, org.currency) : null;
  const allocations = useMemo(() => Object.fromEntries(Object.entries(typed).map(([id, text]) => [id, text ? toMinor(text, org.currency) : null])), [typed, org.currency]);
  const rest = unallocated(amountMinor, allocations);
  const byId = new Map((contracts.data ?? []).map((c) => [c.id, c]));

  const close = () => {
    form.resetFields();
    setTyped({});
    register.reset();
    confirm.reset();
    onClose();
  };
  const save = async (andConfirm: boolean) => {
    const values = await form.validateFields();
    if (!values.customerId || amountMinor === null) return;
    const input = {
      customerId: values.customerId,
      amountMinor,
      receivedOn: (values.receivedOn ?? dayjs()).format('YYYY-MM-DD'),
      bankReference: values.bankReference?.trim() || null,
      payerName: values.payerName?.trim() || null,
      note: values.note?.trim() || null,
      allocations: allocationList(allocations),
    };
    try {
      const receipt = await register.mutateAsync({ input, key: keys.keyFor(input) });
      keys.done();
      if (andConfirm) {
        await confirm.mutateAsync({ id: receipt.id, version: receipt.version, command: 'confirm' });
        void message.success(t('receipts.form.confirmed', { code: receipt.traceCode }));
      } else {
        void message.success(t('receipts.form.saved', { code: receipt.traceCode }));
      }
      close();
    } catch {
      // shown at the top of the drawer
    }
  };
  const failed = register.error ?? confirm.error;

  return (
    <Drawer
      open={open}
      onClose={close}
      size={760}
      title={t('receipts.form.title')}
      destroyOnHidden
      data-testid="receipt-drawer"
      extra={
        <Space>
          <Button onClick={() => void save(false)} loading={register.isPending && !confirm.isPending} data-testid="receipt-save">{t('receipts.form.save')}</Button>
          <Button type="primary" onClick={() => void save(true)} disabled={rest !== 0 || !amountMinor} loading={confirm.isPending} data-testid="receipt-save-confirm">{t('receipts.form.saveAndConfirm')}</Button>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        {failed && <Alert type="error" showIcon title={errorText(failed, t)} data-testid="form-error" />}
        <Form<Values> form={form} layout="vertical" initialValues={{ receivedOn: dayjs() }} onValuesChange={(changed) => { if ('customerId' in changed) setTyped({}); }}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="customerId" label={t('receipts.form.customer')} rules={[{ required: true, message: t('receipts.required') }]}>
                <CustomerSelect data-testid="receipt-customer" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="amount" label={t('receipts.form.amount')} rules={[{ required: true, message: t('receipts.required') }, { pattern: amountPattern, message: t('receipts.form.badAmount') }]}>
                <Input prefix={org.currency} inputMode="decimal" data-testid="receipt-amount" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="receivedOn" label={t('receipts.form.receivedOn')} rules={[{ required: true, message: t('receipts.required') }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}><Form.Item name="bankReference" label={t('receipts.bankReference')}><Input maxLength={100} data-testid="receipt-bank-reference" /></Form.Item></Col>
            <Col span={12}><Form.Item name="payerName" label={t('receipts.payerName')}><Input maxLength={120} /></Form.Item></Col>
          </Row>
        </Form>
        <Flex justify="space-between" align="center">
          <div>
            <Typography.Text strong>{t('receipts.form.contracts')}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('receipts.form.contractsHelp')}</Typography.Text>
          </div>
          <Button
            disabled={!amountMinor || !contracts.data?.length}
            onClick={() => setTyped(Object.fromEntries(Object.entries(fillOldestFirst(amountMinor ?? 0, contracts.data ?? [])).map(([id, minor]) => [id, fromMinor(minor, org.currency)])))}
            data-testid="receipt-fill"
          >
            {t('receipts.form.fill')}
          </Button>
        </Flex>
        {!customerId ? (
          <Empty description={t('receipts.form.pickCustomer')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Table<ContractSummary>
            rowKey="id"
            size="small"
            pagination={false}
            loading={contracts.isPending}
            dataSource={contracts.data ?? []}
            locale={{ emptyText: t('receipts.form.noContracts') }}
            data-testid="receipt-contracts"
            columns={[
              { title: t('receipts.form.contract'), dataIndex: 'traceCode', render: (code: string, row) => <Flex vertical><span>{code}</span><Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>{row.title}</Typography.Text></Flex> },
              { title: t('receipts.form.total'), dataIndex: 'totalMinor', align: 'right', render: (minor: number) => format.money(minor) },
              { title: t('receipts.form.outstanding'), key: 'outstanding', align: 'right', render: (_: unknown, row) => <span data-testid="receipt-outstanding">{format.money(outstanding(row))}</span> },
              { title: t('receipts.form.due'), dataIndex: 'dueOn', render: (day: string | null) => (day ? format.day(day) : '—') },
              {
                title: t('receipts.form.allocate'), key: 'allocate', width: 170, render: (_: unknown, row) => {
                  const minor = allocations[row.id];
                  const over = minor !== null && minor !== undefined && minor > outstanding(byId.get(row.id) ?? row);
                  return (
                    <Flex vertical>
                      <Input
                        size="small"
                        inputMode="decimal"
                        status={over || (typed[row.id] && minor === null) ? 'error' : undefined}
                        value={typed[row.id] ?? ''}
                        onChange={(event) => setTyped((current) => ({ ...current, [row.id]: event.target.value }))}
                        data-testid={`allocate-${row.traceCode}`}
                      />
                      {over && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('receipts.form.overContract')}</Typography.Text>}
                    </Flex>
                  );
                },
              },
            ]}
          />
        )}
        <Flex justify="flex-end" gap={8} align="baseline">
          <Typography.Text type="secondary">{t('receipts.form.rest')}</Typography.Text>
          <Typography.Title level={5} style={{ margin: 0 }} type={rest < 0 ? 'danger' : undefined} data-testid="receipt-rest">{format.money(rest)}</Typography.Title>
        </Flex>
        {rest < 0 && <Alert type="error" showIcon title={t('receipts.form.over', { amount: format.money(-rest) })} />}
        {rest > 0 && <Typography.Text type="secondary">{t('receipts.form.restNote')}</Typography.Text>}
      </Flex>
    </Drawer>
  );
}
