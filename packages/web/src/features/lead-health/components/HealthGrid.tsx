/** Reps × open stages, each cell coloured with its rule behind it. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Table, Typography, type TableColumnsType } from 'antd';
import { openLeadStages, type LeadHealthReport } from '@closeloop/core';
import { StageCell } from './StageCell';

export function HealthGrid({ items, loading }: { items: readonly LeadHealthReport[]; loading: boolean }) {
  const { t } = useTranslation();
  const columns = useMemo<TableColumnsType<LeadHealthReport>>(
    () => [
      {
        key: 'rep', title: t('leadHealth.board.rep'), fixed: 'left', width: 180,
        render: (_, r) => (
          <div data-testid={`health-row-${r.repId}`}>
            <Typography.Text strong>{r.repName}</Typography.Text>
            {r.teamName && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.teamName}</Typography.Text></div>}
          </div>
        ),
      },
      ...openLeadStages.map((stage) => ({
        key: stage,
        title: t(`vocab.stage.${stage}`),
        width: 130,
        render: (_: unknown, r: LeadHealthReport) => {
          const health = r.stages.find((s) => s.stage === stage);
          return health ? <StageCell health={health} /> : null;
        },
      })),
    ],
    [t],
  );
  return (
    <Table<LeadHealthReport>
      data-testid="health-grid"
      rowKey="repId"
      size="small"
      columns={columns}
      dataSource={items as LeadHealthReport[]}
      loading={loading}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 180 + 130 * openLeadStages.length }}
      locale={{ emptyText: t('leadHealth.board.empty') }}
    />
  );
}
