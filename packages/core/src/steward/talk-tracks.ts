/**
 * Talk-track ranking (A3): which scripts fit a lead best, and why. Pure: the caller reads the templates, the
 * feedback tallies and the lead's facts; this file only weighs them.
 *
 * Per fact (industry, budget band, decision chain, stage) a template's rule scores, times that fact's weight:
 * - 1 when the rule names the lead's value (an exact match);
 * - 0.25 when the rule is [] (any value: it fits, but says less than a match);
 * - 0 when the rule names values but the lead's value is not known yet (no evidence either way);
 * - and a rule naming other values than the lead's rules the template out (a manufacturing script for a school).
 * A fact with weight 0 is ignored altogether. Reps' feedback adds `weights.feedback` times a signal in (-1, 1.5):
 * the helpful share as a Bayesian average (4 imaginary votes at 50 %, so one vote cannot dominate) mapped to
 * (-1, 1), plus up to 0.5 for how often the script was used. Ties go to the more specific template, then by title
 * and id, so the same inputs always give the same order.
 */
import { budgetBands, decisionChains, industries, type Industry, type LeadStage } from '../crm/vocab.js';
import type { StewardSettings } from './settings.js';

/** The budget bands and decision chains a rule can name: every code but 'unknown'. */
export const knownBudgetBands = budgetBands.filter((b) => b !== 'unknown') as Array<Exclude<(typeof budgetBands)[number], 'unknown'>>;
export type KnownBudgetBand = (typeof knownBudgetBands)[number];
export const knownDecisionChains = decisionChains.filter((c) => c !== 'unknown') as Array<Exclude<(typeof decisionChains)[number], 'unknown'>>;
export type KnownDecisionChain = (typeof knownDecisionChains)[number];

export type TalkTrackWeights = StewardSettings['talkTrackWeights'];
export const talkTrackFacts = ['industry', 'budgetBand', 'decisionChain', 'stage'] as const;
export type TalkTrackFact = (typeof talkTrackFacts)[number];

/** A template's matching rules: the values each fact may have for the script to fit; [] = any. */
export interface TalkTrackRules {
  industries: readonly Industry[];
  budgetBands: readonly KnownBudgetBand[];
  decisionChains: readonly KnownDecisionChain[];
  stages: readonly LeadStage[];
}

/** Reps' marks on a template, counted over the organisation: one per person, lead and kind. */
export interface TalkTrackFeedbackTally {
  used: number;
  helpful: number;
  notHelpful: number;
}

export interface TalkTrackCandidate extends TalkTrackRules {
  id: string;
  title: string;
  feedback: TalkTrackFeedbackTally;
}

/** What is known about a lead; null = not known (yet). */
export interface LeadFacts {
  industry: Industry | null;
  budgetBand: KnownBudgetBand | null;
  decisionChain: KnownDecisionChain | null;
  stage: LeadStage;
}

/** Why a template was picked, as data: the web puts it in words in the reader's language. */
export type TalkTrackReason =
  | { kind: 'match'; fact: TalkTrackFact; value: string }
  | { kind: 'general' }
  | { kind: 'feedback'; helpful: number; rated: number; used: number };

export interface RankedTalkTrack<T> {
  track: T;
  /** Higher fits better; two decimals. */
  score: number;
  reasons: TalkTrackReason[];
}

const anyValueFit = 0.25;
const priorVotes = 4;
const usageCap = 0.5;
const usageHalfPoint = 10;

const ruleOf: Record<TalkTrackFact, (rules: TalkTrackRules) => readonly string[]> = {
  industry: (r) => r.industries,
  budgetBand: (r) => r.budgetBands,
  decisionChain: (r) => r.decisionChains,
  stage: (r) => r.stages,
};

/** The feedback signal of a tally, in (-1, 1.5): smoothed helpful share plus a little for use. */
export function feedbackSignal({ used, helpful, notHelpful }: TalkTrackFeedbackTally): number {
  const rated = helpful + notHelpful;
  const helpfulShare = (helpful + priorVotes / 2) / (rated + priorVotes);
  return 2 * (helpfulShare - 0.5) + (usageCap * used) / (used + usageHalfPoint);
}

interface Scored<T> extends RankedTalkTrack<T> {
  rawScore: number;
  exactMatches: number;
}

/** Scores one template for a lead; null when one of its rules excludes the lead. */
function scoreOne<T extends TalkTrackCandidate>(track: T, facts: LeadFacts, weights: TalkTrackWeights): Scored<T> | null {
  let rawScore = 0;
  let exactMatches = 0;
  const reasons: TalkTrackReason[] = [];
  for (const fact of talkTrackFacts) {
    const weight = weights[fact];
    if (weight === 0) continue;
    const rule = ruleOf[fact](track);
    const value = facts[fact];
    if (rule.length === 0) rawScore += weight * anyValueFit;
    else if (value === null) continue;
    else if (rule.includes(value)) {
      rawScore += weight;
      exactMatches += 1;
      reasons.push({ kind: 'match', fact, value });
    } else return null;
  }
  if (exactMatches === 0) reasons.push({ kind: 'general' });
  const { used, helpful, notHelpful } = track.feedback;
  if (weights.feedback > 0) rawScore += weights.feedback * feedbackSignal(track.feedback);
  if (used + helpful + notHelpful > 0) reasons.push({ kind: 'feedback', helpful, rated: helpful + notHelpful, used });
  return { track, rawScore, exactMatches, score: Math.round(rawScore * 100) / 100, reasons };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The `limit` templates that fit the lead best, best first, each with its score and reasons. */
export function rankTalkTracks<T extends TalkTrackCandidate>(
  candidates: readonly T[],
  facts: LeadFacts,
  weights: TalkTrackWeights,
  limit = 3,
): RankedTalkTrack<T>[] {
  return candidates
    .map((track) => scoreOne(track, facts, weights))
    .filter((scored): scored is Scored<T> => scored !== null)
    .sort((a, b) => b.rawScore - a.rawScore || b.exactMatches - a.exactMatches || byCodePoint(a.track.title, b.track.title) || byCodePoint(a.track.id, b.track.id))
    .slice(0, limit)
    .map(({ track, score, reasons }) => ({ track, score, reasons }));
}

/** The facts a customer record holds (its enums say 'unknown' where we say null). */
export interface CustomerFacts {
  industry: string;
  budgetBand: string;
  decisionChain: string;
}

/**
 * A lead's facts for ranking: the linked customer's where known; otherwise the lead's own industry and what the rep
 * confirmed on the screening card. The card's answers are free JSON written by another feature, so each value is
 * taken only if it is one of the vocabulary's codes.
 */
export function leadFactsOf(lead: { stage: LeadStage; industry: string | null }, customer: CustomerFacts | null, screeningAnswers: unknown): LeadFacts {
  const answers = typeof screeningAnswers === 'object' && screeningAnswers !== null ? (screeningAnswers as Record<string, unknown>) : {};
  return {
    industry: known(industries, customer?.industry) ?? known(industries, lead.industry) ?? known(industries, answers.industry),
    budgetBand: known(knownBudgetBands, customer?.budgetBand) ?? known(knownBudgetBands, answers.budgetBand),
    decisionChain: known(knownDecisionChains, customer?.decisionChain) ?? known(knownDecisionChains, answers.decisionChain),
    stage: lead.stage,
  };
}

function known<V extends string>(vocabulary: readonly V[], value: unknown): V | null {
  return typeof value === 'string' && (vocabulary as readonly string[]).includes(value) ? (value as V) : null;
}
