/**
 * Re-matching a registered receipt to its customer's contracts (B3) before it is confirmed: each open contract with
 * what it still owes and this receipt's share of it, the rest not yet allocated kept in view. Amounts over what a
 * contract owes, or over the receipt, are flagged as typed; what only the server can know (a contract voided or paid
 * meanwhile, another customer's, another currency) comes back on the contract's row. Saved with the version read.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Drawer, Flex, Input, Space, Table, Typography } from 'antd';
import type { Receipt } from '@closeloop/core';
import { ApiError } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { useFormat } from '../../../lib/use-format';
import { fromMinor, toMinor } from '../../records/money';
import { usePayableContracts, useUpdateReceipt } from '../api/receipts';
import { allocationList, outstanding, unallocated } from '../hooks/allocation';

interface Row {
  id: string;
  traceCode: string;
  title: string;
  totalMinor: number | null;
  /** What the contract still owes; null when it is no longer open for payment (the server says why on save). */
  owesMinor: number | null;
}

export function EditAllocationsDrawer({ receipt, open, onClose }: { receipt: Receipt; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { message } = App.useApp();
  const contracts = usePayableContracts(open ? receipt.customerId : undefined);
  const update = useUpdateReceipt();
  const initial = () => Object.fromEntries(receipt.allocations.map((a) => [a.contractId, fromMinor(a.amountMinor, org.currency)]));
  const [typed, setTyped] = useState<Record<string, string>>(initial);
  const allocations = useMemo(() => Object.fromEntries(Object.entries(typed).map(([id, text]) => [id, text.trim() ? toMinor(text, org.currency) : null])), [typed, org.currency]);
  const rest = unallocated(receipt.amountMinor, allocations);

  // The customer's open contracts, plus any the receipt names that are no longer open (kept so they can be cleared).
  const rows: Row[] = useMemo(() => {
    const open = (contracts.data ?? []).map((c) => ({ id: c.id, traceCode: c.traceCode, title: c.title, totalMinor: c.totalMinor, owesMinor: outstanding(c) }));
    const known = new Set(open.map((c) => c.id));
    const gone = receipt.allocations.filter((a) => !known.has(a.contractId)).map((a) => ({ id: a.contractId, traceCode: a.contractTraceCode, title: a.contractTitle, totalMinor: null, owesMinor: null }));
    return [...gone, ...open];
  }, [contracts.data, receipt.allocations]);

  // The server's field errors name a line of the list it was sent; shown on that contract's row.
  const [sent, setSent] = useState<Array<{ contractId: string }>>([]);
  const rowErrors = new Map<string, string>();
  if (update.error instanceof ApiError) {
    for (const [field, text] of Object.entries(update.error.fields)) {
      const index = /^body\.allocations\.(\d+)\./.exec(field)?.[1];
      const contractId = index !== undefined ? sent[Number(index)]?.contractId : undefined;
      if (contractId) rowErrors.set(contractId, text);
    }
  }
  const badTyped = Object.entries(typed).some(([id, text]) => text.trim() !== '' && allocations[id] === null);

  const close = () => {
    setTyped(initial());
    update.reset();
    onClose();
  };
  const save = async () => {
    const list = allocationList(allocations);
    setSent(list);
    try {
      const after = await update.mutateAsync({ id: receipt.id, patch: { version: receipt.version, allocations: list } });
      void message.success(t('receipts.editForm.saved', { code: after.traceCode }));
      close();
    } catch {
      // shown in the drawer
    }
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      size={720}
      title={t('receipts.editForm.title', { code: receipt.traceCode, amount: format.money(receipt.amountMinor) })}
      destroyOnHidden
      data-testid="allocations-drawer"
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} loading={update.isPending} disabled={rest < 0 || badTyped} data-testid="allocations-save">{t('common.save')}</Button>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        {update.error && <Alert type="error" showIcon title={errorText(update.error, t)} data-testid="allocations-error" />}
        <Typography.Text type="secondary">{t('receipts.editForm.help')}</Typography.Text>
        <Table<Row>
          rowKey="id"
          size="small"
          pagination={false}
          loading={contracts.isPending}
          dataSource={rows}
          locale={{ emptyText: t('receipts.form.noContracts') }}
          data-testid="allocations-contracts"
          columns={[
            { title: t('receipts.form.contract'), dataIndex: 'traceCode', render: (code: string, row) => <Flex vertical><span>{code}</span><Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>{row.title}</Typography.Text></Flex> },
            { title: t('receipts.form.total'), dataIndex: 'totalMinor', align: 'right', render: (minor: number | null) => (minor === null ? '—' : format.money(minor)) },
            { title: t('receipts.form.outstanding'), dataIndex: 'owesMinor', align: 'right', render: (minor: number | null) => (minor === null ? t('receipts.editForm.notOpen') : format.money(minor)) },
            {
              title: t('receipts.form.allocate'), key: 'allocate', width: 200, render: (_: unknown, row) => {
                const minor = allocations[row.id];
                const over = typeof minor === 'number' && row.owesMinor !== null && minor > row.owesMinor;
                const problem = rowErrors.get(row.id);
                return (
                  <Flex vertical>
                    <Input size="small" inputMode="decimal" value={typed[row.id] ?? ''} status={over || problem || (typed[row.id]?.trim() && minor === null) ? 'error' : undefined}
                      onChange={(event) => setTyped((current) => ({ ...current, [row.id]: event.target.value }))} data-testid={`reallocate-${row.traceCode}`} />
                    {over && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('receipts.form.overContract')}</Typography.Text>}
                    {problem && <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`reallocate-error-${row.traceCode}`}>{problem}</Typography.Text>}
                  </Flex>
                );
              },
            },
          ]}
        />
        <Flex justify="flex-end" gap={8} align="baseline">
          <Typography.Text type="secondary">{t('receipts.form.rest')}</Typography.Text>
          <Typography.Title level={5} style={{ margin: 0 }} type={rest < 0 ? 'danger' : undefined} data-testid="reallocate-rest">{format.money(rest)}</Typography.Title>
        </Flex>
        {rest < 0 && <Alert type="error" showIcon title={t('receipts.form.over', { amount: format.money(-rest) })} data-testid="reallocate-over" />}
        {rest > 0 && <Typography.Text type="secondary">{t('receipts.form.restNote')}</Typography.Text>}
      </Flex>
    </Drawer>
  );
}
