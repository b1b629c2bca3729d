/**
 * Failed jobs: background work that kept failing after its retries — a reaction to an event, or a timer falling
 * due. An admin reads the error, fixes the cause (a mail server, a robot's key), and runs it again from here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Segmented, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type Page } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePeopleDirectory } from '../../api/directory';
import { CursorTable } from './components/CursorTable';
import { PageHeader } from './components/PageHeader';

interface DeadLetter {
  id: string;
  source: 'reaction' | 'timer';
  handler: string;
  eventId: string | null;
  eventType: string | null;
  subject: string | null;
  dueAt: string | null;
  attempts: number;
  lastError: string;
  status: 'dead' | 'resolved';
  failedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

type StatusFilter = 'dead' | 'resolved' | 'all';

export default function DeadLettersPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const people = usePeopleDirectory();
  const [status, setStatus] = useState<StatusFilter>('dead');
  const list = useInfiniteQuery({
    queryKey: ['dead_letters', status],
    queryFn: ({ pageParam, signal }) =>
      api<Page<DeadLetter>>('/admin/dead-letters', { query: { status: status === 'all' ? undefined : status, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const when = (iso: string | null) => (iso ? formatDateTime(iso, session.org.timeZone, i18n.language) : '—');

  const retry = useMutation({
    mutationFn: (letter: DeadLetter) => api<DeadLetter>(`/admin/dead-letters/${letter.id}/retry`, { method: 'POST' }),
    onSuccess: (letter) => {
      if (letter.status === 'resolved') void message.success(t('admin.deadLetters.retried'));
      else void message.warning(t('admin.deadLetters.stillFailing', { error: letter.lastError }), 8);
      void client.invalidateQueries({ queryKey: ['dead_letters'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const columns: ColumnsType<DeadLetter> = [
    { title: t('admin.deadLetters.failedAt'), dataIndex: 'failedAt', width: 150, render: when },
    {
      title: t('admin.deadLetters.reaction'), key: 'handler', width: 210,
      render: (_, letter) => (
        <div>
          <Tag color={letter.source === 'reaction' ? 'geekblue' : 'purple'}>{t(`admin.deadLetters.sources.${letter.source}`)}</Tag>
          <Typography.Text code>{letter.handler}</Typography.Text>
        </div>
      ),
    },
    {
      title: t('admin.deadLetters.event'), key: 'event', width: 200,
      render: (_, letter) =>
        letter.source === 'reaction' ? (
          <div>
            <Typography.Text code>{letter.eventType ?? '—'}</Typography.Text>
            {letter.subject && <div><Typography.Text type="secondary" copyable={{ text: letter.subject }} style={{ fontSize: 12 }}>{letter.subject}</Typography.Text></div>}
          </div>
        ) : (
          <div>
            <Typography.Text type="secondary">{t('admin.deadLetters.dueAt', { at: when(letter.dueAt) })}</Typography.Text>
            {letter.subject && <div><Typography.Text code style={{ fontSize: 12 }}>{letter.subject}</Typography.Text></div>}
          </div>
        ),
    },
    {
      // The first line says what failed; the whole error (a stack, say) is in the row's expansion.
      title: t('admin.deadLetters.error'), dataIndex: 'lastError', ellipsis: { showTitle: false },
      render: (error: string) => (
        <Tooltip title={error.split('\n')[0]}>
          <Typography.Text type="danger">{error.split('\n')[0]}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('admin.deadLetters.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    {
      title: t('admin.deadLetters.status'), key: 'status', width: 120,
      render: (_, letter) =>
        letter.status === 'dead' ? (
          <Tag color="error">{t('admin.deadLetters.statuses.dead')}</Tag>
        ) : (
          <Tooltip
            title={t('admin.deadLetters.resolvedBy', {
              at: when(letter.resolvedAt),
              name: (letter.resolvedBy && people.data?.get(letter.resolvedBy)?.name) ?? t('admin.deadLetters.system'),
            })}
          >
            <Tag color="success">{t('admin.deadLetters.statuses.resolved')}</Tag>
          </Tooltip>
        ),
    },
    {
      title: t('common.actions'), key: 'actions', width: 100, fixed: 'right',
      render: (_, letter) =>
        letter.status === 'dead' ? (
          <Button
            size="small"
            type="primary"
            ghost
            icon={<RedoOutlined />}
            loading={retry.isPending && retry.variables?.id === letter.id}
            onClick={() => retry.mutate(letter)}
            data-testid="dead-letter-retry"
          >
            {t('admin.deadLetters.retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('admin.deadLetters.title')}
        description={t('admin.deadLetters.description')}
        extra={<Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isRefetching} data-testid="refresh-button">{t('admin.common.refresh')}</Button>}
      />
      <Card>
        <Flex style={{ marginBottom: 16 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={(['dead', 'resolved', 'all'] as const).map((value) => ({ value, label: t(`admin.deadLetters.filter.${value}`) }))}
            data-testid="filter-status"
          />
        </Flex>
        <CursorTable<DeadLetter>
          list={list}
          columns={columns}
          scroll={{ x: 1000 }}
          expandable={{
            expandedRowRender: (letter) => (
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }} data-testid="dead-letter-error">{letter.lastError}</pre>
            ),
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={status === 'dead' ? t('admin.deadLetters.emptyDead') : t('admin.deadLetters.empty')}
                data-testid="empty-state"
              >
                {status === 'dead' && <Button onClick={() => setStatus('resolved')}>{t('admin.deadLetters.showResolved')}</Button>}
              </Empty>
            ),
          }}
        />
      </Card>
    </>
  );
}
