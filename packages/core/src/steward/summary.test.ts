import { describe, expect, it } from 'vitest';
import { summarise, suggestedDueAt, type SummaryContext } from './summary.js';
import { plainSegmenter, sentencesOf, type TextSegmenter } from './summary-text.js';

const friday10 = '2026-11-27T02:00:00.000Z';
const context = (segmenter: TextSegmenter = plainSegmenter): SummaryContext => ({ occurredAt: friday10, timeZone: 'Asia/Shanghai', currency: 'CNY', segmenter });

/** A segmenter whose keywords are fixed, as TF-IDF would weigh them. */
const weighted = (weights: Record<string, number>): TextSegmenter => ({
  cut: plainSegmenter.cut,
  keywords: (_text, limit) => Object.entries(weights).map(([word, weight]) => ({ word, weight })).slice(0, limit),
});

describe('the summary of an activity', () => {
  it('finds key points, commitments, dates and amounts in a Chinese visit note', () => {
    const text = '拜访采购部，客户关注交付周期，下周三安排技术演示。客户预算约30万，我们会在明天下午3点前发送方案。王总答应11月30日前带采购负责人一起开会。';
    const summary = summarise(text, context(weighted({ 交付周期: 2, 技术演示: 1.5, 预算: 1.2, 采购: 1 })));
    expect(summary.amounts).toEqual([{ text: '30万', amount: { minor: 30_000_000, currency: 'CNY' } }]);
    expect(summary.dates.map((d) => [d.text, d.date, d.time])).toEqual([
      ['下周三', '2026-12-02', null], ['明天下午3点', '2026-11-28', '15:00'], ['11月30日', '2026-11-30', null],
    ]);
    expect(summary.commitments).toEqual([
      { text: '下周三安排技术演示。', by: 'unknown', dueAt: '2026-12-02T10:00:00.000Z' },
      { text: '我们会在明天下午3点前发送方案。', by: 'us', dueAt: '2026-11-28T07:00:00.000Z' },
      { text: '王总答应11月30日前带采购负责人一起开会。', by: 'customer', dueAt: '2026-11-30T10:00:00.000Z' },
    ]);
    expect(summary.keyPoints).toEqual([
      '拜访采购部，客户关注交付周期，下周三安排技术演示。',
      '客户预算约30万，我们会在明天下午3点前发送方案。',
    ]);
    expect(summary.keywords).toEqual(['交付周期', '技术演示', '预算', '采购']);
  });

  it('summarises an English call note', () => {
    const text = 'Met the IT director. They are worried about the rollout timeline. Budget is RMB 120k. We will send the proposal next Wednesday. He agreed to a pilot on 3 December.';
    const summary = summarise(text, context());
    expect(summary.amounts).toEqual([{ text: 'RMB 120k', amount: { minor: 12_000_000, currency: 'CNY' } }]);
    expect(summary.dates.map((d) => d.date)).toEqual(['2026-12-02', '2026-12-03']);
    expect(summary.commitments.map((c) => [c.text, c.by])).toEqual([
      ['We will send the proposal next Wednesday.', 'us'],
      ['He agreed to a pilot on 3 December.', 'customer'],
    ]);
    expect(summary.keyPoints).toEqual([
      'They are worried about the rollout timeline.', 'We will send the proposal next Wednesday.', 'He agreed to a pilot on 3 December.',
    ]);
    expect(summary.keywords[0]).toBe('wednesday');
  });

  it('keeps the sentences that name dates, amounts and promises when keywords are even', () => {
    const text = '聊得很愉快。客户预算约50万元。聊了聊行业情况。我们会在周五前发送方案。';
    expect(summarise(text, context(weighted({}))).keyPoints).toEqual(['客户预算约50万元。', '我们会在周五前发送方案。']);
  });

  it('makes a one-sentence note its own key point and an empty note an empty summary', () => {
    expect(summarise('电话无人接听', context()).keyPoints).toEqual(['电话无人接听']);
    expect(summarise('  ', context())).toEqual({ keyPoints: [], keywords: [], commitments: [], dates: [], amounts: [] });
  });

  it('drops numbers from the keywords: they are dates and amounts already', () => {
    const summary = summarise('预算30万，11月30日签约。', context(weighted({ 30: 3, 11: 2, 签约: 1 })));
    expect(summary.keywords).toEqual(['签约']);
  });

  it('suggests the first commitment date still ahead as the next action’s due time, else the first date ahead', () => {
    const summary = summarise('上周三客户来电。我们会在下周三前发送方案。月底前签约。', context());
    expect(suggestedDueAt(summary, friday10)).toBe('2026-12-02T10:00:00.000Z');
    const noPromise = summarise('上周三客户来电，月底前签约。', context());
    expect(noPromise.commitments.map((c) => c.by)).toEqual(['unknown']);
    expect(suggestedDueAt({ ...noPromise, commitments: [] }, friday10)).toBe('2026-11-30T10:00:00.000Z');
    expect(suggestedDueAt(summarise('客户关注交付周期。', context()), friday10)).toBeNull();
  });
});

describe('sentences', () => {
  it('splits on Chinese and English stops but not inside numbers or abbreviations', () => {
    expect(sentencesOf('预算3.5万元。好！Met Mr. Li, e.g. the CTO. Then left\n下一步？').map((s) => s.text)).toEqual([
      '预算3.5万元。', '好！', 'Met Mr. Li, e.g. the CTO.', 'Then left', '下一步？',
    ]);
  });
});
