import { describe, expect, it } from 'vitest';
import { findCommitments } from './summary-commitments.js';
import { findDates } from './summary-dates.js';
import { plainSegmenter, type TextSegmenter } from './summary-text.js';

const friday10 = '2026-11-27T02:00:00.000Z';
const commitments = (text: string, segmenter: TextSegmenter = plainSegmenter) =>
  findCommitments(text, segmenter, findDates(text, friday10, 'Asia/Shanghai').map((d) => d.index)).map((c) => [c.text, c.by]);

/** A segmenter that cuts as jieba does for these sentences ("王总", "会议室" whole). */
const dictionary = ['王总', '李经理', '会议室', '采购部', '要求', '我们', '我方', '对方', '客户', '答应', '同意', '承诺', '尽快'];
const wordSegmenter: TextSegmenter = {
  cut(text) {
    const words: string[] = [];
    for (let i = 0; i < text.length; ) {
      const word = dictionary.find((w) => text.startsWith(w, i)) ?? text[i]!;
      words.push(word);
      i += word.length;
    }
    return words;
  },
  keywords: () => [],
};

describe('commitments in a note', () => {
  it.each([
    ['我们会在明天下午3点前发送方案。', '我们会在明天下午3点前发送方案。', 'us'],
    ['客户预算约30万，我们会尽快发送报价。', '我们会尽快发送报价。', 'us'],
    ['我方承诺两周内完成部署。', '我方承诺两周内完成部署。', 'us'],
    ['客户答应下周三带技术负责人参加演示。', '客户答应下周三带技术负责人参加演示。', 'customer'],
    ['对方同意先做试点。', '对方同意先做试点。', 'customer'],
    ['王总答应11月30日前带采购负责人一起开会。', '王总答应11月30日前带采购负责人一起开会。', 'customer'],
    ['拜访采购部，下周三安排技术演示。', '下周三安排技术演示。', 'unknown'],
    ['三天内发送报价单。', '三天内发送报价单。', 'unknown'],
    ['We will send the proposal next Wednesday.', 'We will send the proposal next Wednesday.', 'us'],
    ["I'll call them back tomorrow.", "I'll call them back tomorrow.", 'us'],
    ['They agreed to a pilot in December.', 'They agreed to a pilot in December.', 'customer'],
    ['The customer promised to share the tender documents.', 'The customer promised to share the tender documents.', 'customer'],
    ['Mr. Wang committed to bringing the purchasing lead.', 'Mr. Wang committed to bringing the purchasing lead.', 'customer'],
  ])('finds the promise in %s', (text, promise, by) => {
    expect(commitments(text, wordSegmenter)).toEqual([[promise, by]]);
  });

  it('keeps one commitment per sentence, in order, across both languages', () => {
    const text = '客户关注交付周期。我们会在周五前发送方案，并安排演示。They agreed to review it next week.';
    expect(commitments(text, wordSegmenter)).toEqual([
      ['我们会在周五前发送方案，并安排演示。', 'us'],
      ['They agreed to review it next week.', 'customer'],
    ]);
  });

  it.each([
    '我会议室订好了。',
    '客户要求提供同行业案例。',
    '客户关注交付周期，担心实施风险。',
    'It will rain tomorrow.',
    'There will be a tender in spring.',
    'Met the IT director.',
  ])('finds no promise in %s', (text) => {
    expect(commitments(text, wordSegmenter)).toEqual([]);
  });

  it('reads "我会" as "I will" where jieba keeps it as one word', () => {
    const asJieba: TextSegmenter = { cut: () => ['我会', '在', '周五', '前', '发送', '方案', '。'], keywords: () => [] };
    expect(commitments('我会在周五前发送方案。', asJieba)).toEqual([['我会在周五前发送方案。', 'us']]);
  });

  it('still finds the usual promises with the plain segmenter that stands in for jieba', () => {
    expect(commitments('我们会在周五前发送方案。王总答应带采购负责人来。')).toEqual([
      ['我们会在周五前发送方案。', 'us'],
      ['王总答应带采购负责人来。', 'customer'],
    ]);
  });
});
