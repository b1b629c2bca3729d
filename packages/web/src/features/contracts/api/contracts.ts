/**
 * Contract reads and writes (shapes from core's contract-contracts.ts). Every key starts with 'contracts', so a live
 * hint about a contract (or, see api/live.ts, about a receipt, order or shipment linked to one) refreshes the open
 * lists, pages and the approvals inbox. Writes that move a document send the version read, so two people pressing
 * the same button move it once.
 */
import { useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovalInboxItem, ContractCreate, ContractLife, ContractSummary, ContractView, DocumentSettings, Product, PurchaseOrder, Shipment,
} from '@closeloop/core';
import { api, type Page } from '../../../api/client';
import { documentPath } from '../../../lib/documents';

export interface ContractFilter {
  status?: string | undefined;
  ownerId?: string | undefined;
  customerId?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

/** A contract list read page by page with the server's cursors; a new filter keeps the old rows until it answers. */
export function useContracts(filter: ContractFilter, limit = 50) {
  const result = useInfiniteQuery({
    queryKey: ['contracts', 'list', filter, limit],
    queryFn: ({ pageParam, signal }) => api<Page<ContractSummary>>('/contracts', { query: { ...filter, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => (result.data ? result.data.pages.flatMap((page) => page.items) : []), [result.data]);
  return { ...result, items };
}

export function useContract(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['contracts', 'one', id],
    queryFn: ({ signal }) => api<ContractView>(`/contracts/${id}`, { signal }),
    enabled: !!id && enabled,
  });
}

export function useContractLife(id: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'life', id],
    queryFn: ({ signal }) => api<ContractLife>(`/contracts/${id}/life`, { signal }),
    enabled: !!id,
  });
}

export function useApprovals(status: 'pending' | 'decided' = 'pending') {
  return useQuery({
    queryKey: ['contracts', 'approvals', status],
    queryFn: ({ signal }) => api<Page<ApprovalInboxItem>>('/approvals', { query: { status, limit: 200 }, signal }),
  });
}

export function useContractOrders(contractId: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'orders', contractId],
    queryFn: ({ signal }) => api<Page<PurchaseOrder>>('/purchase-orders', { query: { contractId, limit: 200 }, signal }),
    enabled: !!contractId,
  });
}

export function useContractShipments(contractId: string | undefined) {
  return useQuery({
    queryKey: ['contracts', 'shipments', contractId],
    queryFn: ({ signal }) => api<Page<Shipment>>('/shipments', { query: { contractId, limit: 200 }, signal }),
    enabled: !!contractId,
  });
}

/** Products for a contract line, found by SKU or name as the rep types. */
export function useProductSearch(q: string) {
  return useQuery({
    queryKey: ['products', 'contract-picker', q],
    queryFn: ({ signal }) => api<Page<Product>>('/products', { query: { q: q || undefined, limit: 30 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** The company's document settings (everyone may read them): default payment terms, rebate tiers. */
export function useDocumentSettings() {
  return useQuery({
    queryKey: ['document-settings'],
    queryFn: ({ signal }) => api<{ settings: DocumentSettings; version: number; updatedAt: string | null }>('/document-settings', { signal }),
    staleTime: 5 * 60_000,
  });
}

/**
 * The desk address of the document a trace code names (within the caller's scope; the server answers 404 otherwise).
 * Orders and shipments are tabs of their contract's page, so their contract is looked up by the same code.
 */
export async function traceTarget(code: string): Promise<string> {
  const found = await api<{ type: string; id: string; traceCode: string }>(`/documents/by-trace/${encodeURIComponent(code.trim().toUpperCase())}`);
  if (found.type === 'purchase_order' || found.type === 'shipment') {
    const list = await api<Page<{ id: string; contractId: string }>>(found.type === 'shipment' ? '/shipments' : '/purchase-orders', { query: { q: found.traceCode, limit: 1 } });
    return documentPath(found.type, found.id, list.items[0]?.contractId);
  }
  return documentPath(found.type, found.id);
}

/** Every write refreshes whatever shows contracts: lists, the page, its life, orders, shipments, the inbox. */
function useContractWrite<V, R>(write: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => void client.invalidateQueries({ queryKey: ['contracts'] }) });
}

export type ContractInput = Omit<ContractCreate, 'currency'>;

export function useSaveContract() {
  return useContractWrite(({ id, version, input, key }: { id?: string; version?: number; input: ContractInput; key?: string }) => {
    if (!id) return api<ContractView>('/contracts', { method: 'POST', body: input, idempotencyKey: key });
    const { customerId: _customer, ...changes } = input; // the customer is fixed once drafted
    return api<ContractView>(`/contracts/${id}`, { method: 'PATCH', body: { ...changes, version } });
  });
}

export function useSubmitContract() {
  return useContractWrite(({ id, version }: { id: string; version: number }) => api<ContractView>(`/contracts/${id}/submit`, { method: 'POST', body: { version } }));
}

export type ContractCommand = 'submit' | 'revise' | 'void' | 'complete';

export function useContractCommand() {
  return useContractWrite(({ id, version, command, reason }: { id: string; version: number; command: ContractCommand; reason?: string }) =>
    api<ContractView>(`/contracts/${id}/${command}`, { method: 'POST', body: reason ? { version, reason } : { version } }),
  );
}

export function useDecideApproval() {
  return useContractWrite(
    ({ contractId, approvalId, decision, comment, override }: { contractId: string; approvalId: string; decision: 'approve' | 'reject'; comment?: string; override?: boolean }) =>
      api<ContractView>(`/contracts/${contractId}/approvals/${approvalId}/${decision}`, {
        method: 'POST',
        body: decision === 'approve' ? { ...(comment ? { comment } : {}), override: !!override } : { comment },
      }),
  );
}

export interface OrderInput {
  contractId: string;
  amountMinor?: number;
  orderedOn?: string;
  customerReference?: string | null;
}
export function usePlaceOrder() {
  return useContractWrite((input: OrderInput) => api<PurchaseOrder>('/purchase-orders', { method: 'POST', body: input }));
}
export function useOrderCommand() {
  return useContractWrite(({ id, version, command, reason }: { id: string; version: number; command: 'confirm' | 'fulfil' | 'cancel'; reason?: string }) =>
    api<PurchaseOrder>(`/purchase-orders/${id}/${command}`, { method: 'POST', body: reason ? { version, reason } : { version } }),
  );
}

export interface ShipmentInput {
  contractId: string;
  orderId?: string | null;
  plannedOn: string;
  carrier?: string | null;
  trackingNo?: string | null;
}
export function usePlanShipment() {
  return useContractWrite((input: ShipmentInput) => api<Shipment>('/shipments', { method: 'POST', body: input }));
}
export function useShipmentCommand() {
  return useContractWrite(
    ({ id, version, command, reason, override }: { id: string; version: number; command: 'ship' | 'deliver' | 'cancel'; reason?: string; override?: boolean }) =>
      api<Shipment>(`/shipments/${id}/${command}`, { method: 'POST', body: { version, ...(reason ? { reason } : {}), ...(override ? { override } : {}) } }),
  );
}
