/**
 * One lead at the desk: its facts, its stage (moved with the version read, so a change made meanwhile is refused and
 * said, not overwritten), its owner, editing, archive with undo, the follow-up timeline and its look-alikes.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Col, Descriptions, Flex, Row, Segmented, Tabs, Tag, Typography } from 'antd';
import { closedLeadStages, leadStages, type Lead } from '@closeloop/core';
import { useSession } from '../../api/session';
import { ActivityTimeline } from '../records/ActivityTimeline';
import { usePeople, useRegions } from '../../api/directory';
import { DuplicatesPanel } from '../records/DuplicatesPanel';
import { LoadError, Loading } from '../../lib/page-states';
import { RecordNotFound } from '../records/PageStates';
import { isNotFound, useRecord } from '../records/record-api';
import { OwnerField, RecordHeader, useRecordWrites } from '../records/RecordHeader';
import { RecordLink } from '../records/RecordLink';
import { useFormat } from '../../lib/use-format';
import { LeadDrawer } from './LeadDrawer';
import { TalkTrackPanel } from '../talk-tracks/TalkTrackPanel';
import { OpenNextAction } from '../capture/OpenNextAction';
import { ScreeningCardPanel } from '../screening/ScreeningCardPanel';

export default function LeadPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const format = useFormat();
  const people = usePeople();
  const regions = useRegions();
  const record = useRecord<Lead>('leads', id);
  const writes = useRecordWrites<Lead>('leads');
  const [editing, setEditing] = useState(false);

  if (record.isPending) return <Loading />;
  if (record.isError) return isNotFound(record.error) ? <RecordNotFound kind="leads" /> : <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  const lead = record.data;
  const canWrite = can('crm.write');
  const active = lead.status === 'active';
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const owner = people.byId.get(lead.ownerId)?.name ?? '';

  return (
    <div data-testid="lead-page">
      <RecordHeader
        kind="leads"
        record={lead}
        writes={writes}
        canWrite={canWrite}
        onEdit={() => setEditing(true)}
        onReload={() => record.refetch()}
        subtitle={
          <Typography.Text type="secondary">
            {[lead.company, lead.city, owner && t('leads.page.ownedBy', { name: owner })].filter(Boolean).join(' · ')}
          </Typography.Text>
        }
      >
        <Flex align="center" gap={12} wrap style={{ marginTop: 20 }}>
          <Typography.Text strong>{t('leads.fields.stage')}</Typography.Text>
          <Segmented
            value={lead.stage}
            disabled={!canWrite || !active || writes.busy}
            onChange={(stage) => void writes.change(lead, { stage })}
            options={leadStages.map((stage) => ({ value: stage, label: t(`vocab.stage.${stage}`) }))}
            data-testid="stage-select"
          />
        </Flex>
      </RecordHeader>
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
          <OpenNextAction lead={lead} open={active && !(closedLeadStages as readonly string[]).includes(lead.stage)} />
          <ScreeningCardPanel lead={lead} />
          <TalkTrackPanel lead={lead} />
          <Card title={t('leads.page.details')} data-testid="lead-details">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'owner', label: t('leads.fields.owner'),
                  children: <OwnerField ownerId={lead.ownerId} active={active} busy={writes.busy} onChange={(ownerId) => void writes.change(lead, { ownerId })} />,
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
