/**
 * A contract's page is its drill-down (B4): the header with its trace code, status and the actions allowed now; the
 * checks of its last submit (which line, which rule, by how much) and any override; the approval steps; and tabs for
 * its lines, its whole life (every state change, approval, payment, shipment and audit entry of it and its linked
 * documents, oldest first, with who and why), its purchase orders, shipments and payments.
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Descriptions, Empty, Flex, List, Space, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ContractLife, ContractView } from '@closeloop/core';
import { usePeopleDirectory } from '../../api/directory';
import { useSession, useSignedIn } from '../../api/session';
import { documentPath, statusColour } from '../../lib/documents';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { useContractLife } from './api/contracts';
import { ApprovalDecision } from './components/ApprovalDecision';
import { ContractActions } from './components/ContractActions';
import { LifeTimeline } from './components/LifeTimeline';
import { LinesTable } from './components/LinesTable';
import { OrdersTab } from './components/OrdersTab';
import { ShipmentsTab } from './components/ShipmentsTab';
import { StatusTag } from './components/StatusTag';
import { ViolationList } from './components/ViolationList';
import { outstandingMinor } from './hooks/life';

type Approval = ContractView['approvals'][number];

/** Whether the signed-in person may decide this step now: their role, and them by name when the step names someone. */
function useMayDecide() {
  const { user } = useSignedIn();
  const { can } = useSession();
  return (approval: Approval) => approval.status === 'pending' && can('documents.approve') && approval.role === user.role && (!approval.approverId || approval.approverId === user.id);
}

