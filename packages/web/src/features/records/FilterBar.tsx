/**
 * The filters of a record list: a search box (asks the server once the person pauses typing), a select per filter
 * of the record type, the record status and the owner. Every value lives in the URL (useListQuery).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Flex, Input, Select } from 'antd';
import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { useSignedIn } from '../../api/session';
import { isFiltered } from './list-spec';
import type { ListQueryState } from './useListQuery';
import { useDebounced } from '../../lib/use-debounced';
import { PersonSelect } from './pickers';

export interface FilterDef {
  key: string;
  placeholder: string;
  /** a closed vocabulary; without options, `render` draws the control (a region or customer picker) */
  options?: Array<{ value: string; label: string }>;
  render?: (value: string | undefined, onChange: (value: string | undefined) => void) => ReactNode;
  /** free text, applied once the person pauses typing */
  text?: true;
  width?: number;
}

/** A text box whose value reaches `onSettle` once typing pauses, and follows `value` when the URL changes it. */
export function DebouncedInput({ value, onSettle, ...props }: { value: string; onSettle(value: string): void } & Omit<React.ComponentProps<typeof Input>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, 300);
  // Read through a ref: when back/forward changes `value`, the stale settled text must not be pushed over it.
  const current = useRef(value);
  current.current = value;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (settled.trim() !== current.current) onSettle(settled.trim());
  }, [settled]); // eslint-disable-line react-hooks/exhaustive-deps -- only a settled change of the text is news
  return <Input value={text} onChange={(event) => setText(event.target.value)} allowClear {...props} />;
}

export function FilterBar({ state, filters, searchPlaceholder }: { state: ListQueryState; filters: readonly FilterDef[]; searchPlaceholder: string }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const { query, update, replace } = state;
  // Someone who sees only their own records has nobody else's to filter by.
  const showOwner = session.user.dataScope !== 'own';
  const set = (key: string) => (value: string | undefined) => update({ [key]: value });

  return (
    <Flex wrap gap={8} align="center" style={{ marginBottom: 16 }} data-testid="filter-bar">
      <DebouncedInput
        value={query.q ?? ''}
        onSettle={(q) => update({ q })}
        placeholder={searchPlaceholder}
        prefix={<SearchOutlined />}
        style={{ width: 280 }}
        data-testid="list-search"
        aria-label={t('common.search')}
      />
      {filters.map((filter) =>
        filter.text ? (
          <DebouncedInput
            key={filter.key}
            value={query[filter.key] ?? ''}
            onSettle={set(filter.key)}
            placeholder={filter.placeholder}
            style={{ width: filter.width ?? 140 }}
            data-testid={`filter-${filter.key}`}
          />
        ) : (
          <span key={filter.key} data-testid={`filter-${filter.key}`}>
            {filter.render ? (
              filter.render(query[filter.key], set(filter.key))
            ) : (
              <Select
                allowClear
                placeholder={filter.placeholder}
                value={query[filter.key]}
                onChange={set(filter.key)}
                options={filter.options}
                style={{ width: filter.width ?? 140 }}
                popupMatchSelectWidth={false}
              />
            )}
          </span>
        ),
      )}
      {showOwner && (
        <span data-testid="filter-owner">
          <PersonSelect allowClear placeholder={t('records.filters.owner')} value={query.ownerId} onChange={set('ownerId')} style={{ width: 140 }} popupMatchSelectWidth={false} />
        </span>
      )}
      <span data-testid="filter-status">
        <Select
          value={query.status ?? 'active'}
          onChange={(status) => update({ status })}
          options={(['active', 'archived', 'all'] as const).map((status) => ({ value: status, label: t(`records.filters.status.${status}`) }))}
          style={{ width: 120 }}
          aria-label={t('records.filters.statusLabel')}
        />
      </span>
      {isFiltered(query) && (
        <Button icon={<ClearOutlined />} onClick={() => replace(query.sort ? { sort: query.sort } : {})} data-testid="filter-reset">
          {t('records.filters.clear')}
        </Button>
      )}
    </Flex>
  );
}
