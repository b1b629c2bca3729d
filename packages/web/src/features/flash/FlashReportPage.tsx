/**
 * The daily flash report (B5), for the morning meeting: a company day (yesterday unless the address names another),
 * what was signed and collected net of voids and refunds, the top three reps, and each anomalous document with the
 * rule that lists it and a link to it; the same report as a spreadsheet.
 */
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Col, DatePicker, Empty, Flex, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { FlashReportView } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { addDays, companyDayOf } from '../../lib/company-day';
import { statusColour } from '../../lib/documents';
import { DownloadButton } from '../../lib/download-button';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { downloadFlashXlsx, useFlashReport } from './api/flash';

type Lang = 'en' | 'zh-CN';

function Summary({ report }: { report: FlashReportView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const card = (title: string, value: number, note: string, net: string, netValue: number, testId: string) => (
    <Card styles={{ body: { padding: '16px 20px' } }} style={{ height: '100%' }}>
      <Flex justify="space-between" gap={16}>
        <Statistic title={title} value={format.money(value)} valueRender={() => <span data-testid={testId}>{format.money(value)}</span>} />
        <Statistic title={net} value={format.money(netValue)} styles={{ content: { color: '#8c8c8c', fontSize: 18 } }} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Text>
    </Card>
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>{card(t('flash.signed'), report.signed.minor, t('flash.signedNote', { count: report.signed.count, voided: format.money(report.voided.minor) }), t('flash.netSigned'), report.netSigned.minor, 'flash-signed')}</Col>
      <Col xs={24} md={12}>{card(t('flash.collected'), report.collected.minor, t('flash.collectedNote', { count: report.collected.count, refunded: format.money(report.refunded.minor) }), t('flash.netCollected'), report.netCollected.minor, 'flash-collected')}</Col>
      {/* Every contract overdue that day, as a figure: the anomalies below list only those that fell due the day before. */}
      <Col xs={24}>
        <Typography.Text type={report.overdue.count > 0 ? 'warning' : 'secondary'} data-testid="flash-overdue">
          {t('flash.overdue', { count: report.overdue.count, amount: format.money(report.overdue.minor) })}
        </Typography.Text>
      </Col>
    </Row>
  );
}

export default function FlashReportPage() {
  const { day: asked } = useParams();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const navigate = useNavigate();
  const yesterday = addDays(companyDayOf(new Date(), org.timeZone), -1);
  const day = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : yesterday;
  const report = useFlashReport(day);
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const go = (next: string) => void navigate(`/flash/${next}`);

  const data = report.data;
  return (
    <Flex vertical gap={16} data-testid="flash-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('flash.title')} · {format.day(day)}</Typography.Title>
          <Typography.Text type="secondary">
            {t('flash.description')}
            {data && <> · {t(`flash.scope.${data.scope}`)} · {t('flash.generatedAt', { time: format.dateTime(data.generatedAt), zone: data.timeZone })}</>}
          </Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<LeftOutlined />} aria-label={t('flash.previous')} onClick={() => go(addDays(day, -1))} />
          <DatePicker
            aria-label={t('flash.day')}
            allowClear={false}
            value={dayjs(day)}
            disabledDate={(value) => value.format('YYYY-MM-DD') > yesterday}
            onChange={(value) => value && go(value.format('YYYY-MM-DD'))}
            data-testid="flash-day"
          />
          <Button icon={<RightOutlined />} aria-label={t('flash.next')} disabled={day >= yesterday} onClick={() => go(addDays(day, 1))} />
          {day !== yesterday && <Button onClick={() => go(yesterday)}>{t('flash.yesterday')}</Button>}
          <DownloadButton type="primary" download={() => downloadFlashXlsx(day)} failed={t('flash.downloadFailed')} data-testid="flash-download">{t('flash.download')}</DownloadButton>
        </Space>
      </Flex>
      {report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} />
      ) : !data ? (
        <Loading rows={10} />
      ) : (
        <>
          <Summary report={data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={9}>
              <Card title={t('flash.top')} style={{ height: '100%' }}>
                {data.topReps.length === 0 ? <Empty description={t('flash.noTop')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
                  <List
                    dataSource={data.topReps}
                    data-testid="flash-top"
                    renderItem={(rep, index) => (
                      <List.Item extra={<Typography.Text strong>{format.money(rep.signedMinor)}</Typography.Text>}>
                        <List.Item.Meta
                          avatar={<Tag color={['gold', 'default', 'orange'][index]} style={{ fontSize: 16, padding: '2px 8px' }}>{index + 1}</Tag>}
                          title={rep.repName}
                          description={t('flash.topNote', { count: rep.signedCount, collected: format.money(rep.collectedMinor) })}
                        />
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={15}>
              <Card title={<Space><WarningOutlined style={{ color: data.anomalies.length ? '#fa8c16' : undefined }} />{t('flash.anomalies', { count: data.anomalies.length })}</Space>} style={{ height: '100%' }}>
                {data.anomalies.length === 0 ? <Empty description={t('flash.noAnomalies')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
                  <List
                    dataSource={data.anomalies}
                    data-testid="flash-anomalies"
                    renderItem={(anomaly) => (
                      <List.Item data-testid={`anomaly-${anomaly.code}`}>
                        <Flex vertical gap={2}>
                          <Space wrap>
                            <Link to={`/trace/${anomaly.traceCode}`}>{anomaly.traceCode}</Link>
                            <Tag>{t(`documents.type.${anomaly.documentType}`)}</Tag>
                            <Typography.Text strong>{format.money(anomaly.amountMinor)}</Typography.Text>
                          </Space>
                          <Typography.Text>{anomaly.message[lang]}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('flash.rule')}: {anomaly.rule[lang]}</Typography.Text>
                        </Flex>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
          </Row>
          <Card title={t('flash.signedContracts')} styles={{ body: { padding: 0 } }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.signedContracts}
              locale={{ emptyText: t('flash.none') }}
              columns={[
                { title: t('flash.traceCode'), dataIndex: 'traceCode', render: (code: string, row) => <Link to={`/contracts/${row.id}`}>{code}</Link> },
                { title: t('flash.customer'), dataIndex: 'customerName' },
                { title: t('flash.titleColumn'), dataIndex: 'title', ellipsis: true },
                { title: t('flash.rep'), dataIndex: 'ownerName' },
                { title: t('flash.status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColour(s)}>{t(`documents.status.contract.${s}`, { defaultValue: s })}</Tag> },
                { title: t('flash.amount'), dataIndex: 'totalMinor', align: 'right', render: (minor: number) => format.money(minor) },
              ]}
            />
          </Card>
          <Card title={t('flash.receipts')} styles={{ body: { padding: 0 } }}>
            <Table
              rowKey={(row) => `${row.id}-${row.kind}`}
              size="small"
              pagination={false}
              dataSource={data.receipts}
              locale={{ emptyText: t('flash.none') }}
              columns={[
                { title: t('flash.traceCode'), dataIndex: 'traceCode', render: (code: string, row) => <Link to={`/receipts?open=${row.id}`}>{code}</Link> },
                { title: t('flash.customer'), dataIndex: 'customerName' },
                { title: t('flash.status'), dataIndex: 'kind', render: (kind: string) => <Tag color={kind === 'reversed' ? 'warning' : 'green'}>{t(`flash.kind.${kind}`)}</Tag> },
                { title: t('flash.bankReference'), dataIndex: 'bankReference', render: (text: string | null) => text ?? '—' },
                { title: t('flash.amount'), dataIndex: 'amountMinor', align: 'right', render: (minor: number) => format.money(minor) },
              ]}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
