/** The longest-silent open leads, oldest first, each a link to the lead. */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { PipelineBoard } from '@closeloop/core';
import { useSignedIn } from '../../../api/session';
import { formatDateTime } from '../../../lib/format';
import { silenceLimitText } from './MetricHelp';

type SilentLead = PipelineBoard['silent']['oldest'][number];
const hourMs = 3_600_000;

/** "5 days 3 h" style: how long the lead has gone without an action, as of the board's count. */
function silentFor(lastActivityAt: string, asOf: string, t: (key: string, values: Record<string, number>) => string): string {
  const hours = Math.max(0, Math.floor((Date.parse(asOf) - Date.parse(lastActivityAt)) / hourMs));
  const days = Math.floor(hours / 24);
  return days > 0 ? t('dashboard.silent.daysHours', { days, hours: hours % 24 }) : t('dashboard.silent.hours', { hours });
}

export function SilentLeads({ board }: { board: PipelineBoard }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const columns: ColumnsType<SilentLead> = [
    {
      title: t('dashboard.silent.lead'),
      key: 'lead',
      ellipsis: true,
      render: (_, lead) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/leads/${lead.id}`} data-testid="silent-lead-link">{lead.name}</Link>
          {lead.company && <div><Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{lead.company}</Typography.Text></div>}
        </div>
      ),
    },
    { title: t('dashboard.silent.owner'), dataIndex: 'ownerName', width: 90, ellipsis: true },
    { title: t('dashboard.silent.stage'), dataIndex: 'stage', width: 100, render: (stage: string) => <Tag>{t(`vocab.stage.${stage}`)}</Tag> },
    {
      title: t('dashboard.silent.silentFor'),
      dataIndex: 'lastActivityAt',
      width: 120,
      render: (at: string) => (
        <Tooltip title={t('dashboard.silent.lastAction', { time: formatDateTime(at, session.org.timeZone, i18n.language) })}>
          <Typography.Text type="danger">{silentFor(at, board.asOf, t)}</Typography.Text>
        </Tooltip>
      ),
    },
  ];
  if (board.silent.count === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.silent.none', { silence: silenceLimitText(board.rules, t) })} data-testid="silent-leads-empty" />;
  }
  return (
    <>
      <Table<SilentLead>
        data-testid="silent-leads"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={board.silent.oldest}
        pagination={false}
        onRow={() => ({ 'data-testid': 'silent-lead-row' }) as React.HTMLAttributes<HTMLElement>}
      />
      {board.silent.count > board.silent.oldest.length && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('dashboard.silent.more', { shown: board.silent.oldest.length, count: board.silent.count })}
        </Typography.Paragraph>
      )}
    </>
  );
}
