/**
 * The talk-track library (A3, admins): every script with the leads it is for and what reps made of it; filters by
 * language, industry, status and words; new, edit, archive and restore; and adding back the starter scripts the
 * company does not have.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { industries, type TalkTrack } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { useDebounced } from '../../lib/use-debounced';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { LoadError } from '../../lib/page-states';
import { PageHeader } from '../admin/components/PageHeader';
import { TalkTrackForm } from './TalkTrackForm';
import { scriptLocaleOf, useArchiveTrack, useLibrary, useRestoreStarterLibrary, type LibraryFilters, type ScriptLocale } from './api';

const rules = [['industries', 'industry'], ['budgetBands', 'budgetBand'], ['decisionChains', 'decisionChain'], ['stages', 'stage']] as const;

export default function TalkTracksPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message, modal } = App.useApp();
  const [locale, setLocale] = useState<ScriptLocale | undefined>(scriptLocaleOf(i18n.language));
  const [status, setStatus] = useState<LibraryFilters['status']>('active');
  const [industry, setIndustry] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const filters = useMemo(() => ({ locale, status, industry, q: q || undefined }), [locale, status, industry, q]);
  const library = useLibrary(filters);
  const archive = useArchiveTrack();
  const restore = useRestoreStarterLibrary();
  const [editing, setEditing] = useState<{ track: TalkTrack | null } | null>(null);

  const toggleArchived = (track: TalkTrack) =>
    archive.mutate({ track, archived: track.status === 'active' }, {
      onSuccess: (saved) => void message.success(t(saved.status === 'archived' ? 'talkTracks.admin.archived' : 'talkTracks.admin.unarchived', { title: saved.title })),
      onError: (error) => void message.error(errorText(error, t)),
    });
  const confirmRestore = () =>
    modal.confirm({
      title: t('talkTracks.admin.restoreTitle'),
      content: t('talkTracks.admin.restoreBody'),
      okText: t('talkTracks.admin.restoreOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () =>
        restore.mutateAsync().then(
          ({ added }) => void message.success(added > 0 ? t('talkTracks.admin.restored', { count: added }) : t('talkTracks.admin.restoredNone')),
          (error: unknown) => void message.error(errorText(error, t)),
        ),
    });

  const columns: ColumnsType<TalkTrack> = [
    {
      title: t('talkTracks.admin.columns.title'), dataIndex: 'title',
      render: (title: string, track) => (
        <Space size={4} wrap>
          <Typography.Text strong delete={track.status === 'archived'}>{title}</Typography.Text>
          {track.starterKey && <Tag color="blue">{t('talkTracks.admin.starter')}</Tag>}
        </Space>
      ),
    },
    { title: t('talkTracks.admin.columns.locale'), dataIndex: 'locale', width: 90, render: (value: ScriptLocale) => t(`talkTracks.admin.locale.${value}`) },
    {
      title: t('talkTracks.admin.columns.rules'), key: 'rules',
      render: (_, track) => {
        const tags = rules.flatMap(([field, vocab]) => (track[field] as readonly string[]).map((value) => <Tag key={`${field}:${value}`}>{t(`vocab.${vocab}.${value}`)}</Tag>));
        return tags.length ? <Flex wrap gap={4}>{tags}</Flex> : <Typography.Text type="secondary">{t('talkTracks.admin.any')}</Typography.Text>;
      },
    },
    {
      title: t('talkTracks.admin.columns.feedback'), dataIndex: 'feedback', width: 200,
      render: (feedback: TalkTrack['feedback']) => <Typography.Text type="secondary">{t('talkTracks.admin.feedback', feedback)}</Typography.Text>,
    },
    { title: t('talkTracks.admin.columns.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (iso: string) => formatDateTime(iso, session.org.timeZone, i18n.language) },
    {
      title: t('common.actions'), key: 'actions', width: 150,
      render: (_, track) => (
        <Space size={4}>
          <Button size="small" onClick={() => setEditing({ track })} data-testid="talk-track-edit">{t('talkTracks.admin.edit')}</Button>
          <Button size="small" danger={track.status === 'active'} loading={archive.isPending && archive.variables?.track.id === track.id}
            onClick={() => toggleArchived(track)} data-testid="talk-track-archive">
            {t(track.status === 'active' ? 'talkTracks.admin.archive' : 'talkTracks.admin.unarchive')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('talkTracks.admin.title')}
        description={t('talkTracks.admin.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} loading={restore.isPending} onClick={confirmRestore} data-testid="restore-starter">{t('talkTracks.admin.restore')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ track: null })} data-testid="create-button">{t('talkTracks.admin.create')}</Button>
          </>
        }
      />
      <Card>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('talkTracks.admin.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} data-testid="talk-track-search" />
          <Select<ScriptLocale | 'all'>
            value={locale ?? 'all'}
            onChange={(value) => setLocale(value === 'all' ? undefined : value)}
            style={{ width: 140 }}
            options={[{ value: 'all', label: t('talkTracks.admin.allLocales') }, ...(['zh-CN', 'en'] as const).map((value) => ({ value, label: t(`talkTracks.admin.locale.${value}`) }))]}
            data-testid="talk-track-locale-filter"
          />
          <Select<string>
            allowClear
            value={industry}
            onChange={setIndustry}
            placeholder={t('talkTracks.admin.allIndustries')}
            style={{ width: 180 }}
            options={industries.map((value) => ({ value, label: t(`vocab.industry.${value}`) }))}
            data-testid="talk-track-industry-filter"
          />
          <Select<LibraryFilters['status']>
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={(['active', 'archived', 'all'] as const).map((value) => ({ value, label: t(`talkTracks.admin.status.${value}`) }))}
            data-testid="talk-track-status-filter"
          />
        </Flex>
        {library.isError ? (
          <LoadError error={library.error} onRetry={() => void library.refetch()} />
        ) : (
          <Table<TalkTrack>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={library.data}
            loading={library.isFetching}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            expandable={{ expandedRowRender: (track) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{track.body}</Typography.Paragraph> }}
            onRow={() => ({ 'data-testid': 'list-row' }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('talkTracks.admin.empty')} data-testid="empty-state" /> }}
          />
        )}
      </Card>
      <TalkTrackForm open={!!editing} track={editing?.track ?? null} locale={locale ?? scriptLocaleOf(i18n.language)} onClose={() => setEditing(null)} />
    </>
  );
}
