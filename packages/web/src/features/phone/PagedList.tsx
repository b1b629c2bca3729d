/** A phone list: pull to refresh, load more at the end, and the loading, failed and empty states around it. */
import type { ReactNode } from 'react';
import { InfiniteScroll, List, PullToRefresh } from 'antd-mobile';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { Page } from '../../api/client';
import { ListSkeleton, LoadFailed } from './PageStates';
import { itemsOf } from './records';

interface Props<T> {
  list: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  empty: ReactNode;
  children: (item: T) => ReactNode;
}

export function PagedList<T>({ list, empty, children }: Props<T>) {
  const items = itemsOf(list.data);
  if (list.isPending) return <ListSkeleton />;
  if (list.isError && items.length === 0) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <PullToRefresh onRefresh={() => list.refetch()}>
      {items.length === 0 ? empty : <List className="pp-list">{items.map(children)}</List>}
      {items.length > 0 && (
        <InfiniteScroll
          hasMore={!!list.hasNextPage}
          loadMore={async () => {
            const next = await list.fetchNextPage();
            if (next.isFetchNextPageError) throw next.error;
          }}
        />
      )}
    </PullToRefresh>
  );
}
