/** Picks a commission period: back, forward, or one of the recent quarters and months (company calendar). */
import { useTranslation } from 'react-i18next';
import { Button, Select, Space } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { periodChoices, shiftPeriod } from '../hooks/periods';

export function PeriodPicker({ value, today, onChange }: { value: string; today: string; onChange: (period: string) => void }) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Button icon={<LeftOutlined />} aria-label={t('commissions.period.previous')} onClick={() => onChange(shiftPeriod(value, -1))} />
      <Select
        aria-label={t('commissions.period.label')}
        value={value}
        style={{ width: 130 }}
        options={periodChoices(today, value).map((period) => ({ value: period, label: period }))}
        onChange={onChange}
        data-testid="commission-period"
      />
      <Button icon={<RightOutlined />} aria-label={t('commissions.period.next')} onClick={() => onChange(shiftPeriod(value, 1))} />
    </Space.Compact>
  );
}
