/**
 * The sales board (B5, managers, finance, admins): signed and collected over a range of company days, receivables and
 * what of them is overdue now, the ranking of reps and the figures by day — all within the reader's scope. It
 * refetches by itself when the server hints that figures moved (a receipt confirmed, a contract signed or voided), so a
 * board on the wall changes within a second without anyone reloading it.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Col, DatePicker, Empty, Flex, Result, Row, Segmented, Skeleton, Statistic, Table, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { SalesFigures } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { companyDayOf, presetRange, type DayRangePreset } from '../../lib/company-day';
import { errorText } from '../../lib/errors';
import { useFormat } from '../../lib/use-format';
import { useSalesFigures } from './api/sales-figures';
import { SalesSeriesChart } from './components/SalesSeriesChart';

type Rep = SalesFigures['reps'][number];
const presets: DayRangePreset[] = ['thisMonth', 'last30', 'thisYear'];

function Kpi({ title, value, note, testId }: { title: string; value: string; note: string; testId: string }) {
  return (
    <Card style={{ height: '100%' }} styles={{ body: { padding: '16px 20px' } }}>
      <Statistic title={title} value={value} styles={{ content: { fontSize: 26 } }} valueRender={() => <span data-testid={testId}>{value}</span>} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Text>
    </Card>
  );
}

export default function SalesFiguresPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const today = companyDayOf(new Date(), org.timeZone);
  const preset = (params.get('range') as DayRangePreset | null) ?? (params.get('from') ? null : 'thisMonth');
  const range = preset ? presetRange(preset, today) : { from: params.get('from') ?? today, to: params.get('to') ?? today };
  const figures = useSalesFigures(range.from, range.to);
  const data = figures.data;
  const empty = !!data && data.totals.signedMinor === 0 && data.totals.collectedMinor === 0 && data.totals.receivablesMinor === 0;
  const reps = useMemo(() => data?.reps ?? [], [data]);

  const header = (
    <Flex justify="space-between" align="flex-start" gap={16} wrap>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('salesFigures.title')}</Typography.Title>
        <Typography.Text type="secondary">
          {t('salesFigures.description')}
          {data && <> · {t(`salesFigures.scope.${data.scope}`)}</>}
        </Typography.Text>
      </div>
      <Flex gap={8} wrap align="center">
        <Segmented<DayRangePreset | 'custom'>
          value={preset ?? 'custom'}
          options={presets.map((p) => ({ value: p, label: t(`salesFigures.${p}`) }))}
          onChange={(value) => value !== 'custom' && setParams({ range: value }, { replace: true })}
        />
        <DatePicker.RangePicker
          aria-label={t('salesFigures.range')}
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          onChange={(values) => values?.[0] && values[1] && setParams({ from: values[0].format('YYYY-MM-DD'), to: values[1].format('YYYY-MM-DD') }, { replace: true })}
        />
        {data && <Typography.Text type="secondary" data-testid="figures-as-of">{t('salesFigures.asOf', { time: format.dateTime(data.asOf) })}</Typography.Text>}
        <Tooltip title={t('salesFigures.refresh')}>
          <Button icon={<ReloadOutlined />} loading={figures.isFetching} onClick={() => void figures.refetch()} aria-label={t('salesFigures.refresh')} />
        </Tooltip>
      </Flex>
    </Flex>
  );

  if (figures.isError) {
    return (
      <Flex vertical gap={16}>
        {header}
        <Result status="error" title={t('salesFigures.loadFailed')} subTitle={errorText(figures.error, t)} data-testid="load-error"
          extra={<Button type="primary" onClick={() => void figures.refetch()}>{t('common.retry')}</Button>} />
      </Flex>
    );
  }
  return (
    <Flex vertical gap={16} data-testid="sales-figures">
      {header}
      {!data ? (
        <Row gutter={[16, 16]} data-testid="page-loading">
          {[0, 1, 2].map((i) => <Col span={8} key={i}><Card><Skeleton active paragraph={{ rows: 1 }} /></Card></Col>)}
          <Col span={24}><Card><Skeleton active paragraph={{ rows: 7 }} /></Card></Col>
        </Row>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}><Kpi title={t('salesFigures.signed')} value={format.money(data.totals.signedMinor)} note={t('salesFigures.signedNote', { count: data.totals.signedCount })} testId="figures-signed" /></Col>
            <Col xs={24} md={8}><Kpi title={t('salesFigures.collected')} value={format.money(data.totals.collectedMinor)} note={t('salesFigures.collectedNote')} testId="figures-collected" /></Col>
            <Col xs={24} md={8}><Kpi title={t('salesFigures.receivables')} value={format.money(data.totals.receivablesMinor)} note={t('salesFigures.receivablesNote', { overdue: format.money(data.totals.overdueMinor) })} testId="figures-receivables" /></Col>
          </Row>
          {empty ? (
            <Card><Empty description={t('salesFigures.empty')} data-testid="empty-state" /></Card>
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card title={t('salesFigures.series')}><SalesSeriesChart figures={data} /></Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card title={t('salesFigures.ranking')} styles={{ body: { paddingTop: 8 } }}>
                  <Table<Rep>
                    rowKey="repId"
                    size="small"
                    pagination={false}
                    dataSource={reps}
                    scroll={{ y: 300 }}
                    data-testid="figures-ranking"
                    columns={[
                      { title: t('salesFigures.rank'), dataIndex: 'rank', width: 56 },
                      { title: t('salesFigures.rep'), dataIndex: 'repName' },
                      { title: t('salesFigures.signed'), dataIndex: 'signedMinor', align: 'right', render: (minor: number) => format.money(minor) },
                      { title: t('salesFigures.count'), dataIndex: 'signedCount', align: 'right', width: 70 },
                      { title: t('salesFigures.collected'), dataIndex: 'collectedMinor', align: 'right', render: (minor: number) => format.money(minor) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </Flex>
  );
}
