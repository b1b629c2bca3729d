/**
 * Commitments in a rep's notes: sentences where someone promises or agrees to do something — "我们会在周五前发送方案",
 * "王总答应带采购负责人来", "三天内发送报价单", "We will send the quote by Friday", "They agreed to a pilot". Who
 * promised is read from the subject before the promise: us (the rep's side), the customer, or unknown. Chinese is read
 * word by word (the injected segmenter), so "我会议室" is no promise.
 */
import { clausesOf, hasHan, sentencesOf, type Sentence, type TextSegmenter } from './summary-text.js';

export const commitmentParties = ['us', 'customer', 'unknown'] as const;
export type CommitmentParty = (typeof commitmentParties)[number];

export interface CommitmentMention {
  text: string;
  index: number;
  by: CommitmentParty;
}

const ourWords = new Set(['我们', '我方', '我', '咱们', '我司', '本公司', '我这边', '我们公司']);
const theirWords = new Set(['客户', '对方', '他们', '他', '她', '甲方', '客户方', '厂方', '老板']);
/** 王总, 李经理, 采购总监: a person on the customer's side, by title. */
const titled = /^\p{Script=Han}{1,4}(?:总|经理|主任|总监|处长|科长|部长|主管|老师|工)$/u;
/** The same at the end of the words before a promise, for a segmenter that cut "王总" in two. */
const titledEnding = /(?:总|经理|主任|总监|处长|科长|部长|主管|老师)$/u;
/** Subject and "will" that jieba keeps as one word ("我会在周五前…"). */
const fusedPromises: Record<string, CommitmentParty> = { 我会: 'us', 我将: 'us', 他会: 'customer', 她会: 'customer', 他将: 'customer', 她将: 'customer' };
/** Words that promise by themselves. */
const promiseWords = new Set(['答应', '承诺', '保证', '约定', '许诺', '同意', '确认会']);
/** After a subject: "会", "将", "负责" … make it a promise. */
const modalWords = new Set(['会', '将', '将会', '要', '负责', '愿意', '计划', '准备', '打算', '争取']);
const adverbs = new Set(['来', '也', '都', '一定', '尽快', '马上', '立即', '还', '再', '就', '则', '这边', '明天', '今天', '下周', '本周']);
/** A plan without a subject counts when it names a date: "三天内发送报价单", "周五前确认预算". */
const planVerbs = /发送|发给|提供|安排|准备|提交|回复|确认|拜访|演示|报价|签约|签订|联系|约见|带上|邀请|寄送|上线|交付|付款/u;

const englishPromise = /\b(?:will|'ll|shall|(?:is|are|am) going to|promise[sd]?|agree[sd]?|commit(?:s|ted)?|undert(?:ook|akes?)|guarantee[sd]?)\b/i;
const englishSubject = /\b(we|i|us|our team|my team|they|he|she|the customer|the client|customer|client|it|this|that|there)\b|\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]\w+/gi;

function partyOfWord(word: string): CommitmentParty | undefined {
  if (ourWords.has(word)) return 'us';
  if (theirWords.has(word) || titled.test(word)) return 'customer';
  return undefined;
}

/** One commitment per sentence at most, from the clause where the promise is made to the end of the sentence. */
export function findCommitments(text: string, segmenter: TextSegmenter, dateIndexes: readonly number[]): CommitmentMention[] {
  const found: CommitmentMention[] = [];
  for (const sentence of sentencesOf(text)) {
    const mention = hasHan(sentence.text) ? chineseCommitment(sentence, segmenter, dateIndexes) : englishCommitment(sentence);
    if (mention) found.push(mention);
  }
  return found;
}

function chineseCommitment(sentence: Sentence, segmenter: TextSegmenter, dateIndexes: readonly number[]): CommitmentMention | undefined {
  for (const clause of clausesOf(sentence)) {
    const by = promiseIn(segmenter.cut(clause.text));
    const dated = dateIndexes.some((at) => at >= clause.index && at < clause.index + clause.text.length);
    const planned = by === undefined && dated && planVerbs.test(clause.text) ? 'unknown' : undefined;
    const party = by ?? planned;
    if (party !== undefined) {
      const from = clause.index - sentence.index;
      return { text: sentence.text.slice(from), index: clause.index, by: party };
    }
  }
  return undefined;
}

/** Who promises in these words, or undefined when they promise nothing. */
function promiseIn(words: readonly string[]): CommitmentParty | undefined {
  let subject: CommitmentParty | undefined;
  let subjectEnds = -1;
  for (const [i, word] of words.entries()) {
    const fused = fusedPromises[word];
    if (fused) return fused;
    const party = partyOfWord(word);
    if (party) {
      subject = party;
      subjectEnds = i;
      continue;
    }
    if (promiseWords.has(word)) return subject ?? (titledEnding.test(words.slice(0, i).join('')) ? 'customer' : 'unknown');
    if (modalWords.has(word) && subject && words.slice(subjectEnds + 1, i).every((w) => adverbs.has(w))) return subject;
  }
  return undefined;
}

function englishCommitment(sentence: Sentence): CommitmentMention | undefined {
  const promise = englishPromise.exec(sentence.text);
  if (!promise) return undefined;
  const before = sentence.text.slice(0, promise.index);
  const subjects = [...before.matchAll(englishSubject)];
  const subject = subjects[subjects.length - 1]?.[0].toLowerCase();
  // "It will rain", "there will be a tender": a forecast, not a promise.
  if (subject === 'it' || subject === 'this' || subject === 'that' || subject === 'there') return undefined;
  const by: CommitmentParty =
    subject === undefined ? 'unknown' : ['we', 'i', 'us', 'our team', 'my team'].includes(subject) ? 'us' : 'customer';
  return { text: sentence.text, index: sentence.index, by };
}
