/** The week in progress (counted live) or one of the published Friday reports. */
import { useTranslation } from 'react-i18next';
import { Select } from 'antd';
import { useFormat } from '../../../lib/use-format';
import { liveWeek } from '../week';

export function WeekPicker({ value, liveOf, weeks, onChange }: { value: string; liveOf: string | undefined; weeks: readonly string[]; onChange: (week: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  // A week is named by its Friday, a calendar date: shown as that date, whatever the zone.
  const day = (date: string) => format.date(`${date}T12:00:00.000Z`);
  return (
    <Select
      value={value}
      onChange={onChange}
      style={{ minWidth: 260 }}
      aria-label={t('leadHealth.board.week')}
      data-testid="health-week"
      options={[
        { value: liveWeek, label: t('leadHealth.board.live', { week: liveOf ? day(liveOf) : '…' }) },
        ...weeks.map((w) => ({ value: w, label: t('leadHealth.board.published', { week: day(w) }) })),
      ]}
    />
  );
}
