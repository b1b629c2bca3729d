/**
 * A commission statement (C3): one person's period — the total, the total per rule, and every payout line with its
 * explanation (plan and version, rule, inputs, formula, each step of the arithmetic) — and the same as a spreadsheet.
 * A rep sees their own; someone whose reach holds others (a manager's teams, finance, admins) picks a person from the
 * people the server lists for the period. The server decides the reach; this page only shows what it is given.
 */
import { useTranslation } from 'react-i18next';
import { Alert, Card, Col, Empty, Flex, List, Row, Select, Statistic, Table, Typography } from 'antd';
import { usePeople } from '../../api/directory';
import { useSignedIn } from '../../api/session';
import { DownloadButton } from '../../lib/download-button';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { downloadStatementXlsx, useDealNames, useStatement, useStatements, type CommissionStatement, type CommissionStatementList } from './api/commissions';
import { LineExplanation } from './components/LineExplanation';
import { PeriodPicker } from './components/PeriodPicker';
import { componentTotals, sumOf } from './hooks/lines';
import { useCommissionPeriod } from './hooks/use-period';

function Summary({ statement }: { statement: CommissionStatement }) {
  const { t } = useTranslation();
  const format = useFormat();
  const card = (title: string, value: React.ReactNode, testId?: string, small = false) => (
    <Card styles={{ body: { padding: '16px 20px' } }} style={{ height: '100%' }}>
      <Statistic title={title} value={0} valueRender={() => <span data-testid={testId} style={small ? { fontSize: 18 } : undefined}>{value}</span>} />
    </Card>
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={6}>{card(t('commissions.statement.total'), format.money(statement.totalMinor, statement.currency), 'statement-total')}</Col>
      <Col xs={24} md={6}>{card(t('commissions.statement.credited'), format.money(statement.creditedMinor, statement.currency))}</Col>
      <Col xs={24} md={6}>{card(t('commissions.statement.attainment'), statement.attainment ? `${statement.attainment}%` : '—')}</Col>
      <Col xs={24} md={6}>{card(t('commissions.statement.plan'), statement.planKey ? t('commissions.line.plan', { plan: statement.planKey, version: statement.planVersion }) : '—', 'statement-plan', true)}</Col>
    </Row>
  );
}

function StatementBody({ statement }: { statement: CommissionStatement }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rules = componentTotals(statement.lines);
  const dealNames = useDealNames(statement.lines.map((line) => line.dealId));
  const linesSum = sumOf(statement.lines);
  return (
    <Flex vertical gap={16}>
      <Summary statement={statement} />
      {linesSum !== statement.totalMinor && (
        <Alert type="error" showIcon title={t('commissions.statement.sumMismatch', { lines: format.money(linesSum), total: format.money(statement.totalMinor) })} />
      )}
      <Card title={t('commissions.statement.byRule')} styles={{ body: { padding: 0 } }}>
        <Table
          rowKey="componentId"
          size="small"
          pagination={false}
          dataSource={rules}
          locale={{ emptyText: t('commissions.statement.noLines') }}
          data-testid="statement-rules"
          columns={[
            { title: t('commissions.statement.rule'), dataIndex: 'componentId', render: (id: string, rule) => rule.componentName ?? id },
            { title: t('commissions.statement.lineCount'), dataIndex: 'lines', align: 'right', width: 120 },
            { title: t('commissions.statement.amount'), dataIndex: 'amountMinor', align: 'right', width: 180, render: (minor: number) => format.money(minor, statement.currency) },
          ]}
          summary={() => rules.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}><Typography.Text strong>{t('commissions.statement.total')}</Typography.Text></Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">{statement.lines.length}</Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right"><Typography.Text strong>{format.money(linesSum, statement.currency)}</Typography.Text></Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null}
        />
      </Card>
      <Card title={t('commissions.statement.lines', { count: statement.lines.length })} styles={{ body: { paddingTop: 0, paddingBottom: 0 } }}>
        {statement.lines.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('commissions.statement.noLines')} style={{ padding: 24 }} />
        ) : (
          <List dataSource={statement.lines} rowKey="key" renderItem={(line: CommissionStatement['lines'][number]) => <List.Item style={{ display: 'block', padding: 0 }}><LineExplanation line={line} dealNames={dealNames} /></List.Item>} />
        )}
      </Card>
    </Flex>
  );
}

function Reach({ items, selected, onSelect }: { items: CommissionStatementList['items']; selected: string; onSelect: (personId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { byId } = usePeople();
  return (
    <Card title={t('commissions.statement.people', { count: items.length })} styles={{ body: { padding: 0 } }}>
      <Table
        rowKey="personId"
        size="small"
        pagination={items.length > 20 ? { pageSize: 20, size: 'small' } : false}
        dataSource={items}
        data-testid="statement-people"
        onRow={(row) => ({ onClick: () => onSelect(row.personId), style: { cursor: 'pointer', background: row.personId === selected ? '#e6f4ff' : undefined } })}
        columns={[
          { title: t('commissions.statement.person'), dataIndex: 'personId', render: (id: string, row) => row.personName || byId.get(id)?.name || id },
          { title: t('commissions.statement.total'), dataIndex: 'totalMinor', align: 'right', render: (minor: number, row) => format.money(minor, row.currency) },
        ]}
      />
    </Card>
  );
}

export default function StatementPage() {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const { byId } = usePeople();
  const { today, period, params, set, setPeriod } = useCommissionPeriod();
  const reach = useStatements(period);
  const others = (reach.data?.items ?? []).filter((item) => item.personId !== user.id);
  const personId = params.get('person') ?? user.id;
  const statement = useStatement(period, personId);
  const personName = reach.data?.items.find((item) => item.personId === personId)?.personName || byId.get(personId)?.name || '';

  const body = statement.isError ? (
    <LoadError error={statement.error} onRetry={() => void statement.refetch()} />
  ) : !statement.data ? <Loading rows={10} /> : <StatementBody statement={statement.data} />;

  return (
    <Flex vertical gap={16} data-testid="statement-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('commissions.statement.title')} · {period}{personName && personId !== user.id ? ` · ${personName}` : ''}
          </Typography.Title>
          <Typography.Text type="secondary">{t('commissions.statement.description')}</Typography.Text>
        </div>
        <Flex gap={8} wrap>
          <PeriodPicker value={period} today={today} onChange={setPeriod} />
          {others.length > 0 && (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200 }}
              value={personId}
              aria-label={t('commissions.statement.person')}
              options={(reach.data?.items ?? []).map((item) => ({ value: item.personId, label: item.personName || byId.get(item.personId)?.name || item.personId }))}
              onChange={(value: string) => set('person', value === user.id ? undefined : value)}
              data-testid="statement-person"
            />
          )}
          <DownloadButton download={() => downloadStatementXlsx(period, personId)} failed={t('commissions.statement.downloadFailed')} disabled={!statement.data} data-testid="statement-download">
            {t('commissions.statement.download')}
          </DownloadButton>
        </Flex>
      </Flex>
      {others.length > 0 ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={7}><Reach items={reach.data?.items ?? []} selected={personId} onSelect={(id) => set('person', id === user.id ? undefined : id)} /></Col>
          <Col xs={24} xl={17}>{body}</Col>
        </Row>
      ) : body}
    </Flex>
  );
}
