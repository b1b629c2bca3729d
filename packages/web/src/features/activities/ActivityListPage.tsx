/**
 * Every call, visit, meeting and note in the person's scope, newest first. Activities are logged on their lead or
 * customer; a row opens that record.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Tag, Typography } from 'antd';
import { activityKinds, type Activity } from '@closeloop/core';
import { usePeople } from '../../api/directory';
import { CustomerSelect } from '../records/pickers';
import { RecordLink } from '../records/RecordLink';
import { RecordListPage } from '../records/RecordListPage';
import type { FilterDef } from '../records/FilterBar';
import type { RecordColumn } from '../records/RecordTable';
import { useFormat } from '../../lib/use-format';
import { useListQuery } from '../records/useListQuery';
import { vocabOptions } from '../records/vocab';

const kindColors: Record<string, string> = { call: 'blue', visit: 'green', meeting: 'purple', note: 'default' };

export default function ActivityListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { byId } = usePeople();
  const state = useListQuery('activities');

  const columns = useMemo((): Array<RecordColumn<Activity>> => [
    { key: 'occurredAt', sortKey: 'occurredAt', title: t('activities.fields.occurredAt'), fixed: 'left', render: (_, activity) => format.dateTime(activity.occurredAt) },
    {
      key: 'kind', title: t('activities.fields.kind'),
      render: (_, activity) => (
        <>
          <Tag color={kindColors[activity.kind]}>{t(`vocab.activityKind.${activity.kind}`)}</Tag>
          {activity.status === 'archived' && <Tag>{t('vocab.status.archived')}</Tag>}
        </>
      ),
    },
    {
      key: 'about', title: t('activities.fields.about'),
      render: (_, activity) => (activity.leadId ? <RecordLink kind="leads" id={activity.leadId} /> : <RecordLink kind="customers" id={activity.customerId} />),
    },
    {
      key: 'text', title: t('activities.fields.text'), width: 320,
      render: (_, activity) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, maxWidth: 320 }}>{activity.text}</Typography.Paragraph>,
    },
    {
      key: 'duration', title: t('activities.fields.duration'), align: 'right',
      render: (_, activity) => (activity.durationMinutes === null ? '' : t('records.timeline.minutes', { count: activity.durationMinutes })),
    },
    { key: 'owner', title: t('activities.fields.owner'), render: (_, activity) => byId.get(activity.ownerId)?.name ?? '' },
    { key: 'createdAt', sortKey: 'createdAt', title: t('activities.fields.loggedAt'), render: (_, activity) => format.dateTime(activity.createdAt) },
  ], [t, format, byId]);

  const filters = useMemo((): FilterDef[] => [
    { key: 'kind', placeholder: t('activities.fields.kind'), options: vocabOptions(t, 'activityKind', activityKinds) },
    {
      key: 'customerId', placeholder: t('activities.fields.customer'),
      render: (value, onChange) => <CustomerSelect allowClear value={value} onChange={onChange} style={{ width: 200 }} popupMatchSelectWidth={false} />,
    },
  ], [t]);

  const lead = state.query.leadId;
  return (
    <RecordListPage<Activity>
      kind="activities"
      state={state}
      title={t('activities.list.title')}
      searchPlaceholder={t('activities.list.search')}
      notice={
        lead && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={<>{t('activities.list.ofLead')} <RecordLink kind="leads" id={lead} /></>}
            closable={{ onClose: () => state.update({ leadId: undefined }) }}
            data-testid="lead-filter"
          />
        )
      }
      filters={filters}
      columns={columns}
      labelOf={(activity) => `${t(`vocab.activityKind.${activity.kind}`)} · ${format.dateTime(activity.occurredAt)}`}
      onOpen={(activity) => navigate(activity.leadId ? `/leads/${activity.leadId}` : `/customers/${activity.customerId}`)}
      reassign={false}
      emptyText={t('activities.list.empty')}
      emptyAction={
        <Link to="/leads">
          <Button type="primary" data-testid="empty-go-leads">{t('activities.list.goToLeads')}</Button>
        </Link>
      }
    />
  );
}
