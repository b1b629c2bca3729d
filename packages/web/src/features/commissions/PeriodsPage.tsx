/**
 * Commission periods (C2, commissions.manage): each period's status and totals; a recalculation with today's plans
 * and data is proposed with a reason, shows its difference per person and per line before anyone accepts it, and is
 * accepted or discarded; a period is locked once paid out. A locked period never changes: accepting a correction to
 * it writes adjustment lines into the next open period, which the proposal says before it is accepted.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { usePeople } from '../../api/directory';
import { DownloadButton } from '../../lib/download-button';
import { errorText } from '../../lib/errors';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { useSubmitKey } from '../../lib/use-submit-key';
import {
  downloadRecalculationXlsx, useDealNames, useDecideRecalculation, useLockPeriod, usePeriods, useProposeRecalculation, useRecalculation, useRecalculations,
  type CommissionRecalculation, type CommissionRecalculationSummary,
} from './api/commissions';
import { PeriodPicker } from './components/PeriodPicker';
import { withDealName } from './hooks/explain';
import { listedAndOmitted } from './hooks/lines';
import { useCommissionPeriod } from './hooks/use-period';

type PersonChange = CommissionRecalculation['people'][number];
type LineChange = PersonChange['lines'][number];

const changeColour: Record<LineChange['change'], string> = { added: 'green', removed: 'red', changed: 'orange' };
const statusColour: Record<CommissionRecalculation['status'], string> = { proposed: 'processing', accepted: 'success', discarded: 'default' };

/** A number of lines with the reader's digit grouping (20,000 / 20,000). */
const count = (language: string, n: number) => n.toLocaleString(language);

function Delta({ minor, currency }: { minor: number; currency?: string }) {
  const format = useFormat();
  const colour = minor > 0 ? '#389e0d' : minor < 0 ? '#cf1322' : undefined;
  return <Typography.Text strong style={{ color: colour }}>{minor > 0 ? '+' : ''}{format.money(minor, currency)}</Typography.Text>;
}

/** `omitted`: the person's changed lines past the proposal's first 20,000, counted but not listed. */
function LineChanges({ lines, omitted }: { lines: LineChange[]; omitted: number }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const dealNames = useDealNames(lines.map((line) => line.dealId));
  const named = (text: string, row: LineChange) => withDealName(text, row.dealId, row.dealId ? dealNames.get(row.dealId) : undefined);
  return (
    <Table<LineChange>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={lines}
      data-testid="recalculation-lines"
      footer={omitted > 0 ? () => <Typography.Text type="secondary" data-testid="recalculation-more-lines">{t('commissions.recalc.moreLines', { count: omitted, formatted: count(i18n.language, omitted) })}</Typography.Text> : undefined}
      columns={[
        { title: t('commissions.recalc.change'), dataIndex: 'change', width: 90, render: (change: LineChange['change']) => <Tag color={changeColour[change]}>{t(`commissions.recalc.changeKind.${change}`)}</Tag> },
        { title: t('commissions.statement.rule'), dataIndex: 'componentId', width: 120, render: (id: string, row) => <Flex vertical><span title={id}>{row.componentName}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`commissions.kind.${row.kind}`, { defaultValue: row.kind })}</Typography.Text></Flex> },
        {
          title: t('commissions.recalc.explanation'), key: 'explanation',
          render: (_, row) => (
            <Flex vertical gap={2}>
              {row.before && <Typography.Text type="secondary" delete={row.change !== 'added'} style={{ fontSize: 12 }}>{named(row.before, row)}</Typography.Text>}
              {row.after && <Typography.Text style={{ fontSize: 12 }}>{named(row.after, row)}</Typography.Text>}
            </Flex>
          ),
        },
        { title: t('commissions.recalc.before'), dataIndex: 'beforeMinor', align: 'right', width: 120, render: (minor: number) => format.money(minor) },
        { title: t('commissions.recalc.after'), dataIndex: 'afterMinor', align: 'right', width: 120, render: (minor: number) => format.money(minor) },
        { title: t('commissions.recalc.delta'), dataIndex: 'deltaMinor', align: 'right', width: 120, render: (minor: number) => <Delta minor={minor} /> },
      ]}
    />
  );
}

function RecalculationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const { byId } = usePeople();
  const recalculation = useRecalculation(id);
  const decide = useDecideRecalculation();
  const data = recalculation.data;
  const omission = listedAndOmitted(data?.people ?? []);
  const act = (decision: 'accept' | 'discard') =>
    id && decide.mutate({ id, decision }, {
      onSuccess: () => void message.success(t(`commissions.recalc.${decision}ed`)),
      onError: (error) => void message.error(errorText(error, t)),
    });
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={1100}
      title={data ? t('commissions.recalc.titleOf', { period: data.period }) : t('commissions.recalc.title')}
      extra={data && (
        <Space>
          <DownloadButton download={() => downloadRecalculationXlsx(data.id)} failed={t('commissions.recalc.downloadFailed')} data-testid="recalculation-download">
            {t('commissions.recalc.download')}
          </DownloadButton>
          {data.status === 'proposed' && (
            <>
              <Button onClick={() => act('discard')} loading={decide.isPending && decide.variables?.decision === 'discard'} data-testid="recalculation-discard">{t('commissions.recalc.discard')}</Button>
              <Popconfirm title={t('commissions.recalc.acceptConfirm')} onConfirm={() => act('accept')}>
                <Button type="primary" loading={decide.isPending && decide.variables?.decision === 'accept'} data-testid="recalculation-accept">{t('commissions.recalc.accept')}</Button>
              </Popconfirm>
            </>
          )}
        </Space>
      )}
      data-testid="recalculation-drawer"
    >
      {recalculation.isError ? <LoadError error={recalculation.error} onRetry={() => void recalculation.refetch()} /> : !data ? <Loading rows={8} /> : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={3} bordered items={[
            { key: 'status', label: t('commissions.recalc.status'), children: <Tag color={statusColour[data.status]}>{t(`commissions.recalc.statusKind.${data.status}`)}</Tag> },
            { key: 'delta', label: t('commissions.recalc.totalDelta'), children: <span data-testid="recalculation-delta"><Delta minor={data.totalDeltaMinor} /></span> },
            { key: 'people', label: t('commissions.recalc.peopleChanged'), children: data.peopleChanged },
            { key: 'reason', label: t('commissions.recalc.reason'), children: data.reason, span: 3 },
            { key: 'by', label: t('commissions.recalc.proposed'), children: `${byId.get(data.createdBy ?? '')?.name ?? '—'} · ${format.dateTime(data.createdAt)}`, span: data.decidedAt ? 1 : 2 },
            ...(data.decidedAt ? [{ key: 'decided', label: t('commissions.recalc.decided'), children: `${byId.get(data.decidedBy ?? '')?.name ?? '—'} · ${format.dateTime(data.decidedAt)}`, span: 1 }] : []),
          ]} />
          {data.periodStatus === 'locked' && data.status === 'proposed' && <Alert type="info" showIcon title={t('commissions.recalc.lockedNote')} />}
          {omission.omitted > 0 && (
            <Alert type="warning" showIcon data-testid="recalculation-omitted"
              title={t('commissions.recalc.omittedNotice', { listed: count(i18n.language, omission.listed), omitted: count(i18n.language, omission.omitted) })} />
          )}
          {data.issues.map((issue, index) => <Alert key={index} type="warning" showIcon title={issue.code} description={issue.detail} />)}
          <Table<PersonChange>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={data.people}
            data-testid="recalculation-people"
            locale={{ emptyText: t('commissions.recalc.noChange') }}
            expandable={{ expandedRowRender: (row) => <LineChanges lines={row.lines} omitted={row.linesOmitted ?? 0} />, defaultExpandAllRows: data.people.length <= 5 }}
            columns={[
              { title: t('commissions.statement.person'), dataIndex: 'personName', render: (name: string, row) => name || row.personId },
              {
                title: t('commissions.recalc.lines'), key: 'lines', align: 'right', width: 140,
                render: (_, row) => (row.linesOmitted ? <span>{count(i18n.language, row.lines.length + row.linesOmitted)} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('commissions.recalc.notListed', { count: row.linesOmitted, formatted: count(i18n.language, row.linesOmitted) })}</Typography.Text></span> : row.lines.length),
              },
              { title: t('commissions.recalc.before'), dataIndex: 'beforeMinor', align: 'right', width: 150, render: (minor: number) => format.money(minor) },
              { title: t('commissions.recalc.after'), dataIndex: 'afterMinor', align: 'right', width: 150, render: (minor: number) => format.money(minor) },
              { title: t('commissions.recalc.delta'), dataIndex: 'deltaMinor', align: 'right', width: 150, render: (minor: number) => <Delta minor={minor} /> },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}

function ProposeModal({ period, open, onClose, onProposed }: { period: string; open: boolean; onClose: () => void; onProposed: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const propose = useProposeRecalculation();
  const keys = useSubmitKey();
  const submit = () => {
    const body = { period, reason: reason.trim() };
    propose.mutate({ ...body, key: keys.keyFor(body) }, {
      onSuccess: (recalculation) => {
        keys.done();
        setReason('');
        onProposed(recalculation.id);
      },
      onError: (error) => void message.error(errorText(error, t)),
    });
  };
  return (
    <Modal
      open={open}
      title={t('commissions.recalc.proposeTitle', { period })}
      okText={t('commissions.recalc.propose')}
      okButtonProps={{ disabled: !reason.trim(), loading: propose.isPending, ...({ 'data-testid': 'recalculation-propose-confirm' } as Record<`data-${string}`, string>) }}
      onOk={submit}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('commissions.recalc.proposeHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('commissions.recalc.reason')} required>
          <Input.TextArea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} autoSize={{ minRows: 2 }} data-testid="recalculation-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PeriodsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const { byId } = usePeople();
  const { today, period, params, set, setPeriod } = useCommissionPeriod();
  const periods = usePeriods();
  const recalculations = useRecalculations(null);
  const lock = useLockPeriod();
  const [proposing, setProposing] = useState<string | null>(null);
  const opened = params.get('recalculation');

  const lockPeriod = (label: string) =>
    lock.mutateAsync(label).then(
      () => void message.success(t('commissions.periods.locked', { period: label })),
      (error: unknown) => void message.error(errorText(error, t)),
    );

  return (
    <Flex vertical gap={16} data-testid="periods-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('commissions.periods.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('commissions.periods.description')}</Typography.Text>
        </div>
        <Space wrap>
          <PeriodPicker value={period} today={today} onChange={setPeriod} />
          <Button type="primary" icon={<ReloadOutlined />} onClick={() => setProposing(period)} data-testid="recalculation-propose">{t('commissions.recalc.propose')}</Button>
        </Space>
      </Flex>
      <Card title={t('commissions.periods.list')} styles={{ body: { padding: 0 } }}>
        {periods.isError ? <LoadError error={periods.error} onRetry={() => void periods.refetch()} /> : (
          <Table
            rowKey="period"
            size="small"
            loading={periods.isPending}
            pagination={false}
            dataSource={periods.data?.items ?? []}
            locale={{ emptyText: t('commissions.periods.none') }}
            data-testid="periods-table"
            columns={[
              { title: t('commissions.periods.period'), dataIndex: 'period', width: 120, render: (label: string) => <Typography.Text strong>{label}</Typography.Text> },
              { title: t('commissions.periods.status'), dataIndex: 'status', width: 110, render: (status: string) => <Tag color={status === 'locked' ? 'default' : 'green'} icon={status === 'locked' ? <LockOutlined /> : undefined}>{t(`commissions.periods.statusKind.${status}`)}</Tag> },
              { title: t('commissions.periods.people'), dataIndex: 'people', align: 'right', width: 100 },
              { title: t('commissions.periods.lines'), dataIndex: 'lineCount', align: 'right', width: 100 },
              { title: t('commissions.periods.total'), dataIndex: 'totalMinor', align: 'right', width: 160, render: (minor: number) => format.money(minor) },
              { title: t('commissions.periods.lockedAt'), key: 'lockedAt', render: (_, row) => (row.lockedAt ? `${format.dateTime(row.lockedAt)} · ${byId.get(row.lockedBy ?? '')?.name ?? '—'}` : '—') },
              {
                title: t('common.actions'), key: 'actions', width: 260,
                render: (_, row) => (
                  <Space>
                    <Button size="small" onClick={() => setProposing(row.period)}>{t('commissions.recalc.propose')}</Button>
                    {row.status === 'open' && (
                      <Popconfirm title={t('commissions.periods.lockConfirm', { period: row.period })} onConfirm={() => lockPeriod(row.period)}>
                        <Button size="small" icon={<LockOutlined />} data-testid={`period-lock-${row.period}`}>{t('commissions.periods.lock')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('commissions.recalc.list')} styles={{ body: { padding: 0 } }}>
        <Table<CommissionRecalculationSummary>
          rowKey="id"
          size="small"
          loading={recalculations.isPending}
          pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
          dataSource={recalculations.data?.items ?? []}
          locale={{ emptyText: t('commissions.recalc.none') }}
          data-testid="recalculations-table"
          onRow={(row) => ({ onClick: () => set('recalculation', row.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('commissions.periods.period'), dataIndex: 'period', width: 120 },
            { title: t('commissions.recalc.status'), dataIndex: 'status', width: 110, render: (status: CommissionRecalculation['status']) => <Tag color={statusColour[status]}>{t(`commissions.recalc.statusKind.${status}`)}</Tag> },
            { title: t('commissions.recalc.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('commissions.recalc.peopleChanged'), dataIndex: 'peopleChanged', align: 'right', width: 120 },
            { title: t('commissions.recalc.totalDelta'), dataIndex: 'totalDeltaMinor', align: 'right', width: 150, render: (minor: number) => <Delta minor={minor} /> },
            { title: t('commissions.recalc.proposed'), dataIndex: 'createdAt', width: 180, render: (at: string) => format.dateTime(at) },
          ]}
        />
      </Card>
      <ProposeModal
        period={proposing ?? period}
        open={proposing !== null}
        onClose={() => setProposing(null)}
        onProposed={(id) => { setProposing(null); set('recalculation', id); }}
      />
      <RecalculationDrawer id={opened} onClose={() => set('recalculation', undefined)} />
    </Flex>
  );
}
