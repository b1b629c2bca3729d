/**
 * Logs a call, visit, meeting or note on a lead or customer (A4). The note is typed, dictated or recorded; what it
 * says (key points, commitments, dates, amounts) is read back live; a lead's call, visit or meeting cannot be saved
 * without its next action, whose due time defaults to the kind's and can be taken from a date in the note. Times are
 * the company's wall-clock time (empty: now); the lead's silence clock and open next action move on the server.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Segmented, Typography } from 'antd';
import { activityKinds, needsNextAction, suggestedDueAt, type Activity } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { errorText } from '../../lib/errors';
import { placeFieldErrors } from './field-errors';
import { useFormat } from '../../lib/use-format';
import { companyInstant, companyNow, companyWallTime } from './zoned-time';
import { activityBody, captureMode, pickKind, saveBlocker, withTranscript, type PlannedAction } from '../capture/capture-form';
import { useNextActionKinds, useSummaryPreview } from '../capture/api';
import { CaptureTools } from '../capture/CaptureTools';
import { NextActionPicker } from '../capture/NextActionPicker';
import { SummaryPreview } from '../capture/SummaryPreview';

export type ActivitySubject = { leadId: string; customerId?: undefined } | { customerId: string; leadId?: undefined };

interface Values {
  kind: Activity['kind'];
  when?: Dayjs | null;
  durationMinutes?: number | null;
  text?: string;
}

const fields = ['kind', 'occurredAt', 'durationMinutes', 'text', 'nextAction'];
const noSpeech = { dictated: false, recorded: false };

export function LogActivityForm({ subject }: { subject: ActivitySubject }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { timeZone } = useFormat();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [planned, setPlanned] = useState<PlannedAction | null>(null);
  const [dueSetByHand, setDueSetByHand] = useState(false);
  const [nextActionError, setNextActionError] = useState<string | undefined>();
  const [speech, setSpeech] = useState(noSpeech);
  const submitKey = useSubmitKey();
  const { kinds, isPending: kindsLoading, retry: retryKinds } = useNextActionKinds();
  const kind = Form.useWatch('kind', form) ?? 'call';
  const text = Form.useWatch('text', form) ?? '';
  const when = Form.useWatch('when', form);
  const occurredAt = when ? companyInstant(when, timeZone) : undefined;
  const preview = useSummaryPreview(text, occurredAt);
  const blocker = saveBlocker(kind, !!subject.leadId, planned);
  const suggestion = preview.data ? suggestedDueAt(preview.data, new Date().toISOString()) : null;

  const setDue = (dueAt: string) => {
    setPlanned((current) => current && { ...current, dueAt });
    setDueSetByHand(true);
    setNextActionError(undefined);
  };
  const addSpoken = (spoken: string, from: 'dictated' | 'recorded') => {
    form.setFieldValue('text', withTranscript(form.getFieldValue('text') ?? '', spoken));
    setSpeech((used) => ({ ...used, [from]: true }));
    if (from === 'recorded') void message.info(t('capture.transcribed'));
  };
  const reset = () => {
    form.resetFields();
    setPlanned(null);
    setDueSetByHand(false);
    setNextActionError(undefined);
    setSpeech(noSpeech);
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(null);
    setNextActionError(undefined);
    try {
      const body = activityBody({
        kind: values.kind, subject, text: values.text ?? '', occurredAt: values.when ? companyInstant(values.when, timeZone) : undefined,
        durationMinutes: values.durationMinutes ?? null, planned, capture: captureMode(speech),
      });
      await api<Activity>('/activities', { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) });
      submitKey.done();
      reset();
      void message.success(t('records.timeline.logged'));
      void client.invalidateQueries({ queryKey: ['activities'] });
      // A lead's last activity and open next action moved; a customer's last touch did.
      void client.invalidateQueries({ queryKey: subject.leadId ? ['leads'] : ['customers'] });
    } catch (error) {
      const { placed, unplaced } = error instanceof ApiError ? placeFieldErrors(error.fields, fields) : { placed: [], unplaced: [] };
      setNextActionError(placed.find((p) => p.name === 'nextAction')?.errors.join(' '));
      const onForm = placed.filter((p) => p.name !== 'nextAction');
      form.setFields(onForm.map(({ name, errors }) => ({ name: name === 'occurredAt' ? 'when' : name, errors })) as Parameters<typeof form.setFields>[0]);
      setProblem(placed.length > 0 && unplaced.length === 0 ? null : errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" style={{ marginBottom: 24, background: '#fafafa' }} data-testid="log-activity">
      <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'call' }} onFinish={(values) => void submit(values)}>
        <Flex gap={16} wrap align="flex-start">
          <Form.Item name="kind" label={t('records.timeline.kind')} style={{ marginBottom: 12 }}>
            <Segmented options={activityKinds.map((k) => ({ value: k, label: t(`vocab.activityKind.${k}`) }))} data-testid="activity-kind" />
          </Form.Item>
          <Form.Item name="when" label={t('records.timeline.when')} style={{ marginBottom: 12 }}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('records.timeline.now')}
              disabledDate={(day) => day.isAfter(companyNow(timeZone), 'day')}
              data-testid="activity-when"
            />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('records.timeline.duration')} style={{ marginBottom: 12 }}>
            <InputNumber min={0} max={1440} precision={0} suffix={t('records.timeline.minutesUnit')} style={{ width: 130 }} data-testid="activity-duration" />
          </Form.Item>
        </Flex>
        <Form.Item name="text" rules={[{ max: 20000 }]} style={{ marginBottom: 8 }}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('records.timeline.textPlaceholder')} data-testid="activity-text" />
        </Form.Item>
        <CaptureTools onText={addSpoken} disabled={busy} />
        <SummaryPreview
          summary={text.trim() ? preview.data : undefined}
          updating={!!text.trim() && preview.isFetching}
          onUseDate={planned ? setDue : undefined}
        />
        <NextActionPicker
          kinds={kinds}
          loading={kindsLoading}
          onRetry={retryKinds}
          planned={planned}
          required={needsNextAction(kind, !!subject.leadId)}
          due={planned ? companyWallTime(planned.dueAt, timeZone) : null}
          error={nextActionError}
          suggestion={suggestion}
          onPick={(picked) => {
            setPlanned((current) => pickKind(current, picked, { now: new Date().toISOString(), timeZone, dueSetByHand }));
            setNextActionError(undefined);
          }}
          onDue={(value) => value && setDue(companyInstant(value, timeZone))}
          onNote={(note) => setPlanned((current) => current && { ...current, note })}
          onUseSuggestion={setDue}
          disabledDate={(day) => day.isBefore(companyNow(timeZone), 'day')}
        />
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
        <Flex justify="flex-end" align="center" gap={12}>
          {blocker && <Typography.Text type="secondary" data-testid="activity-save-hint">{t('capture.nextAction.required')}</Typography.Text>}
          <Button type="primary" htmlType="submit" loading={busy} disabled={blocker !== null} data-testid="activity-save">
            {t('records.timeline.log')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
