/**
 * The frame every desk record list shares: title, saved views, export and the create button; the filter bar; the
 * bulk bar over the selected rows; and the table with its empty state. Each record type brings its columns, filters
 * and create form.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Empty, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../api/session';
import { BulkBar } from './BulkBar';
import { ExportButton } from './ExportButton';
import { FilterBar, type FilterDef } from './FilterBar';
import { isFiltered, type ListKind } from './list-spec';
import { LoadError } from '../../lib/page-states';
import { RecordTable, type RecordColumn } from './RecordTable';
import { SavedViews } from './SavedViews';
import type { Versioned } from './record-api';
import { useCursorList } from './useCursorList';
import type { ListQueryState } from './useListQuery';

interface Props<T extends Versioned> {
  kind: ListKind;
  state: ListQueryState;
  title: string;
  searchPlaceholder: string;
  filters: readonly FilterDef[];
  columns: ReadonlyArray<RecordColumn<T>>;
  labelOf(record: T): string;
  onOpen?(record: T): void;
  /** whether the bulk bar offers handing records to another owner */
  reassign: boolean;
  /** the create button's label and what it does, for people who may write; an empty list offers it too */
  create?: { label: string; onClick(): void };
  emptyText: string;
  /** what an empty list offers people who may write, when nothing is filtered and there is no create button */
  emptyAction?: ReactNode;
  /** above the filters: a note about a filter the bar does not show (e.g. one lead's activities) */
  notice?: ReactNode;
}

export function RecordListPage<T extends Versioned>(props: Props<T>) {
  const { kind, state, title, columns, labelOf, onOpen, reassign, create, emptyText, emptyAction, notice } = props;
  const { t } = useTranslation();
  const { can } = useSession();
  const rows = useCursorList<T>(kind, state.query);
  // Ids, not records: after a bulk run the rows are read again, and a retry must carry their new versions.
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const selected = rows.items.filter((record) => selectedIds.includes(record.id));
  const canWrite = can('crm.write');
  const createButton = (testId: string) =>
    create && (
      <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick} data-testid={testId}>
        {create.label}
      </Button>
    );

  // Another query, other rows: a selection never reaches records the person no longer sees.
  const queryText = JSON.stringify(state.query);
  useEffect(() => setSelectedIds([]), [queryText]);

  const empty = isFiltered(state.query) ? (
    <Empty description={t('records.list.noMatch')} data-testid="list-empty">
      <Button onClick={() => state.replace({})} data-testid="empty-clear-filters">{t('records.filters.clear')}</Button>
    </Empty>
  ) : (
    <Empty description={emptyText} data-testid="list-empty">
      {canWrite && (emptyAction ?? createButton('empty-create-button'))}
    </Empty>
  );

  return (
    <div data-testid={`${kind}-list`}>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{title}</Typography.Title>
        <Flex gap={8} wrap>
          <SavedViews kind={kind} state={state} />
          <ExportButton kind={kind} query={state.query} />
          {canWrite && createButton('create-button')}
        </Flex>
      </Flex>
      {notice}
      <FilterBar state={state} filters={props.filters} searchPlaceholder={props.searchPlaceholder} />
      {canWrite && (
        <BulkBar kind={kind} selected={selected} labelOf={labelOf} reassign={reassign} onSettled={(remaining) => setSelectedIds(remaining.map((record) => record.id))} />
      )}
      {rows.isError && !rows.data ? (
        <LoadError error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        <RecordTable<T>
          kind={kind}
          state={state}
          columns={columns}
          rows={rows}
          empty={empty}
          onOpen={onOpen}
          labelOf={labelOf}
          selection={canWrite ? { keys: selectedIds, onChange: (keys) => setSelectedIds(keys) } : undefined}
        />
      )}
    </div>
  );
}
