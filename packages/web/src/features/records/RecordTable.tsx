/**
 * A record list as an antd Table: columns sort by the server's sort keys (one at a time, the order kept in the URL),
 * rows open their record, rows can be selected for bulk actions, and more rows load on request with the cursor.
 */
import { useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Flex, Skeleton, Table, Typography } from 'antd';
import type { ColumnType, SorterResult } from 'antd/es/table/interface';
import { listSpecs, sortOf, type ListKind } from './list-spec';
import type { ListQueryState } from './useListQuery';

export type RecordColumn<T> = ColumnType<T> & {
  key: string;
  /** the server's sort key for this column; the column is sortable only with one */
  sortKey?: string;
};

export interface CursorRows<T> {
  items: T[];
  isPending: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): unknown;
}

interface Props<T extends { id: string }> {
  kind: ListKind;
  state: ListQueryState;
  columns: ReadonlyArray<RecordColumn<T>>;
  rows: CursorRows<T>;
  empty: ReactNode;
  onOpen?(record: T): void;
  selection?: { keys: string[]; onChange(keys: string[], records: T[]): void };
}

// A click on these inside a row is theirs, not a request to open the row.
const ownClicks = 'a, button, input, label, .ant-table-selection-column, .ant-select, .ant-checkbox';

export function RecordTable<T extends { id: string }>({ kind, state, columns, rows, empty, onOpen, selection }: Props<T>) {
  const { t } = useTranslation();
  const sort = sortOf(listSpecs[kind], state.query);

  // Only a new sort or new columns make new column objects, so antd does not lay the table out afresh for nothing.
  const tableColumns = useMemo(() => columns.map(({ sortKey, ...column }) =>
    sortKey
      ? {
          ...column,
          sorter: true,
          sortDirections: ['ascend', 'descend'] as Array<'ascend' | 'descend'>,
          sortOrder: sort.field === sortKey ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
          key: sortKey,
        }
      : column,
  ), [columns, sort.field, sort.order]);

  if (rows.isPending) return <div data-testid="list-loading"><Skeleton active paragraph={{ rows: 8 }} /></div>;

  const onChange = (_: unknown, __: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!one?.columnKey || !one.order) return state.update({ sort: undefined });
    state.update({ sort: `${String(one.columnKey)}:${one.order === 'ascend' ? 'asc' : 'desc'}` });
  };

  return (
    <>
      <Table<T>
        rowKey="id"
        size="middle"
        columns={tableColumns}
        dataSource={rows.items}
        pagination={false}
        loading={rows.isFetching && rows.isPlaceholderData}
        onChange={onChange}
        locale={{ emptyText: empty }}
        scroll={{ x: 'max-content' }}
        rowSelection={
          selection && {
            selectedRowKeys: selection.keys,
            onChange: (keys, records) => selection.onChange(keys as string[], records),
            preserveSelectedRowKeys: false,
          }
        }
        onRow={(record) =>
          ({
            'data-testid': 'list-row',
            'data-id': record.id,
            style: onOpen ? { cursor: 'pointer' } : undefined,
            onClick: (event) => {
              if (!onOpen || (event.target as HTMLElement).closest(ownClicks)) return;
              onOpen(record);
            },
          }) as HTMLAttributes<HTMLElement>
        }
        data-testid="record-table"
      />
      {rows.items.length > 0 && (
        <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" data-testid="list-count">
            {t('records.list.showing', { count: rows.items.length })}
          </Typography.Text>
          {rows.hasNextPage ? (
            <Button onClick={() => rows.fetchNextPage()} loading={rows.isFetchingNextPage} data-testid="load-more">
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('records.list.end')}</Typography.Text>
          )}
        </Flex>
      )}
    </>
  );
}
