/**
 * What an import did: the counts, every row the server refused (row number, column, what is wrong) and the rows it
 * skipped as duplicates, with a link to the record they repeat when the importer may see it.
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Col, Empty, Flex, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined } from '@ant-design/icons';
import { DownloadButton } from '../../../lib/download-button';
import type { DuplicateRow, ImportKind, ImportSummary, RowError } from '../api/imports';

interface Props {
  kind: ImportKind;
  summary: ImportSummary;
  onDownloadReport: () => Promise<void>;
  actions: React.ReactNode;
}

export function ImportResult({ kind, summary, onDownloadReport, actions }: Props) {
  const { t } = useTranslation();

  const errorColumns: ColumnsType<RowError> = [
    { title: t('imports.result.row'), dataIndex: 'row', width: 90, sorter: (a, b) => a.row - b.row, defaultSortOrder: 'ascend' },
    { title: t('imports.result.column'), dataIndex: 'column', width: 200, render: (column: string | null) => column ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('imports.result.message'), dataIndex: 'message' },
  ];
  const duplicateColumns: ColumnsType<DuplicateRow> = [
    { title: t('imports.result.row'), dataIndex: 'row', width: 90 },
    {
      title: t('imports.result.matchedOn'),
      dataIndex: 'matchedOn',
      width: 240,
      render: (keys: DuplicateRow['matchedOn']) => keys.map((key) => <Tag key={key}>{t(`imports.result.keys.${key}`)}</Tag>),
    },
    {
      title: t('imports.result.repeats'),
      key: 'repeats',
      render: (_, duplicate) =>
        duplicate.existingId ? (
          <Link to={`/${kind}/${duplicate.existingId}`} data-testid="duplicate-link">{t(`imports.result.existing.${kind}`)}</Link>
        ) : duplicate.earlierRow ? (
          t('imports.result.earlierRow', { row: duplicate.earlierRow })
        ) : (
          <Typography.Text type="secondary">{t('imports.result.hidden')}</Typography.Text>
        ),
    },
  ];

  const headline = summary.dryRun
    ? t('imports.result.dryRunTitle')
    : summary.failed > 0
      ? t('imports.result.doneWithErrors')
      : t('imports.result.done');

  return (
    <Card
      data-testid="import-result"
      title={<Flex align="center" gap={8}>{summary.failed === 0 && <CheckCircleOutlined style={{ color: '#52c41a' }} />}{headline}</Flex>}
      extra={<Flex gap={8}>{actions}</Flex>}
    >
      {summary.dryRun && <Alert type="info" showIcon title={t('imports.result.dryRunNote')} style={{ marginBottom: 16 }} data-testid="dry-run-note" />}
      <Row gutter={16} style={{ marginBottom: 8 }}>
        <Col span={6}><Statistic title={t('imports.result.total')} value={summary.total} data-testid="import-count-total" /></Col>
        <Col span={6}>
          <Statistic title={summary.dryRun ? t('imports.result.wouldCreate') : t('imports.result.created')} value={summary.created} styles={{ content: { color: '#389e0d' } }} data-testid="import-count-created" />
        </Col>
        <Col span={6}><Statistic title={t('imports.result.skipped')} value={summary.skipped} data-testid="import-count-skipped" /></Col>
        <Col span={6}>
          <Statistic title={t('imports.result.failed')} value={summary.failed} styles={{ content: { color: summary.failed > 0 ? '#cf1322' : undefined } }} data-testid="import-count-failed" />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>{t('imports.result.noUpdates')}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'errors',
            label: <span data-testid="import-errors-tab">{t('imports.result.errorsTab', { count: summary.failed })}</span>,
            children: summary.errors.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.result.noErrors')} />
            ) : (
              <Flex vertical gap={12}>
                <Flex justify="space-between" align="center" gap={12} wrap>
                  <Typography.Text type="secondary">
                    {summary.errorsTruncated ? t('imports.result.errorsTruncated', { count: summary.errors.length }) : t('imports.result.errorsHelp')}
                  </Typography.Text>
                  <DownloadButton download={onDownloadReport} data-testid="error-report-download">
                    {t('imports.result.downloadReport')}
                  </DownloadButton>
                </Flex>
                <Table<RowError>
                  data-testid="import-errors"
                  rowKey={(e) => `${e.row}:${e.field}:${e.column ?? ''}`}
                  columns={errorColumns}
                  dataSource={summary.errors}
                  size="small"
                  pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                  onRow={() => ({ 'data-testid': 'import-error-row' }) as React.HTMLAttributes<HTMLElement>}
                />
              </Flex>
            ),
          },
          {
            key: 'duplicates',
            label: <span data-testid="import-duplicates-tab">{t('imports.result.duplicatesTab', { count: summary.duplicates.length })}</span>,
            children: summary.duplicates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.result.noDuplicates')} />
            ) : (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">
                  {summary.duplicatesTruncated ? t('imports.result.duplicatesTruncated', { count: summary.duplicates.length }) : t('imports.result.duplicatesHelp')}
                </Typography.Text>
                <Table<DuplicateRow>
                  data-testid="import-duplicates"
                  rowKey="row"
                  columns={duplicateColumns}
                  dataSource={summary.duplicates}
                  size="small"
                  pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
                />
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
