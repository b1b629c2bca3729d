/**
 * A list the server answers a page at a time (`useInfiniteQuery` over `Page<T>`): the first load, a failed load
 * with the server's message and a retry, the rows, and a button for the next page. While a new filter's answer is
 * on its way the old rows stay, dimmed, instead of a skeleton.
 */
import { useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { Button, Flex, Table, type TableProps } from 'antd';
import type { Page } from '../../../api/client';
import { LoadError, Loading } from '../../../lib/page-states';

export interface CursorTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'onRow'> {
  list: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  /** Each row's data-testid. */
  rowTestId?: string;
}

export function CursorTable<T extends { id: string }>({ list, rowTestId = 'list-row', ...table }: CursorTableProps<T>) {
  const { t } = useTranslation();
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  if (list.isPending) return <Loading />;
  // A failed next page or refresh keeps the rows already shown; only a list that never loaded shows the error.
  if (list.isError && !list.data) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Table<T>
        rowKey="id"
        size="middle"
        {...table}
        dataSource={rows}
        pagination={false}
        loading={list.isFetching && !list.isFetchingNextPage}
        onRow={() => ({ 'data-testid': rowTestId }) as HTMLAttributes<HTMLElement>}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">{t('common.loadMore')}</Button>
        </Flex>
      )}
    </>
  );
}
