/** What the capture forms ask the server: the company's next-action kinds, the speech set-up, a summary preview, a transcription. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ActivitySummary, NextActionKind, StewardSettings } from '@closeloop/core';
import { api } from '../../api/client';
import { useDebounced } from '../../lib/use-debounced';

/** The same key as the admin's settings page, so a change made there shows in the forms at once. */
const stewardSettingsKey = ['steward', 'settings'];

/** `retry` is set when the list could not be loaded: a lead's call cannot be saved without it, so the form offers it. */
export function useNextActionKinds(): { kinds: NextActionKind[]; isPending: boolean; retry: (() => void) | undefined } {
  const query = useQuery({
    queryKey: stewardSettingsKey,
    queryFn: ({ signal }) => api<{ settings: StewardSettings; version: number; updatedAt: string | null }>('/steward/settings', { signal }),
    staleTime: 5 * 60_000,
  });
  return { kinds: query.data?.settings.nextActionKinds ?? [], isPending: query.isPending, retry: query.isError ? () => void query.refetch() : undefined };
}

export interface SpeechStatus {
  transcription: boolean;
  maxBytes: number;
}

export function useSpeechStatus() {
  return useQuery({ queryKey: ['speech', 'status'], queryFn: ({ signal }) => api<SpeechStatus>('/speech', { signal }), staleTime: 10 * 60_000 });
}

/** The summary of what is typed so far, asked for once the typing pauses; the last one stays on screen meanwhile. */
export function useSummaryPreview(text: string, occurredAt: string | undefined) {
  const settled = useDebounced(text.trim(), 600);
  return useQuery({
    queryKey: ['capture', 'summary', settled, occurredAt ?? null],
    queryFn: ({ signal }) =>
      api<ActivitySummary>('/activities/summary', { method: 'POST', body: { text: settled, ...(occurredAt ? { occurredAt } : {}) }, signal }),
    enabled: [...settled].length >= 4,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
}

export function transcribe(recording: Blob, fileName: string, language: 'zh' | 'en'): Promise<{ text: string }> {
  const form = new FormData();
  form.append('language', language);
  form.append('file', recording, fileName);
  return api<{ text: string }>('/speech/transcriptions', { method: 'POST', body: form });
}
