/** Leads at the desk: search, filter, sort, save views, export, and act on many at once. */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Tag, Typography } from 'antd';
import { industries, leadSources, leadStages, type Lead } from '@closeloop/core';
import { usePeople } from '../../api/directory';
import { CustomerSelect, RegionSelect } from '../records/pickers';
import { RecordListPage } from '../records/RecordListPage';
import type { FilterDef } from '../records/FilterBar';
import type { RecordColumn } from '../records/RecordTable';
import { useFormat } from '../../lib/use-format';
import { useCreateParam, useListQuery } from '../records/useListQuery';
import { stageColors, vocabOptions } from '../records/vocab';
import { LeadDrawer } from './LeadDrawer';

export default function LeadListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { byId } = usePeople();
  const state = useListQuery('leads');
  const [creating, setCreating] = useCreateParam();

  // Kept between renders, so a sort or filter change re-renders the rows, not the whole frame.
  const columns = useMemo((): Array<RecordColumn<Lead>> => [
    {
      key: 'name', sortKey: 'name', title: t('leads.fields.name'), fixed: 'left',
      render: (_, lead) => (
        <>
          <Link to={`/leads/${lead.id}`}>{lead.name}</Link>
          {lead.status === 'archived' && <Tag style={{ marginInlineStart: 8 }}>{t('vocab.status.archived')}</Tag>}
        </>
      ),
    },
    { key: 'company', title: t('leads.fields.company'), render: (_, lead) => lead.company ?? <Typography.Text type="secondary">—</Typography.Text> },
    { key: 'stage', title: t('leads.fields.stage'), render: (_, lead) => <Tag color={stageColors[lead.stage]}>{t(`vocab.stage.${lead.stage}`)}</Tag> },
    { key: 'source', title: t('leads.fields.source'), render: (_, lead) => t(`vocab.source.${lead.source}`) },
    { key: 'city', title: t('leads.fields.city'), render: (_, lead) => lead.city ?? '' },
    { key: 'owner', title: t('leads.fields.owner'), render: (_, lead) => byId.get(lead.ownerId)?.name ?? '' },
    { key: 'lastActivityAt', sortKey: 'lastActivityAt', title: t('leads.fields.lastActivityAt'), render: (_, lead) => format.dateTime(lead.lastActivityAt) },
    { key: 'updatedAt', sortKey: 'updatedAt', title: t('records.fields.updatedAt'), render: (_, lead) => format.dateTime(lead.updatedAt) },
    { key: 'createdAt', sortKey: 'createdAt', title: t('records.fields.createdAt'), render: (_, lead) => format.date(lead.createdAt) },
  ], [t, format, byId]);

  const filters = useMemo((): FilterDef[] => [
    { key: 'stage', placeholder: t('leads.fields.stage'), options: vocabOptions(t, 'stage', leadStages) },
    { key: 'source', placeholder: t('leads.fields.source'), options: vocabOptions(t, 'source', leadSources) },
    { key: 'industry', placeholder: t('leads.fields.industry'), options: vocabOptions(t, 'industry', industries) },
    {
      key: 'regionId', placeholder: t('leads.fields.region'),
      render: (value, onChange) => <RegionSelect allowClear value={value} onChange={onChange} style={{ width: 140 }} popupMatchSelectWidth={false} />,
    },
    { key: 'city', placeholder: t('leads.fields.city'), text: true, width: 110 },
    {
      key: 'customerId', placeholder: t('leads.fields.customer'),
      render: (value, onChange) => <CustomerSelect allowClear value={value} onChange={onChange} style={{ width: 180 }} popupMatchSelectWidth={false} />,
    },
  ], [t]);

  return (
    <>
      <RecordListPage<Lead>
        kind="leads"
        state={state}
        title={t('leads.list.title')}
        searchPlaceholder={t('leads.list.search')}
        filters={filters}
        columns={columns}
        labelOf={(lead) => (lead.company ? `${lead.name} · ${lead.company}` : lead.name)}
        onOpen={(lead) => navigate(`/leads/${lead.id}`)}
        reassign
        create={{ label: t('leads.list.create'), onClick: () => setCreating(true) }}
        emptyText={t('leads.list.empty')}
      />
      <LeadDrawer open={creating} customerId={state.query.customerId} onClose={() => setCreating(false)} />
    </>
  );
}
