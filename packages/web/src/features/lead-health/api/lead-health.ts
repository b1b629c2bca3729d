/**
 * The lead-health reads. Published reports sit under 'lead_health_reports' (a new report's notification names that
 * subject, so the inbox push refreshes them); the live week and the figures sit under 'leads' because they are
 * counted from leads and activities: every change hint for one of those refreshes them, and they recount every minute.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { figureRefreshSeconds, type FigureLevel, type LeadHealthCurrent, type LeadHealthReportList, type StewardFigures } from '@closeloop/core';
import { api, download } from '../../../api/client';

export interface HealthFilter {
  teamId?: string | undefined;
  repId?: string | undefined;
}

const refetchInterval = figureRefreshSeconds * 1000;

export function usePublishedReports(week: string | undefined, filter: HealthFilter, enabled = true) {
  return useQuery({
    queryKey: ['lead_health_reports', 'list', week ?? null, filter.teamId ?? null, filter.repId ?? null],
    queryFn: ({ signal }) => api<LeadHealthReportList>('/lead-health/reports', { query: { week, ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useLiveHealth(filter: HealthFilter, enabled = true) {
  return useQuery({
    queryKey: ['leads', 'lead-health', 'current', filter.teamId ?? null, filter.repId ?? null],
    queryFn: ({ signal }) => api<LeadHealthCurrent>('/lead-health/current', { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval,
    enabled,
  });
}

export function useStewardFigures(level: FigureLevel, teamId?: string, enabled = true) {
  return useQuery({
    queryKey: ['leads', 'steward-figures', level, teamId ?? null],
    queryFn: ({ signal }) => api<StewardFigures>('/steward/figures', { query: { level, teamId }, signal }),
    placeholderData: keepPreviousData,
    refetchInterval,
    staleTime: 15_000,
    enabled,
  });
}

/** The week shown as a spreadsheet, in the reader's language; `week` undefined = the week in progress. */
export function downloadHealthXlsx(week: string | undefined, filter: HealthFilter): Promise<void> {
  return download('/lead-health/reports/export.xlsx', week ? { week, ...filter } : { live: 'true', ...filter });
}
