/** The period a commission page shows: the address's `period`, else the company's current quarter. */
import { useSearchParams } from 'react-router';
import { useSignedIn } from '../../../api/session';
import { companyDayOf } from '../../../lib/company-day';
import { isPeriod, periodOfDay } from './periods';

export function useCommissionPeriod() {
  const { org } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const today = companyDayOf(new Date(), org.timeZone);
  const asked = params.get('period');
  const period = isPeriod(asked) ? asked : periodOfDay(today, 'quarter');
  // One update for several keys: two functional updates in one tick would each start from the same old address.
  const setMany = (values: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(values)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });
  const set = (key: string, value: string | undefined) => setMany({ [key]: value });
  return { today, period, params, set, setMany, setPeriod: (next: string) => set('period', next) };
}
