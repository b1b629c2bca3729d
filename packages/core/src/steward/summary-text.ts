/**
 * The text side of a summary: sentences and clauses, and the word segmenter the rules are given. Core cannot load
 * jieba (a native module, and core is bundled into the web app), so the server injects a jieba-backed segmenter; the
 * plain one here is the fallback where jieba is missing, and what the rules' own tests use.
 */

export interface Keyword {
  word: string;
  weight: number;
}

export interface TextSegmenter {
  /** The words of a text in reading order (punctuation may appear as words of its own). */
  cut(text: string): string[];
  /** The text's most telling words, heaviest first (TF-IDF). */
  keywords(text: string, limit: number): Keyword[];
}

export interface Sentence {
  text: string;
  index: number;
}

const han = /\p{Script=Han}/u;
export const hasHan = (text: string): boolean => han.test(text);

/** Sentences with their offsets: split after 。！？；, line breaks, and . ! ? followed by a space (not "3.5", "e.g"). */
export function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  const boundary = /[。！？；!?\n]+|\.(?=\s|$)(?<!\b(?:e\.g|i\.e|etc|Mr|Ms|Mrs|Dr|No)\.)/gu;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, index: start + raw.indexOf(trimmed) });
  };
  for (const match of text.matchAll(boundary)) {
    push(match.index + match[0].length);
    start = match.index + match[0].length;
  }
  push(text.length);
  return out;
}

/** A sentence's clauses (between commas), with offsets relative to the text the sentence came from. */
export function clausesOf(sentence: Sentence): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (const part of sentence.text.split(/(?<=[，,、：:])/u)) {
    const trimmed = part.trim();
    if (trimmed) out.push({ text: trimmed, index: sentence.index + start + part.indexOf(trimmed) });
    start += part.length;
  }
  return out;
}

const englishStopWords = new Set(
  ('a an and are as at be been but by can could did do does for from had has have he her him his i if in into is it its me more ' +
    'my no not of on or our out over she so than that the their them then there these they this those to up us was we were what when ' +
    'which who will with would you your also just about after before again all any some very should shall may might must').split(' '),
);
const chineseStopWords = new Set(['我们', '他们', '客户', '今天', '可以', '需要', '已经', '这个', '那个', '一个', '没有', '进行', '因为', '所以', '但是', '如果', '还是', '就是', '什么', '这样', '一下', '一些']);
/** Words the plain segmenter keeps whole, so its commitment rules see "我们" + "会" as jieba would. */
const chineseWords = ['我们', '我方', '咱们', '我司', '他们', '对方', '客户', '甲方', '将会', '答应', '承诺', '保证', '同意', '约定', '负责', '愿意', '计划', '准备', '打算', '会议'];

/**
 * A segmenter without a dictionary: Latin words and numbers whole, a few common Chinese words whole, other Chinese
 * characters one by one; keywords by frequency without stop words (Chinese as character pairs).
 */
export const plainSegmenter: TextSegmenter = {
  cut(text) {
    const words: string[] = [];
    const token = /\s+|[A-Za-z][A-Za-z'-]*|\d+(?:\.\d+)?|[^]/uy;
    let position = 0;
    while (position < text.length) {
      const known = chineseWords.find((word) => text.startsWith(word, position));
      token.lastIndex = position;
      const word = known ?? token.exec(text)![0];
      if (word.trim()) words.push(word);
      position += word.length;
    }
    return words;
  },
  keywords(text, limit) {
    const counts = new Map<string, number>();
    for (const run of text.match(/\p{Script=Han}{2,}/gu) ?? []) {
      for (let i = 0; i + 2 <= run.length; i++) {
        const pair = run.slice(i, i + 2);
        if (!chineseStopWords.has(pair)) counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
    return mergeKeywords([topOf(counts, limit), englishKeywords(text, limit)], limit);
  },
};

/**
 * English keywords by frequency without stop words, longer words a little heavier (they tend to be the specific ones).
 * A segmenter with a Chinese dictionary uses it for the Latin words.
 */
export function englishKeywords(text: string, limit: number): Keyword[] {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[a-z][a-z'-]{2,}/g) ?? []) {
    if (!englishStopWords.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1 + Math.min(word.length, 12) / 12);
  }
  return topOf(counts, limit);
}

/** Keyword lists from different scorers, each scaled to its heaviest, heaviest first. */
export function mergeKeywords(lists: readonly Keyword[][], limit: number): Keyword[] {
  return lists
    .flatMap((list) => list.map((k) => ({ word: k.word, weight: k.weight / (list[0]?.weight || 1) })))
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
    .slice(0, limit);
}

function topOf(counts: Map<string, number>, limit: number): Keyword[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([word, weight]) => ({ word, weight }));
}
