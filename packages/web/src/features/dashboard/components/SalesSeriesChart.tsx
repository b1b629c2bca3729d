/** Signed (bars) and collected (line) per company day, in the company's currency. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesFigures } from '@closeloop/core';
import { useFormat } from '../../../lib/use-format';
import type { ChartOption } from '../charts/echarts';
import { EChart } from './EChart';

/** Minor units as major units for the chart's scale only; every figure a person reads is formatted from the integers. */
const major = (minor: number) => minor / 100;

export function SalesSeriesChart({ figures }: { figures: SalesFigures }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const option = useMemo<ChartOption>(() => {
    const days = figures.days.map((d) => new Intl.DateTimeFormat(i18n.language, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${d.day}T00:00:00Z`)));
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value) => format.money(Math.round(Number(value) * 100)) },
      xAxis: { type: 'category', data: days, axisTick: { show: false } },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#f0f0f0' } } },
      series: [
        { type: 'bar', name: t('salesFigures.seriesSigned'), data: figures.days.map((d) => major(d.signedMinor)), itemStyle: { color: '#1677ff' }, barMaxWidth: 18 },
        { type: 'line', name: t('salesFigures.seriesCollected'), data: figures.days.map((d) => major(d.collectedMinor)), itemStyle: { color: '#52c41a' }, lineStyle: { width: 2, color: '#52c41a' } },
      ],
    };
  }, [figures.days, i18n.language, t, format]);
  const label = figures.days.map((d) => `${d.day} ${format.money(d.signedMinor)} / ${format.money(d.collectedMinor)}`).join(', ');
  return <EChart option={option} height={300} label={label} testId="sales-series" />;
}
