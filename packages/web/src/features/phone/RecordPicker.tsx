/** Pick the lead or customer an activity is about: search as you type, the most recently active first. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { List, SearchBar } from 'antd-mobile';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Customer, Lead } from '@closeloop/core';
import type { Page } from '../../api/client';
import { ListSkeleton, LoadFailed } from './PageStates';
import { useFirstRows } from './records';
import { useDebounced } from '../../lib/use-debounced';
import { useFormat } from '../../lib/use-format';
import { StageTag } from './vocab-ui';

export interface Picked {
  type: 'lead' | 'customer';
  id: string;
  name: string;
}

const shown = 8;

export function RecordPicker({ onPick }: { onPick: (picked: Picked) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250) || undefined;
  const leads = useFirstRows<Lead>('/leads', { q, sort: 'lastActivityAt:desc' }, shown);
  const customers = useFirstRows<Customer>('/customers', { q, sort: 'updatedAt:desc' }, shown);
  const nothing = leads.data?.items.length === 0 && customers.data?.items.length === 0;

  return (
    <div className="pp-picker" data-testid="record-picker">
      <div className="pp-toolbar pp-toolbar-top">
        <label data-testid="record-search" className="pp-field">
          <SearchBar value={text} onChange={setText} placeholder={t('phone.log.searchRecord')} clearable />
        </label>
      </div>
      {nothing && <p className="pp-note">{t('phone.log.noRecord')}</p>}
      <Group header={q ? t('phone.log.matchingLeads') : t('phone.log.recentLeads')} query={leads} hideEmpty={!!q}>
        {(lead) => (
          <List.Item
            key={lead.id}
            data-testid="pick-lead"
            onClick={() => onPick({ type: 'lead', id: lead.id, name: lead.name })}
            description={[lead.company, format.relative(lead.lastActivityAt)].filter(Boolean).join(' · ')}
            extra={<StageTag stage={lead.stage} />}
          >
            {lead.name}
          </List.Item>
        )}
      </Group>
      <Group header={q ? t('phone.log.matchingCustomers') : t('phone.log.recentCustomers')} query={customers} hideEmpty={!!q}>
        {(customer) => (
          <List.Item
            key={customer.id}
            data-testid="pick-customer"
            onClick={() => onPick({ type: 'customer', id: customer.id, name: customer.name })}
            description={[t(`vocab.industry.${customer.industry}`), customer.city].filter(Boolean).join(' · ')}
          >
            {customer.name}
          </List.Item>
        )}
      </Group>
    </div>
  );
}

interface GroupProps<T> {
  header: string;
  query: UseQueryResult<Page<T>>;
  hideEmpty: boolean;
  children: (item: T) => ReactNode;
}

function Group<T>({ header, query, hideEmpty, children }: GroupProps<T>) {
  if (hideEmpty && query.data?.items.length === 0) return null;
  return (
    <List header={header}>
      {query.isPending ? <ListSkeleton rows={3} />
        : query.isError ? <LoadFailed error={query.error} onRetry={() => void query.refetch()} />
        : query.data.items.map(children)}
    </List>
  );
}
