/**
 * The screening card (A2): what a rep confirms about a lead after the first contact. Pure rules: when the card
 * reminds, which cadence an intent level plans, which answers the card starts with (everything the records already
 * know, so the rep types nothing twice) and which intent tags it offers as chips.
 */
import type { budgetBands, companySizes, decisionChains, Industry } from '../crm/vocab.js';
import type { IntentLevel, StewardSettings } from './settings.js';

export type ScreeningCompanySize = (typeof companySizes)[number];
export type ScreeningBudgetBand = (typeof budgetBands)[number];
export type ScreeningDecisionChain = (typeof decisionChains)[number];

export interface ScreeningAnswers {
  industry: Industry | null;
  companySize: ScreeningCompanySize | null;
  budgetBand: ScreeningBudgetBand | null;
  decisionChain: ScreeningDecisionChain | null;
  intentLevel: IntentLevel;
  intentTags: string[];
  cadenceDays: number;
}

/** The facts the card can prefill, and where each came from. */
export const screeningFacts = ['industry', 'companySize', 'budgetBand', 'decisionChain'] as const;
export type ScreeningFact = (typeof screeningFacts)[number];
export type ScreeningFactSource = 'lead' | 'customer' | 'card';

/** What the records say about a lead, as the card reads them. */
export interface ScreeningRecordFacts {
  lead: { industry: Industry | null; intentTags: readonly string[]; intentLevel: IntentLevel | null; cadenceDays: number | null };
  /** The linked customer, if any. Its 'unknown' budget and decision chain are not knowledge. */
  customer: { industry: Industry; size: ScreeningCompanySize; budgetBand: ScreeningBudgetBand; decisionChain: ScreeningDecisionChain } | null;
}

/** Warm until the rep says otherwise: most first contacts are neither a signed order nor a dead end. */
export const defaultIntentLevel: IntentLevel = 'warm';

export function screeningRemindAt(firstContactAt: string | Date, settings: Pick<StewardSettings, 'screeningReminderMinutes'>): string {
  return new Date(new Date(firstContactAt).getTime() + settings.screeningReminderMinutes * 60_000).toISOString();
}

export function cadenceFor(level: IntentLevel, settings: Pick<StewardSettings, 'cadenceDays'>): number {
  return settings.cadenceDays[level];
}

/**
 * The answers a card starts with: what the rep saved before, else what the lead and its customer say, else the
 * company defaults. `sources` names the facts the system filled in, so the form can show them as known.
 */
export function screeningDefaults(
  facts: ScreeningRecordFacts,
  saved: ScreeningAnswers | null,
  settings: Pick<StewardSettings, 'cadenceDays'>,
): { answers: ScreeningAnswers; sources: Partial<Record<ScreeningFact, ScreeningFactSource>> } {
  if (saved) return { answers: saved, sources: Object.fromEntries(screeningFacts.filter((f) => saved[f] !== null).map((f) => [f, 'card'])) };
  const { lead, customer } = facts;
  const known = (value: string | null | undefined) => (value && value !== 'unknown' ? value : null);
  const sources: Partial<Record<ScreeningFact, ScreeningFactSource>> = {};
  const pick = <T>(fact: ScreeningFact, fromLead: T | null, fromCustomer: T | null): T | null => {
    if (fromLead !== null) sources[fact] = 'lead';
    else if (fromCustomer !== null) sources[fact] = 'customer';
    return fromLead ?? fromCustomer;
  };
  const intentLevel = lead.intentLevel ?? defaultIntentLevel;
  return {
    answers: {
      industry: pick('industry', lead.industry, customer?.industry ?? null),
      companySize: pick('companySize', null, customer?.size ?? null),
      budgetBand: pick('budgetBand', null, known(customer?.budgetBand) as ScreeningBudgetBand | null),
      decisionChain: pick('decisionChain', null, known(customer?.decisionChain) as ScreeningDecisionChain | null),
      intentLevel,
      intentTags: [...lead.intentTags],
      cadenceDays: lead.cadenceDays ?? cadenceFor(intentLevel, settings),
    },
    sources,
  };
}

/** Tags as stored: trimmed, empty ones dropped, each once (ignoring case), at most 20. */
export function normaliseIntentTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLocaleLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out.slice(0, 20);
}

/**
 * The chips a card offers: the tags the company's reps used most on recent cards (ties: the more recent first),
 * then the starter tags of the reader's language, up to `limit`.
 */
export function commonIntentTags(recentTagLists: readonly (readonly string[])[], starter: readonly string[], limit = 12): string[] {
  const counts = new Map<string, { tag: string; count: number; first: number }>();
  recentTagLists.forEach((tags, index) => {
    for (const tag of normaliseIntentTags(tags)) {
      const key = tag.toLocaleLowerCase();
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else counts.set(key, { tag, count: 1, first: index });
    }
  });
  const ranked = [...counts.values()].sort((a, b) => b.count - a.count || a.first - b.first).map((e) => e.tag);
  return normaliseIntentTags([...ranked, ...starter]).slice(0, limit);
}

/** Chips a company without history starts with. */
export const starterIntentTags: Record<'zh-CN' | 'en', readonly string[]> = {
  'zh-CN': ['预算已批', '急需', '比价中', '需要演示', '已接触决策人', '关注交付周期', '关注价格', '需要案例'],
  en: ['Budget approved', 'Urgent', 'Comparing vendors', 'Wants a demo', 'Decision maker met', 'Delivery time matters', 'Price sensitive', 'Wants references'],
};
