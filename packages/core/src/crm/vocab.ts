/** Closed vocabularies of the CRM. Labels for people live in the web catalogues, keyed by these codes. */
export const industries = [
  'manufacturing', 'education', 'retail', 'healthcare', 'saas', 'finance', 'logistics', 'energy',
  'construction', 'government', 'other',
] as const;
export type Industry = (typeof industries)[number];

export const companySizes = ['micro', 'small', 'medium', 'large', 'enterprise'] as const;
export const budgetBands = ['under_100k', '100k_500k', '500k_2m', 'over_2m', 'unknown'] as const;
/** Who decides: one person, a chain of sign-offs, or a buying committee. Feeds talk-track choice (A3). */
export const decisionChains = ['single', 'multi_level', 'committee', 'unknown'] as const;
export const leadSources = ['quick_add', 'web_form', 'import', 'api', 'referral', 'exhibition', 'cold_call', 'other'] as const;
export const leadStages = ['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type LeadStage = (typeof leadStages)[number];
/** Won and lost leads are finished; every other stage is still being worked (and can go silent). */
export const closedLeadStages = ['won', 'lost'] as const satisfies readonly LeadStage[];
export type OpenLeadStage = Exclude<LeadStage, (typeof closedLeadStages)[number]>;
export const openLeadStages = leadStages.filter((s) => !(closedLeadStages as readonly string[]).includes(s)) as OpenLeadStage[];
export const activityKinds = ['call', 'visit', 'meeting', 'note'] as const;
export const recordStatuses = ['active', 'archived'] as const;
export const currencies = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'SGD'] as const;
