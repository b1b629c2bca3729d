/** New leads per company-calendar day over the trend window, today last. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineBoard } from '@closeloop/core';
import type { ChartOption } from '../charts/echarts';
import { EChart } from './EChart';

/** "11/20" or "11月20日": the day as the reader writes it; the dates are calendar dates, so no zone applies. */
function dayLabel(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year!, month! - 1, day!)));
}

export function TrendChart({ board }: { board: PipelineBoard }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: board.newLeads.map((d) => dayLabel(d.date, i18n.language)), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      series: [
        {
          type: 'line',
          name: t('dashboard.trend.series'),
          smooth: true,
          symbolSize: 6,
          data: board.newLeads.map((d) => d.count),
          lineStyle: { width: 2, color: '#1677ff' },
          itemStyle: { color: '#1677ff' },
          areaStyle: { color: 'rgba(22,119,255,0.10)' },
        },
      ],
    }),
    [board.newLeads, i18n.language, t],
  );
  const label = board.newLeads.map((d) => `${d.date} ${d.count}`).join(', ');
  return <EChart option={option} height={280} label={label} testId="trend-chart" />;
}
