/** Active leads by stage, in pipeline order from the top: the open stages in blue, won in green, lost in grey. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PipelineBoard } from '@closeloop/core';
import type { ChartOption } from '../charts/echarts';
import { EChart } from './EChart';

const colours: Record<string, string> = { won: '#52c41a', lost: '#bfbfbf' };

export function StageChart({ board }: { board: PipelineBoard }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const stages = [...board.stages].reverse();
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', data: stages.map((s) => t(`vocab.stage.${s.stage}`)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.stages.series'),
          barMaxWidth: 22,
          label: { show: true, position: 'right', color: 'rgba(0,0,0,0.65)' },
          data: stages.map((s) => ({ value: s.count, itemStyle: { color: colours[s.stage] ?? '#1677ff', borderRadius: [0, 4, 4, 0] } })),
        },
      ],
    };
  }, [board.stages, t]);
  const label = board.stages.map((s) => `${t(`vocab.stage.${s.stage}`)} ${s.count}`).join(', ');
  return <EChart option={option} height={280} label={label} testId="stage-chart" />;
}
