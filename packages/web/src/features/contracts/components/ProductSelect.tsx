/** A product for a contract line, found by SKU or name; choosing one hands back its list and floor prices. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Select, type SelectProps } from 'antd';
import type { Product } from '@closeloop/core';
import { useDebounced } from '../../../lib/use-debounced';
import { useProductSearch } from '../api/contracts';

interface Props extends Omit<SelectProps<string>, 'options' | 'onChange'> {
  /** the name shown for a chosen product the current search does not list */
  knownName?: string | null | undefined;
  onChange?: (id: string, product: Product | undefined) => void;
}

export function ProductSelect({ value, knownName, onChange, ...props }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const found = useProductSearch(q);
  const items = found.data?.items ?? [];
  const options = items.map((product) => ({ value: product.id, label: `${product.sku} · ${product.name}` }));
  if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: knownName ?? value });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      placeholder={t('contracts.editor.productPlaceholder')}
      loading={found.isFetching}
      options={options}
      value={value}
      onChange={(id: string) => onChange?.(id, items.find((product) => product.id === id))}
      popupMatchSelectWidth={420}
      {...props}
    />
  );
}
