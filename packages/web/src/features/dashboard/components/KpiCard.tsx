/** One headline figure with its explanation. */
import type { ReactNode } from 'react';
import { Card, Flex, Statistic, Typography } from 'antd';
import type { PipelineBoard } from '@closeloop/core';
import { MetricHelp, type Metric } from './MetricHelp';

interface Props {
  metric: Metric;
  board: PipelineBoard;
  title: string;
  value: number;
  note: ReactNode;
  tone?: 'alert';
}

export function KpiCard({ metric, board, title, value, note, tone }: Props) {
  return (
    <Card data-testid={`kpi-${metric}`} style={{ height: '100%' }} styles={{ body: { padding: '16px 20px' } }}>
      <Statistic
        title={<Flex align="center" justify="space-between">{title}<MetricHelp metric={metric} board={board} /></Flex>}
        value={value}
        styles={{ content: { fontSize: 28, color: tone === 'alert' && value > 0 ? '#cf1322' : undefined } }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Text>
    </Card>
  );
}
