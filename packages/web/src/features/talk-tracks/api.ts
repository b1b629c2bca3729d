/**
 * Talk tracks over the API: a lead's suggested scripts and a rep's marks on them (desk and phone), and the library
 * admins keep. No UI library here, so the phone's panel can share it without pulling in the desk's.
 * Suggestions are cached under the lead (`['leads', …]`), so a change to the lead — pushed live or saved here —
 * ranks them again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StarterLibraryResult, TalkTrack, TalkTrackCreate, TalkTrackFeedbackKind, TalkTrackFeedbackResult, TalkTrackSuggestion } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import type { SubmitKeys } from '../../lib/use-submit-key';

export type ScriptLocale = 'zh-CN' | 'en';

export const scriptLocaleOf = (language: string): ScriptLocale => (language === 'en' ? 'en' : 'zh-CN');

const suggestionsKey = (leadId: string, locale: ScriptLocale) => ['leads', 'talk-tracks', leadId, locale] as const;

export function useSuggestions(leadId: string, locale: ScriptLocale) {
  return useQuery({
    queryKey: suggestionsKey(leadId, locale),
    queryFn: ({ signal }) => api<{ items: TalkTrackSuggestion[] }>(`/leads/${leadId}/talk-tracks`, { query: { locale }, signal }).then((r) => r.items),
  });
}

/** Marks a script for the lead; the answer's own marks and counts go straight into the suggestions on screen. */
export function useMark(leadId: string, locale: ScriptLocale) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ trackId, kind }: { trackId: string; kind: TalkTrackFeedbackKind }) =>
      api<TalkTrackFeedbackResult>(`/talk-tracks/${trackId}/feedback`, { method: 'POST', body: { leadId, kind } }),
    onSuccess: (result) => {
      client.setQueryData<TalkTrackSuggestion[]>(suggestionsKey(leadId, locale), (items) =>
        items?.map((item) => (item.track.id === result.talkTrackId ? { ...item, mine: result.mine, track: { ...item.track, feedback: result.feedback } } : item)),
      );
      void client.invalidateQueries({ queryKey: ['talk-tracks'] });
    },
  });
}

/** A type, not an interface: it passes as a query string's parameters. */
export type LibraryFilters = {
  locale?: ScriptLocale | undefined;
  status: 'active' | 'archived' | 'all';
  industry?: string | undefined;
  q?: string | undefined;
};

export function useLibrary(filters: LibraryFilters) {
  return useQuery({
    queryKey: ['talk-tracks', filters],
    queryFn: ({ signal }) => api<{ items: TalkTrack[] }>('/talk-tracks', { query: filters, signal }).then((r) => r.items),
  });
}

/** After any change to the library: every list of it, and every lead's suggestions, are read again. */
function useLibraryChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['talk-tracks'] });
    void client.invalidateQueries({ queryKey: ['leads', 'talk-tracks'] });
  };
}

/** A new script is sent with the form's submit key, so a retry or a double click adds it once. */
export function useSaveTrack(submitKey: SubmitKeys) {
  const changed = useLibraryChanged();
  return useMutation({
    mutationFn: ({ track, body }: { track: TalkTrack | null; body: Partial<TalkTrackCreate> }) =>
      track
        ? api<TalkTrack>(`/talk-tracks/${track.id}`, { method: 'PATCH', body: { ...body, version: track.version } })
        : api<TalkTrack>('/talk-tracks', { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) }),
    onSuccess: (_saved, { track }) => {
      if (!track) submitKey.done();
      changed();
    },
    // Someone else saved it meanwhile: the list is read again, so opening the script again shows their version.
    onError: (error) => error instanceof ApiError && error.code === 'STALE_VERSION' && changed(),
  });
}

export function useArchiveTrack() {
  const changed = useLibraryChanged();
  return useMutation({
    mutationFn: ({ track, archived }: { track: TalkTrack; archived: boolean }) =>
      api<TalkTrack>(`/talk-tracks/${track.id}/${archived ? 'archive' : 'restore'}`, { method: 'POST', body: { version: track.version } }),
    onSuccess: changed,
  });
}

export function useRestoreStarterLibrary() {
  const changed = useLibraryChanged();
  return useMutation({
    mutationFn: () => api<StarterLibraryResult>('/talk-tracks/starter-library', { method: 'POST' }),
    onSuccess: changed,
  });
}
