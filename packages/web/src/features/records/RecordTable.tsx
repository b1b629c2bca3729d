/**
 * A record list as a table: columns sort by the server's sort keys (one at a time, the order kept in the URL), rows
 * open their record, rows can be selected for bulk actions, and more rows load on request with the cursor.
 *
 * A plain table rather than antd's: a sort or filter change must answer within a frame on an office PC (budget 100 ms
 * at CPU ×4), and antd's Table re-rendered and measured every cell on each change (~0.5 s for 50 rows). Here a header
 * click repaints only the header and a loading state; each row is a memoised component that draws again only when
 * its record, the columns or its selection change; new rows are drawn as interruptible (deferred) work.
 */
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Flex, Skeleton, Typography } from 'antd';
import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { afterNextPaint } from '../../lib/after-paint';
import { listSpecs, sortOf, type ListKind } from './list-spec';
import type { ListQueryState } from './useListQuery';
import './record-table.css';

export interface RecordColumn<T> {
  key: string;
  title: ReactNode;
  render(value: undefined, record: T): ReactNode;
  /** the server's sort key for this column; the column is sortable only with one */
  sortKey?: string;
  /** stays in view while the table scrolls sideways (the record's name) */
  fixed?: 'left';
  align?: 'right';
  /** a fixed width: the cell's text wraps inside it */
  width?: number;
}

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
  /** names a row for screen readers (its selection box) */
  labelOf?(record: T): string;
  selection?: { keys: string[]; onChange(keys: string[], records: T[]): void };
}

type Sort = { field: string; order: 'asc' | 'desc' };

// A click on these inside a row is theirs, not a request to open the row.
const ownClicks = 'a, button, input, label, .ant-select, .ant-checkbox, .rt-select';

