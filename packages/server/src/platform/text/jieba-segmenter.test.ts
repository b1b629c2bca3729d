import { describe, expect, it } from 'vitest';
import { summarise } from '@closeloop/core';
import { jiebaSegmenter } from './jieba-segmenter.js';

describe('the jieba segmenter', () => {
  const fallbacks: string[] = [];
  const segmenter = jiebaSegmenter((reason) => fallbacks.push(reason));

  it('loads the prebuilt binary here and cuts Chinese into words', () => {
    expect(segmenter.cut('我们会在明天下午3点前发送方案')).toEqual(['我们', '会', '在', '明天', '下午', '3', '点前', '发送', '方案']);
    expect(segmenter.cut('我会议室订好了')).toContain('会议室');
    expect(fallbacks).toEqual([]);
  });

  it('weighs Chinese keywords by TF-IDF and merges English ones by frequency', () => {
    const words = segmenter.keywords('拜访采购部，客户关注交付周期，预算约30万。Demo of the MES scheduling module next week.', 8).map((k) => k.word);
    expect(words).toContain('采购部');
    expect(words).toContain('scheduling');
    expect(words).not.toContain('30');
    expect(words).not.toContain('the');
  });

  it('makes the summary tell a promise from a word that only looks like one', () => {
    const context = { occurredAt: '2026-11-27T02:00:00.000Z', timeZone: 'Asia/Shanghai', currency: 'CNY' as const, segmenter };
    expect(summarise('我会议室订好了。', context).commitments).toEqual([]);
    expect(summarise('我会在周五前发送方案。', context).commitments.map((c) => c.by)).toEqual(['us']);
    expect(summarise('王总答应带采购负责人来。', context).commitments.map((c) => c.by)).toEqual(['customer']);
  });
});
