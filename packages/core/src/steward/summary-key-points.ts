/**
 * Key points: the sentences that say the most. Each sentence scores the TF-IDF weight of the text's keywords it holds
 * (the segmenter's), plus a bonus for naming a date, an amount or a promise — what a manager reading the note asks
 * about first. The best few are kept in the order they were written.
 */
import { sentencesOf, type Sentence, type TextSegmenter } from './summary-text.js';

const maxKeyPoints = 3;
const maxKeywords = 8;
const maxPointLength = 200;

/** Spans already found in the text: a sentence holding one of them is worth more. */
export interface Signals {
  indexes: readonly number[];
}

export function keyPointsOf(text: string, segmenter: TextSegmenter, signals: Signals): { keyPoints: string[]; keywords: string[] } {
  const keywords = segmenter
    .keywords(text, maxKeywords * 2)
    // Numbers and single letters are found as dates and amounts; as keywords they say nothing.
    .filter((k) => [...k.word].length > 1 && !/^[\d.,%]+$/.test(k.word) && /[\p{L}]/u.test(k.word));
  const sentences = sentencesOf(text).filter((s) => [...s.text].length >= 4);
  const shownKeywords = keywords.slice(0, maxKeywords).map((k) => k.word);
  if (sentences.length === 0) return { keyPoints: [], keywords: shownKeywords };
  const heaviest = keywords[0]?.weight ?? 1;
  const score = (sentence: Sentence) => {
    const lower = sentence.text.toLowerCase();
    const words = keywords.reduce((sum, k) => sum + (lower.includes(k.word.toLowerCase()) ? k.weight : 0), 0);
    const end = sentence.index + sentence.text.length;
    const signalled = signals.indexes.filter((at) => at >= sentence.index && at < end).length;
    return words + Math.min(signalled, 2) * heaviest;
  };
  const wanted = Math.min(maxKeyPoints, Math.ceil(sentences.length / 2));
  const chosen = sentences
    .map((sentence, order) => ({ sentence, order, score: score(sentence) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, wanted)
    .sort((a, b) => a.order - b.order);
  return { keyPoints: chosen.map(({ sentence }) => clip(sentence.text)), keywords: shownKeywords };
}

function clip(sentence: string): string {
  const chars = [...sentence];
  return chars.length <= maxPointLength ? sentence : `${chars.slice(0, maxPointLength - 1).join('')}…`;
}
