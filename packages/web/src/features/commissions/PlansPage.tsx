/**
 * Commission plans (C1, commissions.manage): every plan with its versions, the text of a version in an editor that
 * saves a copy as a new version (the server checks it with the engine's schema and lists each problem by its place),
 * and the plan's assignments and the period quotas in tabs of their own.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Col, Empty, Flex, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { errorText } from '../../lib/errors';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { usePlans, usePlanVersion, type CommissionPlanSummary } from './api/commissions';
import { AssignmentsTab } from './components/AssignmentsTab';
import { PlanEditor } from './components/PlanEditor';
import { QuotasTab } from './components/QuotasTab';
import { loadExample } from './hooks/example';
import { useCommissionPeriod } from './hooks/use-period';

function PlanList({ plans, selected, onSelect }: { plans: CommissionPlanSummary[]; selected: { key: string; version: number } | null; onSelect: (key: string, version: number) => void }) {
  const { t } = useTranslation();
  return (
    <Table<CommissionPlanSummary>
      rowKey="planKey"
      size="small"
      pagination={false}
      dataSource={plans}
      data-testid="plans-table"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('commissions.plans.none')} /> }}
      columns={[
        {
          title: t('commissions.plans.plan'), dataIndex: 'planKey',
          render: (key: string, row) => (
            <Flex vertical>
              <Typography.Text strong>{key}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.name}</Typography.Text>
            </Flex>
          ),
        },
        { title: t('commissions.plans.period'), dataIndex: 'period', width: 90, render: (period: string) => t(`commissions.cadence.${period}`) },
        {
          title: t('commissions.plans.versions'), key: 'versions', width: 170,
          render: (_, row) => (
            <Space size={[4, 4]} wrap>
              {row.versions.map((version) => {
                const active = selected?.key === row.planKey && selected.version === version.version;
                return (
                  <Tag.CheckableTag key={version.version} checked={active} onChange={() => onSelect(row.planKey, version.version)} data-testid={`plan-version-${row.planKey}-${version.version}`}>
                    v{version.version}
                  </Tag.CheckableTag>
                );
              })}
            </Space>
          ),
        },
      ]}
    />
  );
}

function PlansTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const { params, setMany } = useCommissionPeriod();
  const plans = usePlans();
  const [draft, setDraft] = useState<string | null>(null);
  const items = plans.data?.items ?? [];
  const askedKey = params.get('plan');
  const askedVersion = Number(params.get('version')) || null;
  const fallback = items[0];
  const selected = askedKey && askedVersion ? { key: askedKey, version: askedVersion } : fallback && draft === null ? { key: fallback.planKey, version: fallback.latestVersion } : null;
  const version = usePlanVersion(selected?.key ?? null, selected?.version ?? null);
  const summary = items.find((plan) => plan.planKey === selected?.key)?.versions.find((v) => v.version === selected?.version);

  const select = (key: string, v: number) => {
    setDraft(null);
    setMany({ plan: key, version: String(v) });
  };
  const startNew = async () => {
    try {
      const example = await loadExample();
      setMany({ plan: undefined, version: undefined });
      setDraft(example.plan);
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };

  if (plans.isError) return <LoadError error={plans.error} onRetry={() => void plans.refetch()} />;
  if (plans.isPending) return <Loading rows={8} />;
  const editing = draft ?? version.data?.source ?? null;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card
          title={t('commissions.plans.list')}
          extra={<Button icon={<FileAddOutlined />} onClick={() => void startNew()} data-testid="plan-new">{t('commissions.plans.new')}</Button>}
          styles={{ body: { padding: 0 } }}
        >
          <PlanList plans={items} selected={selected} onSelect={select} />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card
          title={draft !== null ? t('commissions.plans.newTitle') : selected ? t('commissions.line.plan', { plan: selected.key, version: selected.version }) : t('commissions.plans.source')}
          extra={summary && draft === null && (
            <Typography.Text type="secondary">
              {t('commissions.plans.effective', { from: format.day(summary.effectiveFrom), to: summary.effectiveTo ? format.day(summary.effectiveTo) : '…' })}
              {' · '}{format.dateTime(summary.createdAt)}
            </Typography.Text>
          )}
        >
          {editing === null ? (
            selected && version.isPending ? <Loading rows={10} /> : <Empty description={t('commissions.plans.pick')} />
          ) : (
            <PlanEditor initial={editing} onSaved={(plan) => select(plan.planKey, plan.version)} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

export default function PlansPage() {
  const { t } = useTranslation();
  const { today, period, params, set, setPeriod } = useCommissionPeriod();
  const plans = usePlans();
  const tab = params.get('tab') ?? 'plans';
  return (
    <Flex vertical gap={8} data-testid="plans-page">
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('commissions.plans.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('commissions.plans.description')}</Typography.Text>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => set('tab', key === 'plans' ? undefined : key)}
        items={[
          { key: 'plans', label: t('commissions.plans.tab'), children: <PlansTab /> },
          { key: 'assignments', label: t('commissions.assignments.tab'), children: <AssignmentsTab planKeys={(plans.data?.items ?? []).map((p) => p.planKey)} /> },
          { key: 'quotas', label: t('commissions.quotas.tab'), children: <QuotasTab today={today} period={period} onPeriod={setPeriod} /> },
        ]}
      />
    </Flex>
  );
}
