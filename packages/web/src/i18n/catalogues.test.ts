import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const languages = ['en', 'zh-CN'];

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
}
function load(lang: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const file of readdirSync(`${root}/${lang}`)) out[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${root}/${lang}/${file}`, 'utf8'));
  return out;
}

describe('UI catalogues', () => {
  const [en, zh] = languages.map(load) as [Record<string, unknown>, Record<string, unknown>];

  it('zh-CN and en have the same keys, so no screen falls back to the other language', () => {
    const enKeys = new Set(keysOf(en));
    const zhKeys = new Set(keysOf(zh));
    expect([...enKeys].filter((k) => !zhKeys.has(k)), 'missing in zh-CN').toEqual([]);
    expect([...zhKeys].filter((k) => !enKeys.has(k)), 'missing in en').toEqual([]);
  });

  it('no text is empty, and the same {{placeholders}} appear in both languages', () => {
    const at = (tree: Record<string, unknown>, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
    for (const key of keysOf(en)) {
      const a = String(at(en, key));
      const b = String(at(zh, key) ?? '');
      expect(a.trim(), key).not.toBe('');
      expect(b.trim(), key).not.toBe('');
      const holes = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
      expect(holes(b), key).toEqual(holes(a));
    }
  });
});
