/**
 * One lead on the phone: the key facts, a tap-to-call number, the stage (changed from an action sheet with the
 * version read, so a concurrent edit is refused and explained rather than overwritten) and the activity timeline.
 */
import { lazy, Suspense, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionSheet, Button, Dialog, List, NoticeBar, Space, Tag, Toast } from 'antd-mobile';
import { EditSOutline, PhoneFill } from 'antd-mobile-icons';
import { leadStages, type Lead, type LeadStage } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { ActivityTimeline } from './ActivityTimeline';
import { DetailSkeleton, LoadFailed } from './PageStates';
import { PhonePage } from './PhonePage';
import { RecordName } from './RecordName';
import { useRecord } from './records';
import { useFormat } from '../../lib/use-format';
import { isSilentLead, useSilenceRules } from './silence';
import { isOpenStage, StageTag } from './vocab-ui';
import { PhoneOpenNextAction } from '../capture/PhoneOpenNextAction';
import { PhoneScreeningPrompt } from '../screening/PhoneScreeningPrompt';

// Scripts for the lead (A3): their own chunk, fetched when a lead is opened.
const PhoneTalkTracks = lazy(() => import('../talk-tracks/PhoneTalkTracks'));

export default function PhoneLead() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const lead = useRecord<Lead>('leads', id);
  return (
    <PhonePage title={lead.data?.name ?? t('phone.lead.title')} backTo="/m/leads">
      {lead.isPending ? <DetailSkeleton />
        : lead.isError ? <LoadFailed error={lead.error} onRetry={() => void lead.refetch()} />
        : <LeadBody lead={lead.data} />}
    </PhonePage>
  );
}

function LeadBody({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { can } = useSession();
  const canWrite = can('crm.write') && lead.status === 'active';
  const [picking, setPicking] = useState(false);
  const changeStage = useStageChange(lead);
  const logActivity = () => void navigate(`/m/log?leadId=${lead.id}`);
  const silent = isSilentLead(lead, useSilenceRules());

  return (
    <>
      {lead.mergedInto && (
        <NoticeBar color="info" wrap content={<a onClick={() => void navigate(`/m/leads/${lead.mergedInto}`)}>{t('phone.lead.merged')}</a>} />
      )}
      {lead.status === 'archived' && !lead.mergedInto && <NoticeBar color="default" wrap content={t('phone.lead.archived')} />}

      <div className="pp-card pp-head">
        <div className="pp-head-main">
          <h2 className="pp-head-name">{lead.name}</h2>
          {lead.company && <div className="pp-muted">{lead.company}</div>}
        </div>
        <button
          type="button"
          className="pp-stage-button"
          disabled={!canWrite || changeStage.isPending}
          onClick={() => setPicking(true)}
          data-testid="lead-stage"
          aria-label={t('phone.lead.changeStage')}
        >
          <StageTag stage={lead.stage} />
          {canWrite && <EditSOutline />}
        </button>
      </div>

      <div className="pp-actions pp-actions-row">
        {lead.phone ? (
          <a className="pp-call" href={`tel:${lead.phone}`} data-testid="lead-call">
            <PhoneFill /> {t('phone.lead.call')}
          </a>
        ) : (
          <Button block size="large" disabled><PhoneFill /> {t('phone.lead.noPhone')}</Button>
        )}
        {can('crm.write') && (
          <Button block size="large" color="primary" fill="outline" onClick={logActivity} data-testid="lead-log-activity">
            <EditSOutline /> {t('phone.home.logActivity')}
          </Button>
        )}
      </div>

      <PhoneOpenNextAction lead={lead} open={lead.status === 'active' && isOpenStage(lead.stage)} />
      <PhoneScreeningPrompt lead={lead} canWrite={canWrite} />

      <List header={t('phone.lead.facts')} className="pp-facts">
        <List.Item extra={lead.phone ? <a href={`tel:${lead.phone}`}>{lead.phone}</a> : '—'}>{t('phone.field.phone')}</List.Item>
        {lead.email && <List.Item extra={<a href={`mailto:${lead.email}`}>{lead.email}</a>}>{t('phone.field.email')}</List.Item>}
        <List.Item extra={t(`vocab.source.${lead.source}`)}>{t('phone.field.source')}</List.Item>
        {lead.industry && <List.Item extra={t(`vocab.industry.${lead.industry}`)}>{t('phone.field.industry')}</List.Item>}
        {lead.city && <List.Item extra={lead.city}>{t('phone.field.city')}</List.Item>}
        {lead.customerId && (
          <List.Item extra={<RecordName leadId={null} customerId={lead.customerId} />} onClick={() => void navigate(`/m/customers/${lead.customerId}`)}>
            {t('phone.field.customer')}
          </List.Item>
        )}
        {lead.intentTags.length > 0 && (
          <List.Item extra={<Space wrap>{lead.intentTags.map((tag) => <Tag key={tag} color="primary" fill="outline">{tag}</Tag>)}</Space>}>
            {t('phone.field.intentTags')}
          </List.Item>
        )}
        <List.Item
          extra={<span className={silent ? 'pp-silent' : undefined}>{format.relative(lead.lastActivityAt)}</span>}
          description={format.dateTime(lead.lastActivityAt)}
        >
          {t('phone.field.lastActivity')}
        </List.Item>
        {lead.firstContactAt && <List.Item extra={format.dateTime(lead.firstContactAt)}>{t('phone.field.firstContact')}</List.Item>}
        <List.Item extra={format.dateTime(lead.createdAt)}>{t('phone.field.created')}</List.Item>
      </List>

      <Suspense fallback={null}><PhoneTalkTracks lead={lead} /></Suspense>

      <List header={t('phone.lead.timeline')} className="pp-timeline-list">
        <ActivityTimeline filter={{ leadId: lead.id }} onLog={can('crm.write') ? logActivity : undefined} />
      </List>

      <ActionSheet
        visible={picking}
        onClose={() => setPicking(false)}
        extra={t('phone.lead.changeStage')}
        cancelText={t('common.cancel')}
        actions={leadStages.map((stage) => ({ key: stage, text: t(`vocab.stage.${stage}`), disabled: stage === lead.stage }))}
        onAction={(action) => {
          setPicking(false);
          changeStage.mutate(action.key as LeadStage);
        }}
      />
    </>
  );
}

/** PATCH the stage with the version on screen; a 409 means someone else changed the lead meanwhile. */
function useStageChange(lead: Lead) {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stage: LeadStage) => api<Lead>(`/leads/${lead.id}`, { method: 'PATCH', body: { version: lead.version, stage } }),
    onSuccess: (saved) => {
      client.setQueryData(['leads', 'one', lead.id], saved);
      void client.invalidateQueries({ queryKey: ['leads'] });
      Toast.show({ icon: 'success', content: t('phone.lead.stageChanged', { stage: t(`vocab.stage.${saved.stage}`) }) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void client.invalidateQueries({ queryKey: ['leads', 'one', lead.id] });
        void Dialog.alert({
          title: t('phone.lead.staleTitle'),
          content: <div data-testid="stale-version">{t('phone.lead.staleBody')}<p className="pp-muted pp-small">{errorText(error, t)}</p></div>,
          confirmText: t('common.confirm'),
        });
        return;
      }
      Toast.show({ icon: 'fail', content: errorText(error, t) });
    },
  });
}
