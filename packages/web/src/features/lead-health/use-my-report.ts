/** The signed-in rep's report: the week in progress (live) or a published week, and the weeks there are. */
import { useSearchParams } from 'react-router';
import { useSignedIn } from '../../api/session';
import { useLiveHealth, usePublishedReports, useStewardFigures } from './api/lead-health';
import { liveWeek } from './week';

/**
 * What the desk and phone "my report" pages share: the week chosen in the address (`?week=`, none = the live week),
 * that week's report, and a rep's own figures (someone who isn't a rep has neither).
 */
export function useMyReportPage() {
  const { user } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? liveWeek;
  const chooseWeek = (chosen: string) => setParams(chosen === liveWeek ? {} : { week: chosen }, { replace: true });
  const isRep = user.role === 'rep';
  const figures = useStewardFigures('rep', undefined, isRep);
  const own = figures.data?.rows.find((r) => r.id === user.id);
  return { week, chooseWeek, mine: useMyReport(week), isRep, figures, own };
}

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
