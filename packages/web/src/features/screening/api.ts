/**
 * Screening cards over the API (A2): a lead's card, completing it, and the cards still open. No UI library here, so
 * the phone and the desk share it. Keys start with `screenings` (the live stream's hint for screening events) and the
 * lead's own card also sits under the lead, so a change to the lead reads it again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OpenScreeningCard, ScreeningCard, ScreeningCompletion } from '@closeloop/core';
import { api, type Page } from '../../api/client';

export const screeningCardKey = (leadId: string) => ['screenings', 'card', leadId] as const;

export function useScreeningCard(leadId: string, enabled = true) {
  return useQuery({
    queryKey: screeningCardKey(leadId),
    queryFn: ({ signal }) => api<ScreeningCard>(`/leads/${leadId}/screening-card`, { signal }),
    enabled,
  });
}

/** PUT the card with the version read; the answer is the card as saved, and the lead changed with it. */
export function useCompleteScreening(leadId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ScreeningCompletion) => api<ScreeningCard>(`/leads/${leadId}/screening-card`, { method: 'PUT', body }),
    onSuccess: (card) => {
      client.setQueryData(screeningCardKey(leadId), card);
      void client.invalidateQueries({ queryKey: ['screenings'] });
      void client.invalidateQueries({ queryKey: ['leads'] });
    },
  });
}

/** The caller's cards still to complete, the oldest first (a rep: their own). */
export function useOpenCards(ownerId: string | undefined, limit = 5) {
  return useQuery({
    queryKey: ['screenings', 'open', ownerId ?? null, limit],
    queryFn: ({ signal }) => api<Page<OpenScreeningCard>>('/screening-cards', { query: { status: 'open', ownerId, limit }, signal }),
  });
}
