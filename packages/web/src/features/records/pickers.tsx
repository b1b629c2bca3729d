/** The pickers record forms and filters share: a person, a region, a customer found by search. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Select, type SelectProps } from 'antd';
import type { Customer, User } from '@closeloop/core';
import { api, type Page } from '../../api/client';
import { usePeople, useRegions } from '../../api/directory';
import { useDebounced } from '../../lib/use-debounced';

type PickerProps = Omit<SelectProps<string>, 'options' | 'mode'>;

export function PersonSelect({ people, ...props }: PickerProps & { people?: readonly User[] }) {
  const { t } = useTranslation();
  const directory = usePeople();
  const list = people ?? directory.people;
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('records.pickers.person')}
      loading={directory.isPending}
      options={list.map((person) => ({ value: person.id, label: person.name }))}
      {...props}
    />
  );
}

export function RegionSelect(props: PickerProps) {
  const { t } = useTranslation();
  const { regions, isPending } = useRegions();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('records.pickers.region')}
      loading={isPending}
      options={regions.map((region) => ({ value: region.id, label: region.name }))}
      {...props}
    />
  );
}

/** A customer the person can see, found by name as they type; the chosen one keeps its name while the search moves on. */
export function CustomerSelect({ value, ...props }: PickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const found = useQuery({
    queryKey: ['customers', { q, limit: 20 }, 'picker'],
    queryFn: ({ signal }) => api<Page<Customer>>('/customers', { query: { q: q || undefined, limit: 20, sort: 'name:asc' }, signal }),
  });
  const chosen = useQuery({
    queryKey: ['customers', 'one', value],
    queryFn: ({ signal }) => api<Customer>(`/customers/${value}`, { signal }),
    enabled: !!value,
    staleTime: 5 * 60_000,
  });
  const options = (found.data?.items ?? []).map((customer) => ({ value: customer.id, label: customer.name }));
  if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: chosen.data?.name ?? t('common.loading') });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={t('records.pickers.customer')}
      loading={found.isFetching}
      options={options}
      value={value}
      notFoundContent={found.isFetching ? t('common.loading') : t('records.pickers.noCustomer')}
      {...props}
    />
  );
}
