/**
 * The contract list (B1): a rep sees their own, a manager their teams', finance and admins the company's — the server
 * scopes every read. Filters, sort and the quick views live in the address, so a filtered list can be shared or
 * reloaded; typing a whole trace code (HT-2026-000123) and pressing Enter opens that document wherever it lives.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Empty, Flex, Input, Segmented, Select, Skeleton, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { contractStatuses, parseTraceCode } from '@closeloop/core';
import { ApiError } from '../../api/client';
import { usePeopleDirectory } from '../../api/directory';
import { useSession, useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { LoadError } from '../../lib/page-states';
import { useDebounced } from '../../lib/use-debounced';
import { useFormat } from '../../lib/use-format';
import { CustomerSelect, PersonSelect } from '../records/pickers';
import { traceTarget, useContracts, type ContractFilter } from './api/contracts';
import type { ContractSummary } from '@closeloop/core';
import { StatusTag } from './components/StatusTag';

/** Quick views: each is a set of filters, chosen in one click (cheaper than saved views, and the same for everyone). */
const views = {
  all: {},
  mine: { mine: '1' },
  drafts: { status: 'draft' },
  inApproval: { status: 'in_approval' },
  unpaid: { status: 'partially_paid' },
} as const;
type View = keyof typeof views;
const viewLabels: Record<View, string> = { all: 'viewAll', mine: 'viewMine', drafts: 'viewDrafts', inApproval: 'viewInApproval', unpaid: 'viewUnpaid' };
const sorts = [['createdAt:desc', 'sortNewest'], ['updatedAt:desc', 'sortUpdated'], ['totalMinor:desc', 'sortTotal'], ['signedOn:desc', 'sortSigned']] as const;

export default function ContractListPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSignedIn();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const people = usePeopleDirectory();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const set = (changes: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });

  const mine = params.get('mine') === '1';
  const filter: ContractFilter = useMemo(
    () => ({
      status: params.get('status') ?? undefined,
      ownerId: mine ? user.id : (params.get('owner') ?? undefined),
      customerId: params.get('customer') ?? undefined,
      q: q || undefined,
      sort: params.get('sort') ?? 'createdAt:desc',
    }),
    [params, q, mine, user.id],
  );
  const list = useContracts(filter);
  const view = (Object.keys(views) as View[]).find((key) => {
    const preset: Record<string, string> = views[key];
    return ['status', 'mine'].every((name) => (preset[name] ?? null) === params.get(name));
  });
  const filtered = !!(filter.status || filter.ownerId || filter.customerId || filter.q);

  const jump = async () => {
    if (!parseTraceCode(search)) return;
    try {
      void navigate(await traceTarget(search));
    } catch (error) {
      void message.error(error instanceof ApiError && error.status === 404 ? t('documents.traceNotFound', { code: search.trim().toUpperCase() }) : errorText(error, t));
    }
  };

  const columns = [
    {
      title: t('contracts.list.traceCode'), dataIndex: 'traceCode', width: 170,
      render: (code: string, row: ContractSummary) => <Link to={`/contracts/${row.id}`} data-testid="contract-link">{code}</Link>,
    },
    { title: t('contracts.list.titleColumn'), dataIndex: 'title', ellipsis: true },
    { title: t('contracts.list.customer'), dataIndex: 'customerName', ellipsis: true, render: (name: string, row: ContractSummary) => <Link to={`/customers/${row.customerId}`}>{name}</Link> },
    ...(user.role === 'rep' ? [] : [{ title: t('contracts.list.owner'), dataIndex: 'ownerId', width: 110, render: (ownerId: string) => people.data?.get(ownerId)?.name ?? '—' }]),
    { title: t('contracts.list.status'), dataIndex: 'status', width: 110, render: (status: string) => <StatusTag status={status} /> },
    { title: t('contracts.list.total'), dataIndex: 'totalMinor', align: 'right' as const, width: 150, render: (minor: number) => format.money(minor) },
    { title: t('contracts.list.paid'), dataIndex: 'paidMinor', align: 'right' as const, width: 150, render: (minor: number) => format.money(minor) },
    { title: t('contracts.list.signedOn'), dataIndex: 'signedOn', width: 120, render: (day: string | null) => (day ? format.day(day) : '—') },
    { title: t('contracts.list.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (iso: string) => format.dateTime(iso) },
  ];

  return (
    <Flex vertical gap={16} data-testid="contract-list">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('contracts.list.title')}</Typography.Title>
          <Typography.Text type="secondary">{user.role === 'rep' ? t('contracts.list.descriptionRep') : t('contracts.list.description')}</Typography.Text>
        </div>
        {can('documents.write') && (
          <Link to="/contracts/new"><Button type="primary" icon={<PlusOutlined />} data-testid="contract-new">{t('contracts.list.new')}</Button></Link>
        )}
      </Flex>
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Segmented<View | 'custom'>
            value={view ?? 'custom'}
            options={(Object.keys(views) as View[]).map((key) => ({ value: key, label: t(`contracts.list.${viewLabels[key]}`) }))}
            onChange={(key) => key !== 'custom' && set({ status: undefined, mine: undefined, ...views[key] })}
            data-testid="contract-views"
          />
          <Input.Search
            allowClear
            style={{ width: 260 }}
            placeholder={t('contracts.list.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={() => void jump()}
            enterButton={parseTraceCode(search) ? t('contracts.list.traceJump') : undefined}
            data-testid="contract-search"
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('contracts.list.allStatuses')}
            aria-label={t('contracts.list.status')}
            value={filter.status && !filter.status.includes(',') ? filter.status : undefined}
            options={contractStatuses.map((status) => ({ value: status, label: t(`documents.status.contract.${status}`) }))}
            onChange={(status?: string) => set({ status })}
            data-testid="contract-status-filter"
          />
          {user.role !== 'rep' && (
            <PersonSelect allowClear style={{ width: 160 }} aria-label={t('contracts.list.owner')} value={mine ? undefined : filter.ownerId} onChange={(owner?: string) => set({ owner, mine: undefined })} />
          )}
          <CustomerSelect allowClear style={{ width: 220 }} aria-label={t('contracts.list.customer')} value={filter.customerId} onChange={(customer?: string) => set({ customer })} />
          <Select
            style={{ width: 150 }}
            aria-label={t('contracts.list.sort')}
            value={filter.sort}
            options={sorts.map(([value, label]) => ({ value, label: t(`contracts.list.${label}`) }))}
            onChange={(sort: string) => set({ sort })}
          />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <div style={{ padding: 24 }} data-testid="page-loading"><Skeleton active paragraph={{ rows: 8 }} /></div>
        ) : list.items.length === 0 ? (
          <Empty style={{ padding: 48 }} description={filtered ? t('contracts.list.emptyFiltered') : t('contracts.list.empty')} data-testid="empty-state">
            {filtered ? (
              <Button onClick={() => { setSearch(''); set({ status: undefined, owner: undefined, customer: undefined, mine: undefined }); }}>{t('contracts.list.clearFilters')}</Button>
            ) : can('documents.write') && (
              <Link to="/contracts/new"><Button type="primary">{t('contracts.list.new')}</Button></Link>
            )}
          </Empty>
        ) : (
          <>
            <Table<ContractSummary> rowKey="id" size="middle" columns={columns} dataSource={list.items} pagination={false} loading={list.isFetching && !list.isFetchingNextPage} data-testid="contract-table" />
            {list.hasNextPage && (
              <Flex justify="center" style={{ padding: 12 }}>
                <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('contracts.list.more')}</Button>
              </Flex>
            )}
          </>
        )}
      </Card>
    </Flex>
  );
}
