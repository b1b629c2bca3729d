/**
 * The manager's team board (A5, A7, G3): headline figures, the pipeline by stage, the new-lead trend, each person's
 * open leads and recent activities, and the leads gone silent — all counted by the server within the reader's scope
 * (a manager sees the teams they lead). Every figure explains itself through its "?".
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Col, Empty, Flex, Result, Row, Skeleton, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { PipelineBoard } from '@closeloop/core';
import { ApiError } from '../../api/client';
import { useSession, useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePipelineBoard } from './api/pipeline';
import { KpiCard } from './components/KpiCard';
import { MetricHelp } from './components/MetricHelp';
import { OwnerTable } from './components/OwnerTable';
import { SilentLeads } from './components/SilentLeads';
import { StageChart } from './components/StageChart';
import { TrendChart } from './components/TrendChart';

const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0);

function Board({ board }: { board: PipelineBoard }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const openStages = new Set<string>(board.rules.openStages);
  const open = sum(board.stages.filter((s) => openStages.has(s.stage)).map((s) => s.count));
  const newLeads = sum(board.newLeads.map((d) => d.count));
  const today = board.newLeads.at(-1)?.count ?? 0;
  const activities = sum(board.owners.map((o) => o.activities));
  const active = board.owners.filter((o) => o.activities > 0).length;
  const silentShare = open > 0 ? Math.round((board.silent.count / open) * 100) : 0;
  const cardTitle = (text: string, help: React.ReactNode) => <Flex align="center" gap={4}>{text}{help}</Flex>;

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]} align="stretch">
        <Col span={6}>
          <KpiCard metric="openLeads" board={board} title={t('dashboard.metrics.openLeads.title')} value={open} note={t('dashboard.kpi.openNote', { total: number(sum(board.stages.map((s) => s.count))) })} />
        </Col>
        <Col span={6}>
          <KpiCard
            metric="silentLeads"
            board={board}
            tone="alert"
            title={t('dashboard.metrics.silentLeads.title')}
            value={board.silent.count}
            note={t('dashboard.kpi.silentNote', { share: silentShare })}
          />
        </Col>
        <Col span={6}>
          <KpiCard
            metric="activities"
            board={board}
            title={t('dashboard.metrics.activities.title', { days: board.rules.activityWindowDays })}
            value={activities}
            note={t('dashboard.kpi.activitiesNote', { people: active })}
          />
        </Col>
        <Col span={6}>
          <KpiCard
            metric="newLeads"
            board={board}
            title={t('dashboard.metrics.newLeads.title', { days: board.rules.trendDays })}
            value={newLeads}
            note={t('dashboard.kpi.newNote', { today })}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col span={12}>
          <Card title={cardTitle(t('dashboard.metrics.stages.title'), <MetricHelp metric="stages" board={board} />)}>
            <StageChart board={board} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={cardTitle(t('dashboard.metrics.newLeads.title', { days: board.rules.trendDays }), <MetricHelp metric="newLeads" board={board} />)}>
            <TrendChart board={board} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col span={10}>
          <Card title={cardTitle(t('dashboard.metrics.owners.title'), <MetricHelp metric="owners" board={board} />)} styles={{ body: { paddingTop: 8 } }}>
            <OwnerTable board={board} />
          </Card>
        </Col>
        <Col span={14}>
          <Card
            title={cardTitle(t('dashboard.silent.title', { count: board.silent.count }), <MetricHelp metric="silentLeads" board={board} />)}
            styles={{ body: { paddingTop: 8 } }}
          >
            <SilentLeads board={board} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { can } = useSession();
  const board = usePipelineBoard();
  const data = board.data;
  const empty = !!data && data.owners.length === 0 && sum(data.stages.map((s) => s.count)) === 0;

  const header = (
    <Flex justify="space-between" align="flex-start" gap={16} style={{ marginBottom: 16 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('dashboard.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('dashboard.description', { scope: t(`dashboard.help.scope.${session.user.dataScope}`) })}</Typography.Text>
      </div>
      {data && (
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary" data-testid="board-as-of">{t('dashboard.asOf', { time: formatDateTime(data.asOf, session.org.timeZone, i18n.language) })}</Typography.Text>
          <Tooltip title={t('dashboard.refresh')}>
            <Button icon={<ReloadOutlined />} loading={board.isFetching} onClick={() => void board.refetch()} aria-label={t('dashboard.refresh')} data-testid="board-refresh" />
          </Tooltip>
        </Flex>
      )}
    </Flex>
  );

  if (board.isPending) {
    return (
      <>
        {header}
        <Row gutter={[16, 16]} data-testid="page-loading">
          {[0, 1, 2, 3].map((i) => <Col span={6} key={i}><Card><Skeleton active paragraph={{ rows: 1 }} /></Card></Col>)}
          <Col span={12}><Card><Skeleton active paragraph={{ rows: 7 }} /></Card></Col>
          <Col span={12}><Card><Skeleton active paragraph={{ rows: 7 }} /></Card></Col>
        </Row>
      </>
    );
  }
  if (board.isError) {
    const forbidden = board.error instanceof ApiError && board.error.status === 403;
    return (
      <>
        {header}
        <Result
          status={forbidden ? '403' : 'error'}
          title={forbidden ? t('common.forbidden') : t('dashboard.loadFailed')}
          subTitle={errorText(board.error, t)}
          data-testid="load-error"
          extra={!forbidden && <Button type="primary" onClick={() => void board.refetch()} data-testid="retry-button">{t('common.retry')}</Button>}
        />
      </>
    );
  }
  return (
    <>
      {header}
      {empty ? (
        <Card>
          <Empty description={t('dashboard.empty')} data-testid="empty-state">
            {can('crm.import') ? (
              <Link to="/imports?kind=leads"><Button type="primary">{t('dashboard.importLeads')}</Button></Link>
            ) : (
              <Link to="/leads"><Button type="primary">{t('dashboard.openLeads')}</Button></Link>
            )}
          </Empty>
        </Card>
      ) : (
        <Board board={board.data} />
      )}
    </>
  );
}
