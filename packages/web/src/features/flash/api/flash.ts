/** The daily flash report of a company day (B5), and its spreadsheet. Keyed under 'figures' so live hints refresh it. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FlashReportView } from '@closeloop/core';
import { api, download } from '../../../api/client';

export function useFlashReport(day: string) {
  return useQuery({
    queryKey: ['figures', 'flash', day],
    queryFn: ({ signal }) => api<FlashReportView>(`/flash-reports/${day}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function downloadFlashXlsx(day: string): Promise<void> {
  return download(`/flash-reports/${day}/xlsx`);
}
