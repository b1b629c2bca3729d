/**
 * The approvals inbox (B2, managers and finance): the contract steps waiting for the signed-in person, oldest first,
 * with the total, the owner, how many checks failed, and when the step escalates; approve, approve with override
 * (the failed checks are shown and a comment is required) or reject — and what they decided before.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { ApprovalInboxItem } from '@closeloop/core';
import { LoadError } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { useApprovals } from './api/contracts';
import { ApprovalDecision } from './components/ApprovalDecision';

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<'pending' | 'decided'>('pending');
  const approvals = useApprovals(status);
  const pending = status === 'pending';

  return (
    <Flex vertical gap={16} data-testid="approvals-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('contracts.approvals.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('contracts.approvals.description')}</Typography.Text>
        </div>
        <Segmented
          value={status}
          onChange={(value) => setStatus(value as 'pending' | 'decided')}
          options={[{ value: 'pending', label: t('contracts.approvals.pending') }, { value: 'decided', label: t('contracts.approvals.decided') }]}
        />
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        {approvals.isError ? (
          <LoadError error={approvals.error} onRetry={() => void approvals.refetch()} />
        ) : (
          <Table<ApprovalInboxItem>
            rowKey="approvalId"
            loading={approvals.isPending}
            pagination={false}
            dataSource={approvals.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('contracts.approvals.empty')} data-testid="empty-state" /> }}
            data-testid="approvals-table"
            columns={[
              {
                title: t('contracts.approvals.contract'), key: 'contract', render: (_: unknown, row) => (
                  <Flex vertical>
                    <Link to={`/contracts/${row.contractId}`} data-testid="approval-contract">{row.traceCode}</Link>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>{row.title} · {row.customerName}</Typography.Text>
                  </Flex>
                ),
              },
              { title: t('contracts.approvals.owner'), dataIndex: 'ownerName', width: 110 },
              { title: t('contracts.approvals.total'), dataIndex: 'totalMinor', align: 'right', width: 150, render: (minor: number) => format.money(minor) },
              { title: t('contracts.approvals.step'), key: 'step', width: 150, render: (_: unknown, row) => t('contracts.page.stepLabel', { n: row.stepNo, role: t(`documents.role.${row.role}`) }) },
              {
                title: t('contracts.approvals.checks'), dataIndex: 'violationCount', width: 130, render: (count: number) =>
                  count === 0 ? <Tag color="green">{t('contracts.approvals.passed')}</Tag> : <Tag color="orange" data-testid="approval-violations">{t('contracts.approvals.failed', { count })}</Tag>,
              },
              { title: t('contracts.approvals.waiting'), dataIndex: 'createdAt', width: 170, render: (iso: string) => format.dateTime(iso) },
              ...(pending
                ? [
                    { title: t('contracts.approvals.due'), dataIndex: 'dueAt', width: 170, render: (iso: string | null) => (iso ? format.dateTime(iso) : '—') },
                    {
                      title: t('common.actions'), key: 'actions', width: 230, render: (_: unknown, row: ApprovalInboxItem) => (
                        // The inbox lists only steps the person may decide; whether this one may override is on the contract.
                        <ApprovalDecision contractId={row.contractId} approvalId={row.approvalId} traceCode={row.traceCode} violationCount={row.violationCount} mayOverride />
                      ),
                    },
                  ]
                : [{ title: t('contracts.approvals.decision'), dataIndex: 'status', width: 110, render: (s: string) => <Tag color={s === 'approved' ? 'green' : s === 'rejected' ? 'red' : undefined}>{t(`documents.approvalStatus.${s}`)}</Tag> }]),
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
