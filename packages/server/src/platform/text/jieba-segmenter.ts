/**
 * Word segmentation for summaries with jieba (@node-rs/jieba: a napi prebuilt from the npm registry, one package per
 * platform). Its dictionary takes a moment and ~20 MB to load, so it loads on the first summary, once per process.
 * On a platform without a prebuilt binary the plain segmenter from core stands in: summaries still work, with
 * rougher Chinese keywords.
 */
import { createRequire } from 'node:module';
import { englishKeywords, mergeKeywords, plainSegmenter, type Keyword, type TextSegmenter } from '@closeloop/core';

interface JiebaBinding {
  Jieba: { withDict(dict: Uint8Array): { cut(text: string, hmm?: boolean): string[] } };
  TfIdf: { withDict(idf: Uint8Array): { extractKeywords(jieba: unknown, text: string, topK: number, allowedPos?: string[]): Array<{ keyword: string; weight: number }> } };
}

/** Nouns, verbs, verbal nouns, adjectives, idioms and abbreviations: the parts of speech that carry the content. */
const contentTags = ['n', 'nr', 'ns', 'nt', 'nz', 'vn', 'v', 'a', 'an', 'l', 'i', 'j'];
const hanWord = /^\p{Script=Han}+$/u;

let loaded: TextSegmenter | undefined;

export function jiebaSegmenter(onFallback: (reason: string) => void = () => {}): TextSegmenter {
  loaded ??= load(onFallback);
  return loaded;
}

function load(onFallback: (reason: string) => void): TextSegmenter {
  let jieba: ReturnType<JiebaBinding['Jieba']['withDict']>;
  let tfidf: ReturnType<JiebaBinding['TfIdf']['withDict']>;
  try {
    const require = createRequire(import.meta.url);
    const binding = require('@node-rs/jieba') as JiebaBinding;
    const { dict, idf } = require('@node-rs/jieba/dict') as { dict: Uint8Array; idf: Uint8Array };
    jieba = binding.Jieba.withDict(dict);
    tfidf = binding.TfIdf.withDict(idf);
  } catch (error) {
    onFallback(error instanceof Error ? error.message : String(error));
    return plainSegmenter;
  }
  return {
    cut: (text) => jieba.cut(text, true).filter((word) => word.trim() !== ''),
    keywords(text, limit) {
      // jieba's IDF table is Chinese; English words are weighed by frequency and merged in.
      const chinese: Keyword[] = tfidf
        .extractKeywords(jieba, text, limit, contentTags)
        .filter((k) => hanWord.test(k.keyword))
        .map((k) => ({ word: k.keyword, weight: k.weight }));
      return mergeKeywords([chinese, englishKeywords(text, limit)], limit);
    },
  };
}
