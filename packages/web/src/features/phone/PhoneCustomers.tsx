/** The customers in the person's scope, on the phone: search as you type, infinite scroll, pull to refresh. */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, List, SearchBar, SwipeAction } from 'antd-mobile';
import type { Customer } from '@closeloop/core';
import { useSession } from '../../api/session';
import { EmptyState } from './PageStates';
import { PagedList } from './PagedList';
import { PhonePage } from './PhonePage';
import { usePagedList } from './records';
import { useDebounced } from '../../lib/use-debounced';
import { useFormat } from '../../lib/use-format';

export default function PhoneCustomers() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams(q ? { q } : {}, { replace: true });
    // Only the settled search text writes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const list = usePagedList<Customer>('/customers', { q: q || undefined, sort: 'updatedAt:desc' });

  return (
    <PhonePage
      title={t('phone.customers.title')}
      backTo="/m"
      toolbar={
        <div className="pp-toolbar">
          <label data-testid="list-search" className="pp-field">
            <SearchBar value={text} onChange={setText} placeholder={t('phone.customers.search')} clearable />
          </label>
        </div>
      }
    >
      <PagedList
        list={list}
        empty={
          q ? (
            <EmptyState
              title={t('phone.customers.noMatch')}
              action={<Button color="primary" fill="outline" onClick={() => setText('')}>{t('phone.leads.clearFilters')}</Button>}
            />
          ) : (
            <EmptyState
              title={t('phone.customers.empty')}
              description={t('phone.customers.emptyHint')}
              action={<Button color="primary" onClick={() => void navigate('/m/leads')}>{t('phone.home.myLeads')}</Button>}
            />
          )
        }
      >
        {(customer) => (
          <SwipeAction
            key={customer.id}
            rightActions={can('crm.write') ? [{ key: 'log', text: t('phone.home.logActivity'), color: 'primary', onClick: () => void navigate(`/m/log?customerId=${customer.id}`) }] : []}
          >
            <List.Item
              data-testid="list-row"
              onClick={() => void navigate(`/m/customers/${customer.id}`)}
              description={[t(`vocab.industry.${customer.industry}`), customer.city].filter(Boolean).join(' · ')}
              extra={<span className="pp-small">{format.relative(customer.updatedAt)}</span>}
            >
              <span className="pp-row-title">{customer.name}</span>
            </List.Item>
          </SwipeAction>
        )}
      </PagedList>
    </PhonePage>
  );
}
