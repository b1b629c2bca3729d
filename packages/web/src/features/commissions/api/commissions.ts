/**
 * Commissions over HTTP (C1–C3): plans and their versions, assignments, quotas, periods and recalculations,
 * statements, and the simulator. Every key starts with 'commissions', so one invalidation after a write refreshes
 * whatever page shows the figures; a confirmed payment changes statements on the server, which the statement page
 * re-reads on the server's live hint (`commissions`, with the person and period: api/live.ts) or when it is refocused.
 */
import { useMemo } from 'react';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommissionAssignment, CommissionLine, CommissionPeriod, CommissionPlanSummary, CommissionPlanVersion, CommissionQuota,
  CommissionRecalculation, CommissionSimulation, CommissionStatement, CommissionStatementList, ContractView,
} from '@closeloop/core';
import { api, download } from '../../../api/client';

export type Cadence = 'month' | 'quarter';
export type { CommissionAssignment, CommissionLine, CommissionPlanSummary, CommissionQuota, CommissionStatementList, CommissionPlanVersion, CommissionRecalculation, CommissionSimulation, CommissionStatement };

export interface AssignmentInput {
  planKey: string;
  personId?: string;
  teamId?: string;
  fromOn: string;
  toOn?: string | null;
}

export type CommissionRecalculationSummary = Omit<CommissionRecalculation, 'people' | 'issues'>;

/** A line as the explanation shows it: a stored line (planKey) or a simulated one (planId). */
export type ExplainedLine = Omit<CommissionLine, 'planKey' | 'period' | 'personId'> & { planKey?: string; planId?: string };

const base = '/commission';

export function usePlans() {
  return useQuery({
    queryKey: ['commissions', 'plans'],
    queryFn: ({ signal }) => api<{ items: CommissionPlanSummary[] }>(`${base}/plans`, { signal }),
  });
}

export function usePlanVersion(planKey: string | null, version: number | null) {
  return useQuery({
    queryKey: ['commissions', 'plans', planKey, version],
    queryFn: ({ signal }) => api<CommissionPlanVersion>(`${base}/plans/${encodeURIComponent(planKey!)}/versions/${version}`, { signal }),
    enabled: !!planKey && !!version,
    staleTime: Infinity, // a version never changes once saved
  });
}

function useCommissionWrite<V, R>(write: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => void client.invalidateQueries({ queryKey: ['commissions'] }),
  });
}

export function useSavePlan() {
  return useCommissionWrite(({ source, key }: { source: string; key: string }) =>
    api<CommissionPlanVersion>(`${base}/plans`, { method: 'POST', body: { source }, idempotencyKey: key }));
}

export function useAssignments() {
  return useQuery({
    queryKey: ['commissions', 'assignments'],
    queryFn: ({ signal }) => api<{ items: CommissionAssignment[] }>(`${base}/assignments`, { signal }),
  });
}

export function useAddAssignment() {
  return useCommissionWrite(({ input, key }: { input: AssignmentInput; key: string }) =>
    api<CommissionAssignment>(`${base}/assignments`, { method: 'POST', body: input, idempotencyKey: key }));
}

export function useRemoveAssignment() {
  return useCommissionWrite((id: string) => api<void>(`${base}/assignments/${id}`, { method: 'DELETE' }));
}

export function useQuotas(period: string) {
  return useQuery({
    queryKey: ['commissions', 'quotas', period],
    queryFn: ({ signal }) => api<{ items: CommissionQuota[] }>(`${base}/quotas`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSetQuota() {
  return useCommissionWrite((quota: Pick<CommissionQuota, 'personId' | 'period' | 'amountMinor'>) =>
    api<CommissionQuota>(`${base}/quotas/${encodeURIComponent(quota.period)}/${quota.personId}`, { method: 'PUT', body: { amountMinor: quota.amountMinor } }));
}

export function usePeriods() {
  return useQuery({
    queryKey: ['commissions', 'periods'],
    queryFn: ({ signal }) => api<{ items: CommissionPeriod[] }>(`${base}/periods`, { signal }),
  });
}

export function useLockPeriod() {
  return useCommissionWrite((period: string) => api<CommissionPeriod>(`${base}/periods/${encodeURIComponent(period)}/lock`, { method: 'POST', body: {} }));
}

export function useRecalculations(period: string | null) {
  return useQuery({
    queryKey: ['commissions', 'recalculations', 'list', period],
    queryFn: ({ signal }) => api<{ items: CommissionRecalculationSummary[] }>(`${base}/recalculations`, { query: { period: period ?? undefined }, signal }),
  });
}

export function useRecalculation(id: string | null) {
  return useQuery({
    queryKey: ['commissions', 'recalculations', 'one', id],
    queryFn: ({ signal }) => api<CommissionRecalculation>(`${base}/recalculations/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useProposeRecalculation() {
  return useCommissionWrite(({ period, reason, key }: { period: string; reason: string; key: string }) =>
    api<CommissionRecalculation>(`${base}/recalculations`, { method: 'POST', body: { period, reason }, idempotencyKey: key }));
}

export function useDecideRecalculation() {
  return useCommissionWrite(({ id, decision }: { id: string; decision: 'accept' | 'discard' }) =>
    api<CommissionRecalculation>(`${base}/recalculations/${id}/${decision}`, { method: 'POST', body: {} }));
}

export function useStatements(period: string) {
  return useQuery({
    queryKey: ['commissions', 'statements', period],
    queryFn: ({ signal }) => api<CommissionStatementList>(`${base}/statements`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStatement(period: string, personId: string | null) {
  return useQuery({
    queryKey: ['commissions', 'statements', period, personId],
    queryFn: ({ signal }) => api<CommissionStatement>(`${base}/statements/${encodeURIComponent(period)}/${personId}`, { signal }),
    enabled: !!personId,
    placeholderData: keepPreviousData,
  });
}

export function downloadStatementXlsx(period: string, personId: string): Promise<void> {
  return download(`${base}/statements/${encodeURIComponent(period)}/${personId}/xlsx`);
}

/** A recalculation's difference per person and per line, with the arithmetic before and after. */
export function downloadRecalculationXlsx(id: string): Promise<void> {
  return download(`${base}/recalculations/${id}/xlsx`);
}

export interface SimulationInput {
  plan: string;
  transactions: string;
  people?: string;
}

/** No writes on the server, so nothing to invalidate. */
export function useSimulate() {
  return useMutation({
    mutationFn: (input: SimulationInput) => api<CommissionSimulation>(`${base}/simulate`, { method: 'POST', body: input }),
  });
}

/**
 * The trace codes of the contracts (deals) lines name, so a line reads "HT-2026-000123" rather than an id. The same
 * cache entry as the contract page's (same address, same shape); a contract out of the reader's sight simply has no
 * name. Lines are few per person and period, and most name the same contracts.
 */
export function useDealNames(dealIds: readonly (string | null)[]): Map<string, string> {
  const ids = [...new Set(dealIds.filter((id): id is string => !!id))].sort().slice(0, 100);
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['contracts', 'one', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<ContractView>(`/contracts/${id}`, { signal }),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const codes = results.map((result) => result.data?.traceCode ?? '').join('|');
  return useMemo(() => {
    const names = new Map<string, string>();
    codes.split('|').forEach((code, i) => code && names.set(ids[i]!, code));
    return names;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the codes found, not the array identity
  }, [codes, ids.join('|')]);
}
