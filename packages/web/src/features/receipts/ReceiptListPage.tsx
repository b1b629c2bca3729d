/**
 * Payment receipts (B3, finance): money received from customers, each matched to one or several of the customer's
 * contracts, confirmed (which moves the contracts on and tells the commission engine), refunded or voided with a
 * reason. Readers without payments.manage see the receipts of their customers without the buttons.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, Flex, Input, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { receiptStatuses, type Receipt } from '@closeloop/core';
import { useSession } from '../../api/session';
import { statusColour } from '../../lib/documents';
import { LoadError } from '../../lib/page-states';
import { useDebounced } from '../../lib/use-debounced';
import { useFormat } from '../../lib/use-format';
import { CustomerSelect } from '../records/pickers';
import { useReceipt, useReceipts } from './api/receipts';
import { ReceiptActions } from './components/ReceiptActions';
import { RegisterReceiptDrawer } from './components/RegisterReceiptDrawer';

function Allocations({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (receipt.allocations.length === 0) return <Typography.Text type="secondary">{t('receipts.noAllocations')}</Typography.Text>;
  return (
    <Flex vertical gap={4} data-testid="receipt-allocations">
      {receipt.allocations.map((allocation) => (
        <Flex key={allocation.contractId} gap={12}>
          <Link to={`/contracts/${allocation.contractId}`}>{allocation.contractTraceCode}</Link>
          <Typography.Text type="secondary">{allocation.contractTitle}</Typography.Text>
          <Typography.Text>{format.money(allocation.amountMinor)}</Typography.Text>
          {allocation.refundedMinor > 0 && <Typography.Text type="warning" data-testid="allocation-refunded">{t('receipts.refundedPart', { amount: format.money(allocation.refundedMinor) })}</Typography.Text>}
        </Flex>
      ))}
      {receipt.note && <Typography.Text type="secondary">{receipt.note}</Typography.Text>}
    </Flex>
  );
}

export default function ReceiptListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [registering, setRegistering] = useState(false);
  const q = useDebounced(search.trim(), 300);
  const status = params.get('status') ?? undefined;
  const customerId = params.get('customer') ?? undefined;
  const opened = params.get('open');
  const list = useReceipts({ status, customerId, q: q || undefined });
  const one = useReceipt(opened);
  const manager = can('payments.manage');
  const set = (key: string, value: string | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    }, { replace: true });

  const columns = [
    { title: t('receipts.traceCode'), dataIndex: 'traceCode', width: 160 },
    { title: t('receipts.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={statusColour(s)}>{t(`documents.status.receipt.${s}`)}</Tag> },
    { title: t('receipts.amount'), dataIndex: 'amountMinor', align: 'right' as const, width: 150, render: (minor: number) => format.money(minor) },
    { title: t('receipts.allocated'), dataIndex: 'allocatedMinor', align: 'right' as const, width: 150, render: (minor: number) => format.money(minor) },
    { title: t('receipts.refundedColumn'), dataIndex: 'refundedMinor', align: 'right' as const, width: 130, render: (minor: number) => (minor > 0 ? format.money(minor) : '—') },
    { title: t('receipts.receivedOn'), dataIndex: 'receivedOn', width: 140, render: (day: string) => format.day(day) },
    { title: t('receipts.payerName'), dataIndex: 'payerName', width: 200, ellipsis: true, render: (text: string | null) => text ?? '—' },
    { title: t('receipts.bankReference'), dataIndex: 'bankReference', width: 180, ellipsis: true, render: (text: string | null) => text ?? '—' },
    { title: t('receipts.confirmedOn'), dataIndex: 'confirmedOn', width: 140, render: (day: string | null) => (day ? format.day(day) : '—') },
    ...(manager ? [{ title: t('common.actions'), key: 'actions', width: 240, render: (_: unknown, row: Receipt) => <ReceiptActions receipt={row} /> }] : []),
  ];
  const filtered = !!(status || customerId || q);

  return (
    <Flex vertical gap={16} data-testid="receipts-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('receipts.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('receipts.description')}</Typography.Text>
        </div>
        {manager && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="receipt-register">{t('receipts.register')}</Button>}
      </Flex>
      {opened && one.data && (
        <Card size="small" title={`${one.data.traceCode} · ${format.money(one.data.amountMinor)}`} extra={<Button type="text" onClick={() => set('open', undefined)}>{t('common.close')}</Button>} data-testid="receipt-opened">
          <Flex justify="space-between" gap={16} wrap>
            <Allocations receipt={one.data} />
            {manager && <ReceiptActions receipt={one.data} />}
          </Flex>
        </Card>
      )}
      <Card size="small">
        <Flex gap={8} wrap>
          <Input.Search allowClear style={{ width: 280 }} placeholder={t('receipts.search')} value={search} onChange={(event) => setSearch(event.target.value)} />
          <Select allowClear style={{ width: 160 }} placeholder={t('receipts.allStatuses')} value={status} onChange={(value?: string) => set('status', value)}
            options={receiptStatuses.map((s) => ({ value: s, label: t(`documents.status.receipt.${s}`) }))} />
          <CustomerSelect allowClear style={{ width: 240 }} value={customerId} onChange={(value?: string) => set('customer', value)} />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <div style={{ padding: 24 }} data-testid="page-loading"><Skeleton active paragraph={{ rows: 8 }} /></div>
        ) : list.items.length === 0 ? (
          <Empty style={{ padding: 48 }} description={filtered ? t('receipts.emptyFiltered') : t('receipts.empty')} data-testid="empty-state" />
        ) : (
          <>
            <Table<Receipt>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={list.items}
              pagination={false}
              scroll={{ x: 1430 }}
              expandable={{ expandedRowRender: (row) => <Allocations receipt={row} />, defaultExpandedRowKeys: opened ? [opened] : [] }}
              data-testid="receipts-table"
            />
            {list.hasNextPage && (
              <Flex justify="center" style={{ padding: 12 }}><Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('receipts.more')}</Button></Flex>
            )}
          </>
        )}
      </Card>
      <RegisterReceiptDrawer open={registering} onClose={() => setRegistering(false)} />
    </Flex>
  );
}
