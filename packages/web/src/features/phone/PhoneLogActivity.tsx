/**
 * Log a call, visit, meeting or note (A4). Opened from a lead or customer (?leadId= / ?customerId=) it is about that
 * record; opened from home the rep first picks one. Kind as big buttons; what happened typed, dictated or recorded,
 * read back live (key points, commitments, dates, amounts); the next action as one tap on a chip (its due time follows
 * the kind, shortcuts or the date the note names change it) — required for a lead's call, visit or meeting; how long.
 * The form's Idempotency-Key makes a repeated tap or a retry log it once.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, List, NoticeBar, Toast } from 'antd-mobile';
import { activityKinds, needsNextAction, suggestedDueAt, type Activity, type Customer, type Lead } from '@closeloop/core';
import { api } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { useSession } from '../../api/session';
import { FieldInput, FieldTextArea } from './FieldInput';
import { FormRow, without } from './FormRow';
import { DetailSkeleton, LoadFailed } from './PageStates';
import { PhonePage } from './PhonePage';
import { RecordPicker, type Picked } from './RecordPicker';
import { useBack } from './phone-nav';
import { bodyFieldErrors, saveFailure, useRecord } from './records';
import { KindIcon } from './vocab-ui';
import { useFormat } from '../../lib/use-format';
import { activityBody, captureMode, pickKind, saveBlocker, withTranscript, type PlannedAction } from '../capture/capture-form';
import { useNextActionKinds, useSummaryPreview } from '../capture/api';
import { PhoneCaptureTools } from '../capture/PhoneCaptureTools';
import { PhoneNextActionPicker } from '../capture/PhoneNextActionPicker';
import { PhoneSummaryPreview } from '../capture/PhoneSummaryPreview';

type Kind = Activity['kind'];
const presetMinutes = [5, 15, 30, 60];
const maxMinutes = 24 * 60;

export default function PhoneLogActivity() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params] = useSearchParams();
  const leadId = params.get('leadId');
  const customerId = leadId ? null : params.get('customerId');
  const lead = useRecord<Lead>('leads', leadId);
  const customer = useRecord<Customer>('customers', customerId);
  const given = leadId ? lead : customerId ? customer : null;
  const [picked, setPicked] = useState<Picked | null>(null);
  const backTo = leadId ? `/m/leads/${leadId}` : customerId ? `/m/customers/${customerId}` : '/m';

  let content;
  if (!can('crm.write')) content = <ErrorBlock status="default" title={t('common.forbidden')} description="" className="pp-block" />;
  else if (given?.isPending) content = <DetailSkeleton />;
  else if (given?.isError) content = <LoadFailed error={given.error} onRetry={() => void given.refetch()} />;
  else if (given?.data) {
    content = <ActivityForm target={{ type: leadId ? 'lead' : 'customer', id: given.data.id, name: given.data.name }} backTo={backTo} />;
  } else if (picked) content = <ActivityForm target={picked} backTo={backTo} onChangeTarget={() => setPicked(null)} />;
  else content = <RecordPicker onPick={setPicked} />;

  return <PhonePage title={t('phone.log.title')} backTo={backTo}>{content}</PhonePage>;
}

function ActivityForm({ target, backTo, onChangeTarget }: { target: Picked; backTo: string; onChangeTarget?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const back = useBack(backTo);
  const { timeZone } = useFormat();
  const [kind, setKind] = useState<Kind>('call');
  const [text, setText] = useState('');
  const [minutes, setMinutes] = useState('');
  const [planned, setPlanned] = useState<PlannedAction | null>(null);
  const [dueSetByHand, setDueSetByHand] = useState(false);
  const [speech, setSpeech] = useState({ dictated: false, recorded: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  // One key for the life of this form: every retry of the same activity is the same request to the server.
  // A resend of the same entry (double tap, retry after a dropped connection) creates once.
  const submitKey = useSubmitKey();
  const { kinds, isPending: kindsLoading, retry: retryKinds } = useNextActionKinds();
  const preview = useSummaryPreview(text, undefined);
  const onLead = target.type === 'lead';
  const blocker = saveBlocker(kind, onLead, planned);
  const suggestion = preview.data ? suggestedDueAt(preview.data, new Date().toISOString()) : null;

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Activity>('/activities', { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) }),
    onSuccess: () => {
      // The record's last activity (and a lead's open next action) moved too, so its lists re-sort.
      for (const key of ['activities', onLead ? 'leads' : 'customers']) void client.invalidateQueries({ queryKey: [key] });
      Toast.show({ icon: 'success', content: t('phone.log.saved') });
      back();
    },
    onError: (error) => {
      const fields = bodyFieldErrors(error);
      setErrors(fields);
      setFailure(saveFailure(error, Object.keys(fields).length > 0, t));
    },
  });

  const addSpoken = (spoken: string, from: 'dictated' | 'recorded') => {
    setText((current) => withTranscript(current, spoken));
    setSpeech((used) => ({ ...used, [from]: true }));
    setErrors((current) => without(current, 'text'));
  };
  const setDue = (dueAt: string) => {
    setPlanned((current) => current && { ...current, dueAt });
    setDueSetByHand(true);
    setErrors((current) => without(current, 'nextAction'));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const found: Record<string, string> = {};
    const duration = kind === 'note' ? '' : minutes.trim();
    if (kind === 'note' && !text.trim()) found.text = t('phone.log.noteNeedsText');
    if (duration && !(/^\d+$/.test(duration) && Number(duration) <= maxMinutes)) found.durationMinutes = t('phone.log.durationInvalid', { max: maxMinutes });
    if (blocker) found.nextAction = t('capture.nextAction.required');
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    save.mutate(activityBody({
      kind, subject: onLead ? { leadId: target.id } : { customerId: target.id }, text,
      durationMinutes: duration ? Number(duration) : undefined, planned, capture: captureMode(speech),
    }));
  };

  return (
    <>
      <div className="pp-card pp-target" data-testid="log-target">
        <div>
          <div className="pp-muted pp-small">{t(onLead ? 'phone.log.forLead' : 'phone.log.forCustomer')}</div>
          <strong>{target.name}</strong>
        </div>
        {onChangeTarget && <Button size="small" fill="none" color="primary" onClick={onChangeTarget} data-testid="log-change-target">{t('phone.log.change')}</Button>}
      </div>
      {failure && <NoticeBar content={failure} color="error" wrap data-testid="form-error" />}
      <form onSubmit={submit} noValidate>
        <List>
          <FormRow label={t('phone.log.kind')} error={errors.kind} vertical>
            <KindButtons value={kind} onChange={(next) => { setKind(next); setErrors((current) => without(current, 'kind', 'text', 'nextAction')); }} />
          </FormRow>
          <FormRow label={t('phone.log.text')} error={errors.text} vertical required={kind === 'note'}>
            <FieldTextArea
              testId="activity-text"
              value={text}
              onChange={(value) => { setText(value); setErrors((current) => without(current, 'text')); }}
              placeholder={t(`phone.log.placeholder.${kind}`)}
              autoSize={{ minRows: 4, maxRows: 10 }}
              maxLength={20000}
            />
            <PhoneCaptureTools onText={addSpoken} disabled={save.isPending} />
            <PhoneSummaryPreview summary={text.trim() ? preview.data : undefined} updating={!!text.trim() && preview.isFetching} />
          </FormRow>
          <FormRow label={t('capture.nextAction.label')} error={errors.nextAction} vertical required={needsNextAction(kind, onLead)}>
            <PhoneNextActionPicker
              kinds={kinds}
              loading={kindsLoading}
              onRetry={retryKinds}
              planned={planned}
              suggestion={suggestion}
              onPick={(picked) => {
                setPlanned((current) => pickKind(current, picked, { now: new Date().toISOString(), timeZone, dueSetByHand }));
                setErrors((current) => without(current, 'nextAction'));
              }}
              onDue={setDue}
            />
          </FormRow>
          <FormRow label={t('phone.log.duration')} error={errors.durationMinutes} vertical hidden={kind === 'note'}>
            <div className="pp-duration">
              <FieldInput
                testId="activity-duration"
                value={minutes}
                onChange={(value) => { setMinutes(value); setErrors((current) => without(current, 'durationMinutes')); }}
                type="number"
                inputMode="numeric"
                min={0}
                max={maxMinutes}
                placeholder="0"
              />
              <span className="pp-muted">{t('phone.log.minutes')}</span>
            </div>
            <div className="pp-presets">
              {presetMinutes.map((preset) => (
                <Button
                  key={preset}
                  size="mini"
                  shape="rounded"
                  color={minutes === String(preset) ? 'primary' : 'default'}
                  fill={minutes === String(preset) ? 'outline' : 'solid'}
                  onClick={() => { setMinutes(String(preset)); setErrors((current) => without(current, 'durationMinutes')); }}
                >
                  {t('phone.timeline.minutes', { count: preset })}
                </Button>
              ))}
            </div>
          </FormRow>
        </List>
        <div className="pp-form-footer">
          <Button block type="submit" color="primary" size="large" loading={save.isPending} disabled={blocker !== null} data-testid="activity-save">{t('common.save')}</Button>
          {blocker && <p className="cap-hint" data-testid="activity-save-hint">{t('capture.nextAction.required')}</p>}
        </div>
      </form>
    </>
  );
}

/** The four kinds as big buttons, one of them chosen. */
function KindButtons({ value, onChange }: { value: Kind; onChange: (kind: Kind) => void }) {
  const { t } = useTranslation();
  return (
    <div className="pp-kinds" role="radiogroup">
      {activityKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          role="radio"
          aria-checked={value === kind}
          className={`pp-kind-button pp-entry-${kind}${value === kind ? ' pp-kind-active' : ''}`}
          onClick={() => onChange(kind)}
          data-testid={`activity-kind-${kind}`}
        >
          <KindIcon kind={kind} />
          <span>{t(`vocab.activityKind.${kind}`)}</span>
        </button>
      ))}
    </div>
  );
}