export function RecordTable<T extends { id: string }>({ kind, state, columns, rows, empty, onOpen, labelOf, selection }: Props<T>) {
  const { t } = useTranslation();
  const current = sortOf(listSpecs[kind], state.query);
  // The sort asked for shows at once; the address (and with it the rows) follows as non-urgent work.
  const [asked, setAsked] = useState<Sort | null>(null);
  useEffect(() => setAsked(null), [current.field, current.order]);
  const shown = asked ?? current;
  // Rows are drawn from a deferred copy: new rows never hold up a click or a keystroke.
  const deferred = useDeferredValue(rows.items);
  const items = useFirstScreenful(deferred);
  const loading = asked !== null || (rows.isFetching && rows.isPlaceholderData) || deferred !== rows.items;

  // The rows get callbacks that never change, so a new handler from the page does not redraw every row.
  const latest = useRef({ onOpen, selection, items: rows.items });
  useLayoutEffect(() => {
    latest.current = { onOpen, selection, items: rows.items };
  });
  const open = useCallback((record: T) => latest.current.onOpen?.(record), []);
  const select = useCallback((id: string, on: boolean) => {
    const { selection: current, items: records } = latest.current;
    if (!current) return;
    const keys = on ? [...current.keys, id] : current.keys.filter((key) => key !== id);
    current.onChange(keys, records.filter((record) => keys.includes(record.id)));
  }, []);

  if (rows.isPending) return <div data-testid="list-loading"><Skeleton active paragraph={{ rows: 8 }} /></div>;

  const sortBy = (field: string) => {
    const order = shown.field === field && shown.order === 'asc' ? 'desc' : 'asc';
    setAsked({ field, order });
    state.update({ sort: `${field}:${order}` });
  };
  const selected = new Set(selection?.keys ?? []);
  const allSelected = deferred.length > 0 && deferred.every((record) => selected.has(record.id));
  const someSelected = !allSelected && deferred.some((record) => selected.has(record.id));
  const selectAll = (on: boolean) => selection?.onChange(on ? deferred.map((record) => record.id) : [], on ? deferred : []);

  return (
    <>
      <div className={loading ? 'rt rt-loading' : 'rt'} data-testid="record-table" aria-busy={loading}>
        <div className="rt-progress" />
        <div className="rt-scroll">
          <table className="rt-table">
            <thead>
              <tr>
                {selection && (
                  <th className="rt-select rt-fixed">
                    <CheckAll checked={allSelected} mixed={someSelected} onChange={selectAll} label={t('records.list.selectAll')} />
                  </th>
                )}
                {columns.map((column) => (
                  <th
                    key={column.key}
                    className={cellClass(column, !!selection)}
                    style={column.width ? { width: column.width, minWidth: column.width } : undefined}
                    aria-sort={column.sortKey && shown.field === column.sortKey ? (shown.order === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {column.sortKey ? (
                      <button type="button" className="rt-sort" onClick={() => sortBy(column.sortKey!)} data-testid={`sort-${column.sortKey}`}>
                        {column.title}
                        <span className="rt-sorter" aria-hidden>
                          <CaretUpOutlined className={shown.field === column.sortKey && shown.order === 'asc' ? 'on' : undefined} />
                          <CaretDownOutlined className={shown.field === column.sortKey && shown.order === 'desc' ? 'on' : undefined} />
                        </span>
                      </button>
                    ) : (
                      column.title
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((record) => (
                <Row<T>
                  key={record.id}
                  record={record}
                  columns={columns}
                  selectable={!!selection}
                  selected={selected.has(record.id)}
                  label={labelOf?.(record)}
                  onSelect={select}
                  onOpen={onOpen ? open : undefined}
                />
              ))}
            </tbody>
          </table>
          {items.length === 0 && !loading && <div className="rt-empty">{empty}</div>}
        </div>
      </div>
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

// About what a desk screen shows; the rest of a page of rows is drawn right after the first paint.
const firstScreenful = 20;

/**
 * A new set of rows (another sort, filter or search) is drawn a screenful first and in full after the next paint, so
 * the rows a person sees appear sooner on a slow PC. More rows after the same first one (load more, a live refresh of
 * the same order) are drawn in full at once.
 */
function useFirstScreenful<T>(items: T[]): T[] {
  const [drawn, setDrawn] = useState({ items, all: true });
  let current = drawn;
  if (drawn.items !== items) {
    current = { items, all: items.length <= firstScreenful || items[0] === drawn.items[0] };
    setDrawn(current);
  }
  useEffect(() => {
    if (current.all) return;
    afterNextPaint(() => setDrawn((now) => (now.items === items ? { items, all: true } : now)));
  }, [current.all, items]);
  return current.all ? items : items.slice(0, firstScreenful);
}

function cellClass(column: { fixed?: 'left'; align?: 'right'; width?: number }, afterSelect: boolean): string | undefined {
  const names = [column.fixed && (afterSelect ? 'rt-fixed rt-after-select' : 'rt-fixed'), column.align === 'right' && 'rt-right', column.width && 'rt-wrap'];
  return names.filter(Boolean).join(' ') || undefined;
}

function CheckAll({ checked, mixed, onChange, label }: { checked: boolean; mixed: boolean; onChange(on: boolean): void; label: string }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = mixed;
  }, [mixed]);
  return <input ref={box} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-label={label} />;
}

interface RowProps<T extends { id: string }> {
  record: T;
  columns: ReadonlyArray<RecordColumn<T>>;
  selectable: boolean;
  selected: boolean;
  label?: string;
  onSelect(id: string, on: boolean): void;
  onOpen?(record: T): void;
}

const Row = memo(function Row<T extends { id: string }>({ record, columns, selectable, selected, label, onSelect, onOpen }: RowProps<T>) {
  const { t } = useTranslation();
  const onClick = onOpen
    ? (event: MouseEvent<HTMLTableRowElement>) => {
        if (!(event.target as HTMLElement).closest(ownClicks)) onOpen(record);
      }
    : undefined;
  return (
    <tr className={selected ? 'rt-row rt-selected' : 'rt-row'} onClick={onClick} data-testid="list-row" data-id={record.id} style={onOpen ? { cursor: 'pointer' } : undefined}>
      {selectable && (
        <td className="rt-select rt-fixed">
          <input type="checkbox" checked={selected} onChange={(event) => onSelect(record.id, event.target.checked)} aria-label={t('records.list.selectRow', { name: label ?? record.id })} />
        </td>
      )}
      {columns.map((column) => (
        <td key={column.key} className={cellClass(column, selectable)} style={column.width ? { width: column.width, minWidth: column.width, maxWidth: column.width } : undefined}>
          {column.render(undefined, record)}
        </td>
      ))}
    </tr>
  );
}) as <T extends { id: string }>(props: RowProps<T>) => ReactNode;
