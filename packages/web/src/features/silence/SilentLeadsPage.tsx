/**
 * Silent leads at the desk (A5): the open silence alerts a person may see — a manager all of their teams', a rep
 * their own — filtered by rep, team, stage and age, the longest silent first; or the silences that ended and what
 * ended them. Live: raised and ended alerts arrive as change hints and the list reads itself again.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, Flex, InputNumber, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { openLeadStages, silentDays, type SilenceAlert } from '@closeloop/core';
import { usePeople, useTeams } from '../../api/directory';
import { useFormat } from '../../lib/use-format';
import { LoadError } from '../../lib/page-states';
import { reasonSeparator, reasonWords } from '../talk-tracks/reason-words';
import { useSilencePages, type SilenceFilters } from './api';

export default function SilentLeadsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const people = usePeople();
  const teams = useTeams();
  const [filters, setFilters] = useState<SilenceFilters>({ status: 'open' });
  const alerts = useSilencePages(filters);
  const rows = useMemo(() => alerts.data?.pages.flatMap((p) => p.items) ?? [], [alerts.data]);
  const set = (patch: Partial<SilenceFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const open = filters.status === 'open';
  const now = new Date();

  const columns: ColumnsType<SilenceAlert> = [
    {
      title: t('silence.page.lead'), key: 'lead', ellipsis: true,
      render: (_, a) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/leads/${a.leadId}`} data-testid="silence-lead-link">{a.lead.name}</Link>
          {a.lead.company && <div><Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{a.lead.company}</Typography.Text></div>}
        </div>
      ),
    },
    { title: t('silence.page.owner'), dataIndex: 'ownerName', width: 100, ellipsis: true },
    {
      title: t('silence.page.stage'), key: 'stage', width: 110,
      render: (_, a) => <Tooltip title={t('silence.page.limit', { hours: a.thresholdHours, stage: t(`vocab.stage.${a.stage}`) })}><Tag>{t(`vocab.stage.${a.lead.stage}`)}</Tag></Tooltip>,
    },
    {
      title: t('silence.page.silentSince'), key: 'silent', width: 120,
      render: (_, a) => (
        <Tooltip title={format.dateTime(a.silentSince)}>
          <Typography.Text type={open ? 'danger' : 'secondary'}>{t('silence.silentFor', { count: silentDays(a.silentSince, a.resolvedAt ? new Date(a.resolvedAt) : now) })}</Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: t('silence.page.lastActivity'), key: 'last', ellipsis: true,
      render: (_, a) => {
        const last = a.snapshot.lastActivities[0];
        if (!last) return <Typography.Text type="secondary">{t('silence.noActivity')}</Typography.Text>;
        return <Tooltip title={last.text}>{t('silence.lastActivity', { kind: t(`vocab.activityKind.${last.kind}`), when: format.date(last.occurredAt) })}</Tooltip>;
      },
    },
    {
      title: t('silence.page.nextAction'), key: 'next', ellipsis: true,
      render: (_, a) => {
        const next = a.snapshot.nextAction;
        return next ? t('silence.nextAction', { label: next.label ?? next.kind, when: next.dueAt ? format.date(next.dueAt) : '—' }) : <Typography.Text type="secondary">{t('silence.noNextAction')}</Typography.Text>;
      },
    },
    {
      title: t('silence.page.script'), key: 'script', ellipsis: true,
      render: (_, a) => {
        const script = a.snapshot.suggestion;
        if (!script) return <Typography.Text type="secondary">—</Typography.Text>;
        return <Tooltip title={t('silence.why', { reasons: reasonWords(script.reasons, t).join(reasonSeparator) })}>{script.title}</Tooltip>;
      },
    },
    open
      ? { title: t('silence.page.raisedAt'), dataIndex: 'raisedAt', width: 150, render: (at: string) => format.dateTime(at) }
      : {
          title: t('silence.page.resolution'), key: 'resolution', width: 150,
          render: (_, a) => (
            <Tooltip title={a.resolvedAt ? format.dateTime(a.resolvedAt) : undefined}>
              {a.resolution ? t(`silence.resolution.${a.resolution.kind}`) : '—'}
            </Tooltip>
          ),
        },
  ];

  return (
    <Card title={t('silence.page.title')} data-testid="silent-leads-page">
      <Typography.Paragraph type="secondary">{t('silence.page.intro')}</Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Segmented
          value={filters.status}
          onChange={(status) => set({ status: status as SilenceFilters['status'] })}
          options={(['open', 'resolved'] as const).map((s) => ({ value: s, label: t(`silence.page.status.${s}`) }))}
          data-testid="silence-status"
        />
        <Select
          allowClear showSearch optionFilterProp="label" placeholder={t('silence.page.owner')} style={{ width: 160 }}
          value={filters.ownerId} onChange={(ownerId?: string) => set({ ownerId })}
          options={people.people.filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.name }))}
          data-testid="silence-owner"
        />
        <Select
          allowClear showSearch optionFilterProp="label" placeholder={t('silence.page.team')} style={{ width: 160 }}
          value={filters.teamId} onChange={(teamId?: string) => set({ teamId })}
          options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          data-testid="silence-team"
        />
        <Select
          allowClear placeholder={t('silence.page.stage')} style={{ width: 140 }}
          value={filters.stage} onChange={(stage?: string) => set({ stage })}
          options={openLeadStages.map((stage) => ({ value: stage, label: t(`vocab.stage.${stage}`) }))}
        />
        <Space>
          <Typography.Text type="secondary">{t('silence.page.minDays')}</Typography.Text>
          <InputNumber
            min={0} max={365} style={{ width: 90 }} value={filters.minDays ?? null}
            onChange={(days) => set({ minDays: days ?? undefined })}
            suffix={t('silence.page.days')}
            data-testid="silence-min-days"
          />
        </Space>
      </Flex>
      {alerts.isError ? (
        <LoadError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : (
        <>
          <Table<SilenceAlert>
            rowKey="id"
            size="middle"
            loading={alerts.isPending}
            columns={columns}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(open ? 'silence.page.empty' : 'silence.page.emptyResolved')} /> }}
            onRow={() => ({ 'data-testid': 'silence-row' }) as React.HTMLAttributes<HTMLElement>}
          />
          {alerts.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 16 }}>
              <Button onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>{t('silence.page.loadMore')}</Button>
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}