function Approvals({ contract }: { contract: ContractView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const people = usePeopleDirectory();
  const mayDecide = useMayDecide();
  const violations = contract.checks?.violations ?? [];
  if (contract.approvals.length === 0) return null;
  const statusOf = (status: string) => (status === 'approved' ? 'finish' : status === 'rejected' ? 'error' : status === 'pending' ? 'process' : 'wait');
  return (
    <Card size="small" title={t('contracts.page.approvals')} data-testid="contract-approvals">
      <Steps
        size="small"
        items={contract.approvals.map((approval) => ({
          status: statusOf(approval.status),
          title: t('contracts.page.stepLabel', { n: approval.stepNo, role: t(`documents.role.${approval.role}`) }),
          content: (
            <Flex vertical gap={4}>
              <Tag color={approval.status === 'approved' ? 'green' : approval.status === 'rejected' ? 'red' : undefined}>{t(`documents.approvalStatus.${approval.status}`)}</Tag>
              {approval.decidedBy && (
                <Typography.Text type="secondary">
                  {people.data?.get(approval.decidedBy)?.name ?? ''} · {format.dateTime(approval.decidedAt)}
                  {approval.overrode && <Tag color="orange" style={{ marginLeft: 6 }}>{t('documents.action.override')}</Tag>}
                </Typography.Text>
              )}
              {approval.comment && <Typography.Text>“{approval.comment}”</Typography.Text>}
              {mayDecide(approval) && (
                <ApprovalDecision contractId={contract.id} approvalId={approval.id} traceCode={contract.traceCode} violationCount={violations.length} violations={violations} mayOverride={approval.mayOverride} />
              )}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

function Checks({ contract }: { contract: ContractView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const people = usePeopleDirectory();
  const checks = contract.checks;
  if (!checks) return null;
  if (checks.violations.length === 0) return <Alert type="success" showIcon title={t('contracts.page.checksPassed')} data-testid="checks-passed" />;
  return (
    <Flex vertical gap={8}>
      <ViolationList
        violations={checks.violations}
        type={contract.status === 'in_approval' || contract.status === 'draft' || contract.status === 'rejected' ? 'warning' : 'info'}
        title={contract.status === 'in_approval' ? t('contracts.editor.violationsTitle', { count: checks.violations.length }) : t('contracts.page.checks')}
      />
      {checks.overriddenBy && (
        <Alert
          type="info"
          showIcon
          title={`${t('documents.action.override')} · ${people.data?.get(checks.overriddenBy)?.name ?? ''} · ${format.dateTime(checks.overriddenAt)}`}
          description={checks.overrideComment}
          data-testid="checks-override"
        />
      )}
    </Flex>
  );
}

function Linked({ life }: { life: ContractLife }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('contracts.page.linked')}</Typography.Text>}
      locale={{ emptyText: t('contracts.page.noLinked') }}
      dataSource={life.documents}
      data-testid="linked-documents"
      renderItem={(doc) => (
        <List.Item>
          <Space>
            <Tag>{t(`documents.type.${doc.type}`)}</Tag>
            <Link to={documentPath(doc.type, doc.id, life.contract.id)}>{doc.traceCode}</Link>
            <Tag color={statusColour(doc.status)}>{t(`documents.status.${doc.type}.${doc.status}`, { defaultValue: doc.status })}</Tag>
            {doc.amountMinor !== null && <Typography.Text>{format.money(doc.amountMinor)}</Typography.Text>}
          </Space>
        </List.Item>
      )}
    />
  );
}

export default function ContractPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const people = usePeopleDirectory();
  const [params, setParams] = useSearchParams();
  const life = useContractLife(id);

  if (life.isPending) return <Loading rows={12} />;
  if (life.isError) return <LoadError error={life.error} onRetry={() => void life.refetch()} />;
  const { contract } = life.data;
  const orders = life.data.documents.filter((doc) => doc.type === 'purchase_order').length;
  const shipments = life.data.documents.filter((doc) => doc.type === 'shipment').length;
  const tab = params.get('tab') ?? 'lines';

  return (
    <Flex vertical gap={16} data-testid="contract-page">
      <Link to="/contracts"><ArrowLeftOutlined /> {t('contracts.page.back')}</Link>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Space align="center" wrap>
            <Typography.Title level={4} style={{ margin: 0 }} copyable={{ text: contract.traceCode }} data-testid="contract-trace">{contract.traceCode}</Typography.Title>
            <StatusTag status={contract.status} />
          </Space>
          <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="contract-title">{contract.title}</Typography.Paragraph>
        </div>
        <Flex gap={8} wrap><ContractActions contract={contract} /></Flex>
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3, xl: 4 }}>
          <Descriptions.Item label={t('contracts.page.customer')}><Link to={`/customers/${contract.customerId}`}>{contract.customerName}</Link></Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.owner')}>{people.data?.get(contract.ownerId)?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.total')}><Typography.Text strong data-testid="contract-total">{format.money(contract.totalMinor)}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.paid')}><span data-testid="contract-paid">{format.money(contract.paidMinor)}</span></Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.outstanding')}>{format.money(outstandingMinor(contract.totalMinor, contract.paidMinor))}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.terms')}>{t('contracts.page.termsValue', { days: contract.paymentTermsDays })}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.rebate')}>{`${(contract.rebateBp / 100).toFixed(2)}%`}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.shipping')}>{contract.shipmentBeforePayment ? t('contracts.page.shipsBeforePayment') : t('contracts.page.shipsAfterPayment')}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.signedOn')}>{contract.signedOn ? format.day(contract.signedOn) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('contracts.page.dueOn')}>{contract.dueOn ? format.day(contract.dueOn) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Checks contract={contract} />
      <Approvals contract={contract} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams((current) => { const next = new URLSearchParams(current); next.set('tab', key); return next; }, { replace: true })}
          items={[
            { key: 'lines', label: t('contracts.page.tabLines'), children: <LinesTable lines={contract.lines} totalMinor={contract.totalMinor} /> },
            {
              key: 'life', label: t('contracts.page.tabLife'), children: (
                <Flex vertical gap={16}>
                  <Linked life={life.data} />
                  <LifeTimeline events={life.data.timeline} contractId={contract.id} />
                </Flex>
              ),
            },
            { key: 'orders', label: t('contracts.page.tabOrders', { count: orders }), children: <OrdersTab contract={contract} /> },
            { key: 'shipments', label: t('contracts.page.tabShipments', { count: shipments }), children: <ShipmentsTab contract={contract} /> },
            {
              key: 'receipts', label: t('contracts.page.tabReceipts', { count: life.data.allocations.length }), children: life.data.allocations.length === 0 ? <Empty description={t('contracts.receipts.empty')} /> : (
                <Table
                  rowKey="receiptId"
                  size="small"
                  pagination={false}
                  dataSource={life.data.allocations}
                  columns={[
                    { title: t('contracts.list.traceCode'), dataIndex: 'receiptTraceCode', render: (code: string, row) => <Link to={documentPath('receipt', row.receiptId)}>{code}</Link> },
                    { title: t('contracts.list.status'), dataIndex: 'receiptStatus', render: (status: string) => <StatusTag type="receipt" status={status} /> },
                    { title: t('contracts.receipts.amount'), dataIndex: 'amountMinor', align: 'right', render: (minor: number) => format.money(minor) },
                    { title: t('contracts.list.updatedAt'), dataIndex: 'createdAt', render: (iso: string) => format.dateTime(iso) },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
