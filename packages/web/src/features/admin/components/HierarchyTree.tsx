/**
 * A team or region tree: searchable, and rearranged by dragging a node onto another (it becomes a child) or between
 * two (it becomes their sibling). Moves are proposed to the caller, which asks and saves; a node is never offered
 * a place inside itself.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, Tree, Typography } from 'antd';
import type { TreeProps } from 'antd';
import { ancestorsOf, buildTree, subtreeOf, type Node, type TreeNode } from '../../../lib/tree';

export interface HierarchyTreeProps<T extends Node> {
  items: readonly T[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (item: T, parentId: string | null) => void;
  /** Secondary text after a node's name (a team's leader, a region's code). */
  extra?: (item: T) => ReactNode;
  testId: string;
}

type DropInfo = Parameters<NonNullable<TreeProps['onDrop']>>[0];

export function HierarchyTree<T extends Node>({ items, selectedId, onSelect, onMove, extra, testId }: HierarchyTreeProps<T>) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const byId = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => new Set(needle ? items.filter((item) => item.name.toLowerCase().includes(needle)).map((i) => i.id) : []), [items, needle]);
  const tree = useMemo(() => buildTree(items), [items]);
  // While searching, open the branches that hold a match; otherwise what the person opened (everything at first).
  const expandedKeys = needle ? [...ancestorsOf(items, matches)] : (expanded ?? items.map((item) => item.id));

  const titleOf = (node: TreeNode<T>) => (
    <span data-testid="tree-node">
      <Typography.Text mark={matches.has(node.key)}>{node.item.name}</Typography.Text>
      {extra && <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{extra(node.item)}</Typography.Text>}
    </span>
  );

  const onDrop = (info: DropInfo) => {
    const dragged = byId.get(String(info.dragNode.key));
    const target = byId.get(String(info.node.key));
    if (!dragged || !target) return;
    const parentId = info.dropToGap ? target.parentId : target.id;
    if (parentId === dragged.parentId) return;
    onMove(dragged, parentId);
  };

  return (
    <>
      <Input.Search
        allowClear
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder={t('admin.tree.search')}
        style={{ marginBottom: 12 }}
        data-testid="tree-search"
      />
      <Tree<TreeNode<T>>
        blockNode
        showLine
        draggable={{ icon: false }}
        treeData={tree}
        titleRender={titleOf}
        selectedKeys={selectedId ? [selectedId] : []}
        expandedKeys={expandedKeys}
        onExpand={(keys) => setExpanded(keys.map(String))}
        onSelect={(keys) => keys[0] !== undefined && onSelect(String(keys[0]))}
        allowDrop={({ dragNode, dropNode, dropPosition }) => {
          const target = dropPosition === 0 ? dropNode.key : (byId.get(String(dropNode.key))?.parentId ?? null);
          return target === null || !subtreeOf(items, String(dragNode.key)).has(String(target));
        }}
        onDrop={onDrop}
        data-testid={testId}
      />
    </>
  );
}
