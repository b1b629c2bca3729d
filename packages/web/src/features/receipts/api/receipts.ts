/**
 * Payment receipts (B1, B3; shapes from core's receipt-contracts.ts). Keys start with 'receipts' (live hints about a
 * receipt refresh them); a receipt's writes also refresh 'contracts', whose paid amounts and statuses it moves.
 */
import { useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContractSummary, Receipt, ReceiptCreate, ReceiptRefund, ReceiptUpdate } from '@closeloop/core';
import { api, type Page } from '../../../api/client';

export interface ReceiptFilter {
  status?: string | undefined;
  customerId?: string | undefined;
  q?: string | undefined;
}

export function useReceipts(filter: ReceiptFilter) {
  const result = useInfiniteQuery({
    queryKey: ['receipts', 'list', filter],
    queryFn: ({ pageParam, signal }) => api<Page<Receipt>>('/receipts', { query: { ...filter, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => (result.data ? result.data.pages.flatMap((page) => page.items) : []), [result.data]);
  return { ...result, items };
}

export function useReceipt(id: string | null) {
  return useQuery({ queryKey: ['receipts', 'one', id], queryFn: ({ signal }) => api<Receipt>(`/receipts/${id}`, { signal }), enabled: !!id });
}

/** The customer's contracts that may take money now: signed, or partly paid (two reads: the list filters one status). */
export function usePayableContracts(customerId: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'payable', customerId],
    queryFn: async ({ signal }) => {
      const read = (status: string) => api<Page<ContractSummary>>('/contracts', { query: { customerId, status, limit: 200, sort: 'signedOn:asc' }, signal });
      const [signed, partly] = await Promise.all([read('signed'), read('partially_paid')]);
      return [...partly.items, ...signed.items];
    },
    enabled: !!customerId,
  });
}

function useReceiptWrite<V, R>(write: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['receipts'] });
      void client.invalidateQueries({ queryKey: ['contracts'] });
    },
  });
}

export function useRegisterReceipt() {
  return useReceiptWrite(({ input, key }: { input: ReceiptCreate; key: string }) => api<Receipt>('/receipts', { method: 'POST', body: input, idempotencyKey: key }));
}

export type ReceiptCommand = 'confirm' | 'refund' | 'void';
export function useReceiptCommand() {
  return useReceiptWrite(({ id, version, command, reason }: { id: string; version: number; command: ReceiptCommand; reason?: string }) =>
    api<Receipt>(`/receipts/${id}/${command}`, { method: 'POST', body: reason ? { version, reason } : { version } }),
  );
}

/** A refund, whole or in part; the form's key makes a retried click refund once. */
export function useRefundReceipt() {
  return useReceiptWrite(({ id, body, key }: { id: string; body: ReceiptRefund; key: string }) =>
    api<Receipt>(`/receipts/${id}/refund`, { method: 'POST', body, idempotencyKey: key }),
  );
}

/** Changes a registered receipt (its allocations, here), with the version read. */
export function useUpdateReceipt() {
  return useReceiptWrite(({ id, patch }: { id: string; patch: ReceiptUpdate }) => api<Receipt>(`/receipts/${id}`, { method: 'PATCH', body: patch }));
}
