/**
 * The silence alert (SPEC A5) as the phone flags a lead: silent once its stage's limit in the company's steward
 * settings has passed since its last action — the rule the server's sweep raises alerts by (core silence.ts). Until
 * the settings have loaded the defaults apply (72 h for every stage).
 */
import { useQuery } from '@tanstack/react-query';
import { defaultStewardSettings, isSilent, type Lead, type SilenceRules, type StewardSettings } from '@closeloop/core';
import { api } from '../../api/client';

/** The same key and answer as the other readers of the settings (the capture forms, the admin page). */
export function useSilenceRules(): SilenceRules {
  const query = useQuery({
    queryKey: ['steward', 'settings'],
    queryFn: ({ signal }) => api<{ settings: StewardSettings; version: number; updatedAt: string | null }>('/steward/settings', { signal }),
    staleTime: 5 * 60_000,
  });
  return query.data?.settings ?? defaultStewardSettings;
}

export function isSilentLead(lead: Pick<Lead, 'stage' | 'lastActivityAt'>, rules: SilenceRules, now = new Date()): boolean {
  return isSilent(lead.stage, lead.lastActivityAt, rules, now);
}
