/**
 * The team board's figures. The key starts with 'leads' because the board is counted from leads: a live push about
 * a lead (or a lead edited on another page) refreshes it along with the lists. It is also re-read every minute.
 */
import { useQuery } from '@tanstack/react-query';
import type { PipelineBoard } from '@closeloop/core';
import { api } from '../../../api/client';

export const refreshEveryMs = 60_000;

export function usePipelineBoard() {
  return useQuery({
    queryKey: ['leads', 'board'],
    queryFn: ({ signal }) => api<PipelineBoard>('/dashboard/pipeline', { signal }),
    refetchInterval: refreshEveryMs,
    staleTime: 15_000,
  });
}
