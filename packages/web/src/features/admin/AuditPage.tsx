/**
 * The audit log (B4), newest first: who changed what, when, field by field. Filter by record type, action, person
 * or record; a link such as /admin/audit?entityType=customer&entityId=… opens one record's history. Admins also
 * verify the chain and fetch its signed head here.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Card, Empty, Flex, Input, Select, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, type Page } from '../../api/client';
import { useSession, useSignedIn } from '../../api/session';
import { formatDateTime } from '../../lib/format';
import { usePeopleDirectory } from '../../api/directory';
import { AuditChanges } from './components/AuditChanges';
import { ChainIntegrity } from './components/ChainIntegrity';
import { CursorTable } from './components/CursorTable';
import { PageHeader } from './components/PageHeader';
import { useDebounced } from '../../lib/use-debounced';

interface AuditEntry {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorKind: 'user' | 'token' | 'system' | 'cli';
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

const filterKeys = ['entityType', 'action', 'actorId', 'entityId'] as const;
type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

const knownEntities = [
  'customer', 'contact', 'lead', 'activity', 'product', 'price_policy', 'user', 'team', 'region', 'api_token', 'robot', 'webhook',
  'webhook_delivery', 'notification', 'dead_letter', 'organisation', 'session', 'import', 'export',
];
const knownActions = [
  'create', 'update', 'archive', 'restore', 'merge', 'delete', 'permission_change', 'disable', 'enable', 'login', 'login_failed',
  'login_locked', 'logout', 'password_change', 'password_reset', 'unlock', 'revoke', 'rotate_secret', 'test', 'redeliver', 'retry',
  'import', 'export', 'notification_test', 'seed', 'welcome',
];
/** Long ids (UUIDs, ULIDs) shortened for the table; the full id is in the tooltip and the filter. */
const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);
const actionColour = (action: string) =>
  action === 'permission_change' || action.startsWith('password') || action === 'unlock' ? 'orange'
    : action === 'delete' || action === 'archive' || action === 'disable' || action.startsWith('login_') || action === 'revoke' ? 'red'
      : action === 'create' ? 'green' : 'blue';

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { is } = useSession();
  const people = usePeopleDirectory();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? undefined]).filter(([, v]) => v));
  const [entityIdText, setEntityIdText] = useState(filters.entityId ?? '');
  const entityId = useDebounced(entityIdText.trim());
  const query = { ...filters, entityId: entityId || undefined };
  const filtered = Object.values(query).some(Boolean);

  const setFilter = (key: (typeof filterKeys)[number], value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const showHistoryOf = (id: string) => {
    setEntityIdText(id);
    setFilter('entityId', id.trim() || undefined);
  };
  const resetFilters = () => {
    setEntityIdText('');
    setParams({}, { replace: true });
  };

  const list = useInfiniteQuery({
    queryKey: ['audit', 'list', query],
    queryFn: ({ pageParam, signal }) => api<Page<AuditEntry>>('/audit', { query: { ...query, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const sortedPeople = useMemo(() => [...(people.data?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')), [people.data]);

  const entityLabel = (type: string) => t(`admin.audit.entities.${type}`, { defaultValue: type });
  const actionLabel = (action: string) => t(`admin.audit.actions.${action}`, { defaultValue: action });
  const columns: ColumnsType<AuditEntry> = [
    { title: '#', dataIndex: 'seq', width: 80, render: (seq: number) => <Typography.Text type="secondary">{seq}</Typography.Text> },
    { title: t('admin.audit.at'), dataIndex: 'at', width: 180, render: (iso: string) => formatDateTime(iso, session.org.timeZone, i18n.language) },
    {
      title: t('admin.audit.actor'), key: 'actor', width: 170,
      render: (_, entry) => {
        const name = entry.actorId ? (people.data?.get(entry.actorId)?.name ?? entry.actorId) : null;
        return (
          <span>
            {name ?? <Typography.Text type="secondary">{t(`admin.audit.actorKinds.${entry.actorKind}`)}</Typography.Text>}
            {name && entry.actorKind !== 'user' && <Tag style={{ marginInlineStart: 6 }}>{t(`admin.audit.actorKinds.${entry.actorKind}`)}</Tag>}
          </span>
        );
      },
    },
    { title: t('admin.audit.action'), dataIndex: 'action', width: 150, render: (action: string) => <Tag color={actionColour(action)}>{actionLabel(action)}</Tag> },
    {
      title: t('admin.audit.entity'), key: 'entity',
      render: (_, entry) => (
        <span>
          {entityLabel(entry.entityType)}
          {entry.entityId && (
            <Tooltip title={`${t('admin.audit.historyOf')}: ${entry.entityId}`}>
              <Typography.Link style={{ marginInlineStart: 8, fontSize: 12 }} onClick={() => showHistoryOf(entry.entityId ?? '')} data-testid="audit-entity-link">
                {(entry.entityType === 'user' && people.data?.get(entry.entityId)?.name) || shortId(entry.entityId)}
              </Typography.Link>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: t('admin.audit.changed'), key: 'changed', width: 260,
      render: (_, entry) => {
        const keys = [...new Set([...Object.keys((entry.after as object | null) ?? {}), ...Object.keys((entry.before as object | null) ?? {})])];
        return <Typography.Text type="secondary" ellipsis={{ tooltip: true }} style={{ maxWidth: 240 }}>{keys.join(', ') || '—'}</Typography.Text>;
      },
    },
  ];

  return (
    <>
      <PageHeader title={t('admin.audit.title')} description={t('admin.audit.description')} />
      {is('admin') && <ChainIntegrity />}
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <AutoComplete
            allowClear
            value={filters.entityType ?? ''}
            onChange={(value: string) => setFilter('entityType', value?.trim() || undefined)}
            options={knownEntities.map((value) => ({ value, label: entityLabel(value) }))}
            showSearch={{ filterOption: (input, option) => `${option?.value} ${option?.label}`.toLowerCase().includes(input.toLowerCase()) }}
            placeholder={t('admin.audit.anyEntity')}
            style={{ width: 180 }}
            data-testid="filter-entity-type"
          />
          <AutoComplete
            allowClear
            value={filters.action ?? ''}
            onChange={(value: string) => setFilter('action', value?.trim() || undefined)}
            options={knownActions.map((value) => ({ value, label: actionLabel(value) }))}
            showSearch={{ filterOption: (input, option) => `${option?.value} ${option?.label}`.toLowerCase().includes(input.toLowerCase()) }}
            placeholder={t('admin.audit.anyAction')}
            style={{ width: 180 }}
            data-testid="filter-action"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.actorId}
            onChange={(value: string | undefined) => setFilter('actorId', value)}
            options={sortedPeople.map((person) => ({ value: person.id, label: person.name }))}
            loading={people.isPending}
            placeholder={t('admin.audit.anyActor')}
            style={{ width: 180 }}
            data-testid="filter-actor"
          />
          <Input
            allowClear
            value={entityIdText}
            onChange={(e) => showHistoryOf(e.target.value)}
            placeholder={t('admin.audit.entityId')}
            style={{ width: 260 }}
            data-testid="list-search"
          />
          {filtered && <Button onClick={resetFilters} data-testid="filter-reset">{t('common.reset')}</Button>}
        </Flex>
        <CursorTable<AuditEntry>
          list={list}
          columns={columns}
          scroll={{ x: 1100 }}
          expandable={{
            expandedRowRender: (entry) => (
              <>
                <AuditChanges before={entry.before} after={entry.after} />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                  {t('admin.audit.hash')}: <Typography.Text code copyable style={{ fontSize: 12 }}>{entry.hash}</Typography.Text>
                </Typography.Paragraph>
              </>
            ),
          }}
          locale={{
            emptyText: (
              <Empty description={filtered ? t('admin.audit.noMatch') : t('admin.audit.empty')} data-testid="empty-state">
                {filtered && <Button onClick={resetFilters}>{t('common.reset')}</Button>}
              </Empty>
            ),
          }}
        />
      </Card>
    </>
  );
}
