import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildTree, pathOf, subtreeOf } from './tree';

const items = [
  { id: 'east', parentId: null, name: '华东大区' },
  { id: 'sh1', parentId: 'east', name: '上海一组' },
  { id: 'sh2', parentId: 'east', name: '上海二组' },
  { id: 'sh1a', parentId: 'sh1', name: '浦东' },
  { id: 'north', parentId: null, name: '华北大区' },
];

describe('team and region trees', () => {
  it('nests by parent', () => {
    const tree = buildTree(items);
    expect(tree.map((n) => n.key).sort()).toEqual(['east', 'north']);
    const east = tree.find((n) => n.key === 'east')!;
    expect(east.children.map((n) => n.key).sort()).toEqual(['sh1', 'sh2']);
    expect(east.children.find((n) => n.key === 'sh1')!.children.map((n) => n.key)).toEqual(['sh1a']);
  });

  it('keeps a node whose parent is unknown, or that sits in a cycle, at the top instead of losing it', () => {
    const tree = buildTree([...items, { id: 'lost', parentId: 'gone', name: '孤儿' }, { id: 'a', parentId: 'b', name: 'A' }, { id: 'b', parentId: 'a', name: 'B' }]);
    const keys = (nodes: ReturnType<typeof buildTree>): string[] => nodes.flatMap((n) => [n.key, ...keys(n.children)]);
    expect(keys(tree).sort()).toEqual(['a', 'b', 'east', 'lost', 'north', 'sh1', 'sh1a', 'sh2']);
  });

  it('marks the nodes a move may not go under as disabled', () => {
    const blocked = subtreeOf(items, 'sh1');
    expect([...blocked].sort()).toEqual(['sh1', 'sh1a']);
    const east = buildTree(items, blocked).find((n) => n.key === 'east')!;
    expect(east.disabled).toBe(false);
    expect(east.children.find((n) => n.key === 'sh1')!.disabled).toBe(true);
  });

  it('names where a node sits, and what to expand to show it', () => {
    expect(pathOf(items, 'sh1a')).toBe('华东大区 / 上海一组 / 浦东');
    expect(pathOf(items, null)).toBe('');
    expect([...ancestorsOf(items, ['sh1a'])].sort()).toEqual(['east', 'sh1']);
  });
});
