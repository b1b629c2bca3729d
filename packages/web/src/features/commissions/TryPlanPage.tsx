/**
 * Try a plan (C1): paste or upload a plan and a CSV of payments (and, optionally, people with their managers, teams
 * and quotas), run the engine on the server without writing anything, and read each line's explanation and the
 * totals per person and period. The example from docs/examples/commission fills all three in one click.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Col, Collapse, Empty, Flex, Input, List, Row, Space, Table, Typography, Upload } from 'antd';
import { CaretRightOutlined, ExperimentOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../lib/errors';
import { useFormat } from '../../lib/use-format';
import { useSimulate, type CommissionSimulation } from './api/commissions';
import { LineExplanation } from './components/LineExplanation';
import { PlanProblems } from './components/PlanProblems';
import { loadExample } from './hooks/example';
import { simulationTotals } from './hooks/lines';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, whiteSpace: 'pre', overflowX: 'auto' } as const;

function TextInput({ title, value, onChange, accept, rows, testId }: { title: string; value: string; onChange: (text: string) => void; accept: string; rows: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card
      title={title}
      size="small"
      style={{ height: '100%' }}
      extra={(
        <Upload accept={accept} showUploadList={false} beforeUpload={(file) => { void file.text().then((text) => onChange(text.replace(/^\uFEFF/, ''))); return false; }}>
          <Button size="small" icon={<UploadOutlined />}>{t('commissions.try.upload')}</Button>
        </Upload>
      )}
    >
      <Input.TextArea value={value} onChange={(event) => onChange(event.target.value)} autoSize={{ minRows: rows, maxRows: 28 }} spellCheck={false} wrap="off" style={mono} aria-label={title} data-testid={testId} />
    </Card>
  );
}

function Results({ result }: { result: CommissionSimulation }) {
  const { t } = useTranslation();
  const format = useFormat();
  const totals = simulationTotals(result);
  const currency = result.plan.currency;
  return (
    <Flex vertical gap={16} data-testid="try-results">
      <Card title={t('commissions.try.totals', { plan: result.plan.name, version: result.plan.version })} styles={{ body: { padding: 0 } }}>
        <Table
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={totals.people}
          data-testid="try-totals"
          columns={[
            { title: t('commissions.statement.person'), dataIndex: 'personId' },
            ...totals.periods.map((period) => ({
              title: period, key: period, align: 'right' as const,
              render: (_: unknown, row: (typeof totals.people)[number]) => (row.byPeriod[period] === undefined ? '—' : format.money(row.byPeriod[period], currency)),
            })),
            { title: t('commissions.statement.total'), dataIndex: 'totalMinor', align: 'right' as const, render: (minor: number) => <Typography.Text strong>{format.money(minor, currency)}</Typography.Text> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={totals.periods.length + 1}><Typography.Text strong>{t('commissions.try.everyone')}</Typography.Text></Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right"><Typography.Text strong data-testid="try-total">{format.money(totals.totalMinor, currency)}</Typography.Text></Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Collapse
        defaultActiveKey={result.periods.slice(0, 1).map((p) => p.period)}
        expandIcon={({ isActive }) => <CaretRightOutlined rotate={isActive ? 90 : 0} />}
        items={result.periods.map((period) => ({
          key: period.period,
          label: <Space><Typography.Text strong>{period.period}</Typography.Text><Typography.Text type="secondary">{t('commissions.try.periodSummary', { lines: period.lines.length, issues: period.issues.length })}</Typography.Text></Space>,
          children: (
            <Flex vertical gap={8}>
              {period.issues.map((issue, index) => (
                <Alert key={index} type="warning" showIcon title={`${issue.code}${issue.transactionId ? ` · ${issue.transactionId}` : ''}`} description={issue.detail} data-testid="try-issue" />
              ))}
              <List
                dataSource={period.lines}
                rowKey="key"
                locale={{ emptyText: t('commissions.statement.noLines') }}
                renderItem={(line) => (
                  <List.Item style={{ display: 'block', padding: 0 }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{line.personId}{line.transactionId ? ` · ${line.transactionId}` : ''}</Typography.Text>
                    <LineExplanation line={line} />
                  </List.Item>
                )}
              />
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}

export default function TryPlanPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [plan, setPlan] = useState('');
  const [transactions, setTransactions] = useState('');
  const [people, setPeople] = useState('');
  const simulate = useSimulate();
  const error = simulate.error;
  const results = useRef<HTMLDivElement>(null);
  // The results sit below the inputs: bring them into view when they arrive (or when the run is refused).
  useEffect(() => {
    if (simulate.data || simulate.error) results.current?.scrollIntoView({ block: 'start' });
  }, [simulate.data, simulate.error]);

  const fillExample = async () => {
    try {
      const example = await loadExample();
      setPlan(example.plan);
      setTransactions(example.transactions);
      setPeople(example.people);
      simulate.reset();
    } catch (failure) {
      void message.error(errorText(failure, t));
    }
  };
  const run = () => simulate.mutate({ plan, transactions, ...(people.trim() ? { people } : {}) });

  return (
    <Flex vertical gap={16} data-testid="try-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('commissions.try.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('commissions.try.description')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<ExperimentOutlined />} onClick={() => void fillExample()} data-testid="try-example">{t('commissions.try.example')}</Button>
          <Button type="primary" icon={<CaretRightOutlined />} disabled={!plan.trim() || !transactions.trim()} loading={simulate.isPending} onClick={run} data-testid="try-run">
            {t('commissions.try.run')}
          </Button>
        </Space>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}><TextInput title={t('commissions.try.plan')} value={plan} onChange={setPlan} accept=".yaml,.yml,.json" rows={14} testId="try-plan" /></Col>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16} style={{ height: '100%' }}>
            <TextInput title={t('commissions.try.transactions')} value={transactions} onChange={setTransactions} accept=".csv,.txt" rows={7} testId="try-transactions" />
            <TextInput title={t('commissions.try.people')} value={people} onChange={setPeople} accept=".csv,.txt" rows={3} testId="try-people" />
          </Flex>
        </Col>
      </Row>
      <div ref={results} style={{ scrollMarginTop: 16 }}>
        {error && <PlanProblems error={error} testId="try-error" />}
        {simulate.data ? <Results result={simulate.data} /> : !error && <Card><Empty description={t('commissions.try.empty')} /></Card>}
      </div>
    </Flex>
  );
}
