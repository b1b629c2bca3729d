/** Per person in the caller's scope: open leads owned, how many of them are silent, activities logged lately. */
import { useTranslation } from 'react-i18next';
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { PipelineBoard } from '@closeloop/core';

type Owner = PipelineBoard['owners'][number];

export function OwnerTable({ board }: { board: PipelineBoard }) {
  const { t } = useTranslation();
  const columns: ColumnsType<Owner> = [
    { title: t('dashboard.owners.name'), dataIndex: 'name', ellipsis: true },
    { title: t('dashboard.owners.openLeads'), dataIndex: 'openLeads', align: 'right', width: 112, sorter: (a, b) => a.openLeads - b.openLeads, defaultSortOrder: 'descend' },
    {
      title: t('dashboard.owners.silentLeads'),
      dataIndex: 'silentLeads',
      align: 'right',
      width: 80,
      sorter: (a, b) => a.silentLeads - b.silentLeads,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
    {
      title: t('dashboard.owners.activities', { days: board.rules.activityWindowDays }),
      dataIndex: 'activities',
      align: 'right',
      width: 135,
      sorter: (a, b) => a.activities - b.activities,
    },
  ];
  return (
    <Table<Owner>
      data-testid="owner-table"
      rowKey="ownerId"
      size="small"
      columns={columns}
      dataSource={board.owners}
      pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
      onRow={() => ({ 'data-testid': 'owner-row' }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: t('dashboard.owners.empty') }}
    />
  );
}
