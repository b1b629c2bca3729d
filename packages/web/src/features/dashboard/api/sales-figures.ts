/**
 * The live sales figures (B5). Keyed under 'figures': the server's live stream sends a `figures` change hint within
 * a second of a confirmed receipt or a signed contract, and api/live.ts refetches every open board on it.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SalesFigures } from '@closeloop/core';
import { api } from '../../../api/client';

export function useSalesFigures(from: string, to: string) {
  return useQuery({
    queryKey: ['figures', 'sales', from, to],
    queryFn: ({ signal }) => api<SalesFigures>('/figures/sales', { query: { from, to }, signal }),
    placeholderData: keepPreviousData,
  });
}
