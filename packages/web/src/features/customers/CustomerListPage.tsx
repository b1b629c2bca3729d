/** Customers at the desk: search, filter, sort, save views, export, and act on many at once. */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import { industries, type Customer } from '@closeloop/core';
import { usePeople, useRegions } from '../../api/directory';
import { RegionSelect } from '../records/pickers';
import { RecordListPage } from '../records/RecordListPage';
import type { FilterDef } from '../records/FilterBar';
import type { RecordColumn } from '../records/RecordTable';
import { useFormat } from '../../lib/use-format';
import { useCreateParam, useListQuery } from '../records/useListQuery';
import { vocabOptions } from '../records/vocab';
import { CustomerDrawer } from './CustomerDrawer';

export default function CustomerListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const people = usePeople();
  const regions = useRegions();
  const state = useListQuery('customers');
  const [creating, setCreating] = useCreateParam();

  // Kept between renders, so a sort or filter change re-renders the rows, not the whole frame.
  const columns = useMemo((): Array<RecordColumn<Customer>> => [
    {
      key: 'name', sortKey: 'name', title: t('customers.fields.name'), fixed: 'left',
      render: (_, customer) => (
        <>
          <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
          {customer.status === 'archived' && <Tag style={{ marginInlineStart: 8 }}>{t('vocab.status.archived')}</Tag>}
        </>
      ),
    },
    { key: 'industry', title: t('customers.fields.industry'), render: (_, customer) => t(`vocab.industry.${customer.industry}`) },
    {
      key: 'place', title: t('customers.list.place'),
      // The region is often the city itself (上海 · 上海): say it once.
      render: (_, customer) => [...new Set([customer.regionId && regions.byId.get(customer.regionId)?.name, customer.city].filter(Boolean))].join(' · '),
    },
    { key: 'size', title: t('customers.fields.size'), render: (_, customer) => t(`vocab.companySize.${customer.size}`) },
    {
      key: 'creditLimit', title: t('customers.fields.creditLimit'), align: 'right',
      render: (_, customer) => (customer.creditLimit ? format.money(customer.creditLimit.minor, customer.creditLimit.currency) : ''),
    },
    { key: 'owner', title: t('customers.fields.owner'), render: (_, customer) => people.byId.get(customer.ownerId)?.name ?? '' },
    { key: 'tags', title: t('customers.fields.tags'), render: (_, customer) => customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
    { key: 'updatedAt', sortKey: 'updatedAt', title: t('records.fields.updatedAt'), render: (_, customer) => format.dateTime(customer.updatedAt) },
    { key: 'createdAt', sortKey: 'createdAt', title: t('records.fields.createdAt'), render: (_, customer) => format.date(customer.createdAt) },
  ], [t, format, people.byId, regions.byId]);

  const filters = useMemo((): FilterDef[] => [
    { key: 'industry', placeholder: t('customers.fields.industry'), options: vocabOptions(t, 'industry', industries) },
    {
      key: 'regionId', placeholder: t('customers.fields.region'),
      render: (value, onChange) => <RegionSelect allowClear value={value} onChange={onChange} style={{ width: 140 }} popupMatchSelectWidth={false} />,
    },
    { key: 'city', placeholder: t('customers.fields.city'), text: true, width: 110 },
    { key: 'tag', placeholder: t('customers.list.tag'), text: true, width: 110 },
  ], [t]);

  return (
    <>
      <RecordListPage<Customer>
        kind="customers"
        state={state}
        title={t('customers.list.title')}
        searchPlaceholder={t('customers.list.search')}
        filters={filters}
        columns={columns}
        labelOf={(customer) => customer.name}
        onOpen={(customer) => navigate(`/customers/${customer.id}`)}
        reassign
        create={{ label: t('customers.list.create'), onClick: () => setCreating(true) }}
        emptyText={t('customers.list.empty')}
      />
      <CustomerDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
