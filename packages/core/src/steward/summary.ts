/**
 * An activity's summary (A4), made from its text alone: key points, commitments, dates and amounts, in Chinese and
 * English (and a mix of both). Pure: the time it happened, the company's zone and currency, and the word segmenter are
 * passed in.
 */
import { findAmounts, type Currency } from './summary-amounts.js';
import { findCommitments } from './summary-commitments.js';
import type { ActivitySummary } from './summary-contracts.js';
import { findDates } from './summary-dates.js';
import { keyPointsOf } from './summary-key-points.js';
import type { TextSegmenter } from './summary-text.js';

export interface SummaryContext {
  /** When the activity happened: "明天" is the day after it. */
  occurredAt: string;
  /** The company's IANA zone, whose calendar the dates are on. */
  timeZone: string;
  /** The company's currency, for "30万" without one. */
  currency: Currency;
  segmenter: TextSegmenter;
}

const maxMentions = 10;

export function summarise(text: string, context: SummaryContext): ActivitySummary {
  if (!text.trim()) return { keyPoints: [], keywords: [], commitments: [], dates: [], amounts: [] };
  const dates = findDates(text, context.occurredAt, context.timeZone);
  const amounts = findAmounts(text, context.currency);
  const commitments = findCommitments(text, context.segmenter, dates.map((d) => d.index));
  const { keyPoints, keywords } = keyPointsOf(text, context.segmenter, {
    indexes: [...dates.map((d) => d.index), ...amounts.map((a) => a.index), ...commitments.map((c) => c.index)],
  });
  return {
    keyPoints,
    keywords,
    commitments: commitments.slice(0, maxMentions).map((c) => ({
      text: c.text,
      by: c.by,
      dueAt: dates.find((d) => d.index >= c.index && d.index < c.index + c.text.length)?.at ?? null,
    })),
    dates: dates.slice(0, maxMentions).map(({ text: phrase, date, time, at }) => ({ text: phrase, date, time, at })),
    amounts: amounts.slice(0, maxMentions).map((a) => ({ text: a.text, amount: { minor: a.minor, currency: a.currency } })),
  };
}

/**
 * The due time a summary suggests for the next action: the first commitment's date still ahead of `now`, else the
 * first date ahead of it; null when the text names none.
 */
export function suggestedDueAt(summary: ActivitySummary, now: string): string | null {
  const ahead = (at: string | null): at is string => at !== null && at > now;
  return summary.commitments.map((c) => c.dueAt).find(ahead) ?? summary.dates.map((d) => d.at).find(ahead) ?? null;
}
