/**
 * Teams and regions arrive flat, each with its parent; these turn them into the nested shape antd's Tree and
 * TreeSelect take, and find what lies below a node (where it may not be moved; the teams a leader reaches).
 */
export interface Node {
  id: string;
  parentId: string | null;
  name: string;
}

export interface TreeNode<T extends Node> {
  key: string;
  value: string;
  title: string;
  item: T;
  children: TreeNode<T>[];
  disabled?: boolean;
}

const byName = (a: Node, b: Node) => a.name.localeCompare(b.name, 'zh-CN');

/** Nested by parent, siblings by name. A node whose parent is missing (or a cycle) is shown at the top, not lost. */
export function buildTree<T extends Node>(items: readonly T[], disabled: ReadonlySet<string> = new Set()): TreeNode<T>[] {
  const ids = new Set(items.map((item) => item.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const placed = new Set<string>();
  const grow = (parent: string | null): TreeNode<T>[] =>
    (children.get(parent) ?? [])
      .filter((item) => !placed.has(item.id))
      .sort(byName)
      .map((item) => {
        placed.add(item.id);
        return { key: item.id, value: item.id, title: item.name, item, disabled: disabled.has(item.id), children: grow(item.id) };
      });
  const roots = grow(null);
  const orphans = items.filter((item) => !placed.has(item.id));
  return orphans.length ? [...roots, ...buildTree(orphans.map((o) => ({ ...o, parentId: null })), disabled)] : roots;
}

/** The given nodes and every node below them. */
export function subtreeOf(items: readonly Pick<Node, 'id' | 'parentId'>[], ...rootIds: string[]): Set<string> {
  const out = new Set(rootIds);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parentId && out.has(item.parentId) && !out.has(item.id)) {
        out.add(item.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "华东大区 / 上海一组": where a node sits, for labels and search results. */
export function pathOf(items: readonly Node[], id: string | null): string {
  const byId = new Map(items.map((item) => [item.id, item]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = id ? byId.get(id) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' / ');
}

/** Keys to expand so every match of a search is visible. */
export function ancestorsOf(items: readonly Node[], ids: Iterable<string>): Set<string> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const out = new Set<string>();
  for (const id of ids) {
    let parent = byId.get(id)?.parentId;
    while (parent && !out.has(parent)) {
      out.add(parent);
      parent = byId.get(parent)?.parentId;
    }
  }
  return out;
}
