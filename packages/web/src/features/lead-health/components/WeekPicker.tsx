/** The week in progress (counted live) or one of the published Friday reports. */
import { useTranslation } from 'react-i18next';
import { Select } from 'antd';
import { useFormat } from '../../../lib/use-format';
import { liveWeek } from '../week';

export function WeekPicker({ value, liveOf, weeks, onChange }: { value: string; liveOf: string | undefined; weeks: readonly string[]; onChange: (week: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Select
      value={value}
      onChange={onChange}
      style={{ minWidth: 260 }}
      aria-label={t('leadHealth.board.week')}
      data-testid="health-week"
      options={[
        { value: liveWeek, label: t('leadHealth.board.live', { week: liveOf ? format.day(liveOf) : '…' }) },
        ...weeks.map((w) => ({ value: w, label: t('leadHealth.board.published', { week: format.day(w) }) })),
      ]}
    />
  );
}
