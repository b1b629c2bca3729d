/**
 * The page teams and regions share: the tree to browse, search and drag, the selected node's details, and a dialog
 * to create a node (at the top or under the selected one) or edit it. A drag only proposes a move: it is asked
 * about first, since where a node sits decides who sees whose records.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { errorText } from '../../../lib/errors';
import { pathOf, type Node } from '../../../lib/tree';
import { HierarchyTree } from './HierarchyTree';
import { LoadError, Loading } from '../../../lib/page-states';
import { PageHeader } from './PageHeader';

export interface HierarchyFormProps<T> {
  open: boolean;
  /** The node to edit; absent to create one under `parentId`. */
  item: T | undefined;
  parentId: string | null;
  onClose: () => void;
  onSaved: (item: T) => void;
}

export interface HierarchyPageProps<T extends Node> {
  /** The records' plural: the query key, the API path and the `admin.<kind>` texts. */
  kind: 'teams' | 'regions';
  /** Prefix of the page's test ids: `<testId>-tree`, `-detail`, `-add-child`, `-edit`. */
  testId: string;
  query: UseQueryResult<T[]>;
  /** The PATCH body that moves a node under another (or to the top). */
  moveBody: (item: T, parentId: string | null) => Record<string, unknown>;
  /** What else a move changes, said after where the node goes. */
  moveEffect?: string;
  /** Secondary text after a node's name in the tree. */
  nodeExtra: (item: T) => ReactNode;
  /** The selected node's details; `children` lists the nodes right below it, each a click away. */
  details: (selected: T, children: ReactNode) => ReactNode;
  form: (props: HierarchyFormProps<T>) => ReactNode;
}

type Editing<T> = { item: T } | { parentId: string | null } | null;

export function HierarchyPage<T extends Node>({ kind, testId, query, moveBody, moveEffect, nodeExtra, details, form }: HierarchyPageProps<T>) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing<T>>(null);

  const items = useMemo(() => query.data ?? [], [query.data]);
  const selected = items.find((item) => item.id === selectedId) ?? items.find((item) => item.parentId === null) ?? null;

  const move = useMutation({
    mutationFn: ({ item, parentId }: { item: T; parentId: string | null }) =>
      api<T>(`/${kind}/${item.id}`, { method: 'PATCH', body: moveBody(item, parentId) }),
    onSuccess: (item) => {
      void message.success(t(`admin.${kind}.moved`, { name: item.name }));
      void client.invalidateQueries({ queryKey: [kind] });
    },
    onError: (error) => {
      void message.error(errorText(error, t));
      // A refusal for a stale version: the next try should start from what the server has now.
      void client.invalidateQueries({ queryKey: [kind] });
    },
  });
  const confirmMove = (item: T, parentId: string | null) =>
    modal.confirm({
      title: t(`admin.${kind}.moveTitle`, { name: item.name }),
      content: [parentId ? t(`admin.${kind}.moveUnder`, { parent: pathOf(items, parentId) }) : t(`admin.${kind}.moveTop`), moveEffect].filter(Boolean).join(' '),
      okText: t('admin.tree.move'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () => move.mutateAsync({ item, parentId }).catch(() => undefined),
    });

  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;

  const createButton = (id: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })} data-testid={id}>{t(`admin.${kind}.create`)}</Button>
  );
  const children = selected && (
    <Flex gap={4} wrap>
      {items.filter((item) => item.parentId === selected.id).map((item) => (
        <Tag key={item.id} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => setSelectedId(item.id)}>{item.name}</Tag>
      ))}
    </Flex>
  );

  return (
    <>
      <PageHeader title={t(`admin.${kind}.title`)} description={t(`admin.${kind}.description`)} extra={createButton('create-button')} />
      {items.length === 0 ? (
        <Card>
          <Empty description={t(`admin.${kind}.empty`)} data-testid="empty-state">{createButton('empty-create')}</Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card title={t(`admin.${kind}.structure`)} extra={<Typography.Text type="secondary">{t('admin.tree.dragHint')}</Typography.Text>}>
              <HierarchyTree items={items} selectedId={selected?.id ?? null} onSelect={setSelectedId} onMove={confirmMove} testId={`${testId}-tree`} extra={nodeExtra} />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {selected && (
              <Card
                title={selected.name}
                data-testid={`${testId}-detail`}
                extra={
                  <Flex gap={8}>
                    <Button icon={<PlusOutlined />} onClick={() => setEditing({ parentId: selected.id })} data-testid={`${testId}-add-child`}>{t(`admin.${kind}.addChild`)}</Button>
                    <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing({ item: selected })} data-testid={`${testId}-edit`}>{t('common.edit')}</Button>
                  </Flex>
                }
              >
                {details(selected, children)}
              </Card>
            )}
          </Col>
        </Row>
      )}
      {form({
        open: editing !== null,
        item: editing && 'item' in editing ? editing.item : undefined,
        parentId: editing && 'parentId' in editing ? editing.parentId : null,
        onClose: () => setEditing(null),
        onSaved: (item) => {
          setEditing(null);
          setSelectedId(item.id);
          void message.success(t('common.saved'));
        },
      })}
    </>
  );
}
