/**
 * One lead at the desk: its facts, its stage (moved with the version read, so a change made meanwhile is refused and
 * said, not overwritten), its owner, editing, archive with undo, the follow-up timeline and its look-alikes.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Flex, Row, Segmented, Space, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { leadStages, type Lead } from '@closeloop/core';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { ActivityTimeline } from '../records/ActivityTimeline';
import { useAssignment, usePeople, useRegions } from '../records/directory';
import { DuplicatesPanel } from '../records/DuplicatesPanel';
import { LoadError, PageSkeleton, RecordNotFound } from '../records/PageStates';
import { PersonSelect } from '../records/pickers';
import { isNotFound, isStale, patchRecord, useRecord, useSaved } from '../records/record-api';
import { RecordLink } from '../records/RecordLink';
import { useArchive } from '../records/useArchive';
import { useFormat } from '../records/useFormat';
import { LeadDrawer } from './LeadDrawer';

export default function LeadPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const format = useFormat();
  const people = usePeople();
  const regions = useRegions();
  const { canReassign, assignable } = useAssignment();
  const saved = useSaved();
  const record = useRecord<Lead>('leads', id);
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { archive, restore } = useArchive('leads', setConflict);

  if (record.isPending) return <PageSkeleton />;
  if (record.isError) return isNotFound(record.error) ? <RecordNotFound kind="leads" /> : <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  const lead = record.data;
  const canWrite = can('crm.write');
  const active = lead.status === 'active';

  const change = async (changes: Partial<Lead>) => {
    setBusy(true);
    setConflict(null);
    try {
      saved('leads', await patchRecord<Lead>('leads', lead, changes));
      void message.success(t('common.saved'));
    } catch (error) {
      if (isStale(error)) setConflict(errorText(error, t));
      else void message.error(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const owner = people.byId.get(lead.ownerId)?.name ?? '';

  return (
    <div data-testid="lead-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/leads">{t('leads.list.title')}</Link> }, { title: lead.name }]} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={conflict}
          style={{ marginBottom: 16 }}
          data-testid="version-conflict"
          action={
            <Button size="small" onClick={() => void record.refetch().then(() => setConflict(null))} data-testid="conflict-reload">
              {t('records.conflict.reload')}
            </Button>
          }
        />
      )}
      {lead.mergedInto && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('leads.page.merged')}
          action={<Link to={`/leads/${lead.mergedInto}`}>{t('leads.page.openMerged')}</Link>}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
              {lead.name}
              {!active && <Tag style={{ marginInlineStart: 12, verticalAlign: 'middle' }}>{t('vocab.status.archived')}</Tag>}
            </Typography.Title>
            <Typography.Text type="secondary">
              {[lead.company, lead.city, owner && t('leads.page.ownedBy', { name: owner })].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
          {canWrite && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!active} data-testid="edit-button">{t('common.edit')}</Button>
              {active ? (
                <Button icon={<InboxOutlined />} onClick={() => void archive(lead)} data-testid="archive-button">{t('common.archive')}</Button>
              ) : (
                !lead.mergedInto && <Button icon={<RollbackOutlined />} onClick={() => void restore(lead)} data-testid="restore-button">{t('common.restore')}</Button>
              )}
            </Space>
          )}
        </Flex>
        <Flex align="center" gap={12} wrap style={{ marginTop: 20 }}>
          <Typography.Text strong>{t('leads.fields.stage')}</Typography.Text>
          <Segmented
            value={lead.stage}
            disabled={!canWrite || !active || busy}
            onChange={(stage) => void change({ stage })}
            options={leadStages.map((stage) => ({ value: stage, label: t(`vocab.stage.${stage}`) }))}
            data-testid="stage-select"
          />
        </Flex>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card>
            <Tabs
              items={[
                { key: 'activities', label: t('leads.page.activities'), children: <ActivityTimeline subject={{ leadId: lead.id }} canLog={active} /> },
                { key: 'duplicates', label: t('leads.page.duplicates'), children: <DuplicatesPanel kind="leads" record={lead} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('leads.page.details')} data-testid="lead-details">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'owner', label: t('leads.fields.owner'),
                  children:
                    canReassign && active ? (
                      <span data-testid="owner-select" style={{ width: '100%' }}>
                        <PersonSelect people={assignable} value={lead.ownerId} onChange={(ownerId) => void change({ ownerId })} disabled={busy} size="small" style={{ minWidth: 160 }} />
                      </span>
                    ) : (
                      owner
                    ),
                },
                { key: 'company', label: t('leads.fields.company'), children: lead.company ?? dash },
                { key: 'phone', label: t('leads.fields.phone'), children: lead.phone ? <a href={`tel:${lead.phone}`}>{lead.phone}</a> : dash },
                { key: 'email', label: t('leads.fields.email'), children: lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : dash },
                { key: 'customer', label: t('leads.fields.customer'), children: <RecordLink kind="customers" id={lead.customerId} /> },
                { key: 'source', label: t('leads.fields.source'), children: t(`vocab.source.${lead.source}`) },
                { key: 'industry', label: t('leads.fields.industry'), children: lead.industry ? t(`vocab.industry.${lead.industry}`) : dash },
                { key: 'region', label: t('leads.fields.region'), children: (lead.regionId && regions.byId.get(lead.regionId)?.name) || dash },
                { key: 'city', label: t('leads.fields.city'), children: lead.city ?? dash },
                {
                  key: 'tags', label: t('leads.fields.intentTags'),
                  children: lead.intentTags.length ? lead.intentTags.map((tag) => <Tag key={tag}>{tag}</Tag>) : dash,
                },
                { key: 'firstContact', label: t('leads.fields.firstContactAt'), children: format.dateTime(lead.firstContactAt) || dash },
                { key: 'lastActivity', label: t('leads.fields.lastActivityAt'), children: format.dateTime(lead.lastActivityAt) },
                { key: 'created', label: t('records.fields.createdAt'), children: format.dateTime(lead.createdAt) },
                { key: 'updated', label: t('records.fields.updatedAt'), children: format.dateTime(lead.updatedAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {canWrite && <LeadDrawer open={editing} lead={lead} onClose={() => setEditing(false)} />}
    </div>
  );
}
