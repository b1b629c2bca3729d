/** The signed-in rep's report: the week in progress (live) or a published week, and the weeks there are. */
import { useSignedIn } from '../../api/session';
import { useLiveHealth, usePublishedReports } from './api/lead-health';
import { liveWeek } from './week';

export function useMyReport(week: string) {
  const { user } = useSignedIn();
  const filter = { repId: user.id };
  const live = week === liveWeek;
  const published = usePublishedReports(live ? undefined : week, filter);
  const current = useLiveHealth(filter, live);
  const shown = live ? current : published;
  return {
    report: shown.data?.items[0],
    thresholds: shown.data?.thresholds,
    weeks: published.data?.weeks ?? [],
    liveOf: current.data?.week,
    asOf: live ? current.data?.asOf : shown.data?.items[0]?.generatedAt ?? undefined,
    isPending: shown.isPending,
    isError: shown.isError,
    error: shown.error,
    refetch: () => void shown.refetch(),
  };
}
