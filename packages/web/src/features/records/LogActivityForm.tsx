/**
 * Logs a call, visit, meeting or note on a lead or customer. The time is the company's wall-clock time (empty: now);
 * the lead's silence clock restarts with it on the server.
 */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Segmented } from 'antd';
import { activityKinds, type Activity } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { errorText } from '../../lib/errors';
import { placeFieldErrors } from './field-errors';
import { useFormat } from '../../lib/use-format';
import { companyInstant, companyNow } from './zoned-time';

export type ActivitySubject = { leadId: string; customerId?: undefined } | { customerId: string; leadId?: undefined };

interface Values {
  kind: Activity['kind'];
  when?: Dayjs | null;
  durationMinutes?: number | null;
  text?: string;
}

const fields = ['kind', 'occurredAt', 'durationMinutes', 'text'];

export function LogActivityForm({ subject }: { subject: ActivitySubject }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { timeZone } = useFormat();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submitKey = useSubmitKey();

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      const body = {
        kind: values.kind,
        ...subject,
        occurredAt: values.when ? companyInstant(values.when, timeZone) : undefined,
        durationMinutes: values.durationMinutes ?? null,
        text: values.text ?? '',
      };
      await api<Activity>('/activities', { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) });
      submitKey.done();
      form.resetFields();
      void message.success(t('records.timeline.logged'));
      void client.invalidateQueries({ queryKey: ['activities'] });
      void client.invalidateQueries({ queryKey: subject.leadId ? ['leads'] : ['customers'] });
    } catch (error) {
      const { placed, unplaced } = error instanceof ApiError ? placeFieldErrors(error.fields, fields) : { placed: [], unplaced: [] };
      form.setFields(placed.map(({ name, errors }) => ({ name: name === 'occurredAt' ? 'when' : name, errors })) as Parameters<typeof form.setFields>[0]);
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
            <Segmented options={activityKinds.map((kind) => ({ value: kind, label: t(`vocab.activityKind.${kind}`) }))} data-testid="activity-kind" />
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
        <Form.Item name="text" rules={[{ max: 20000 }]} style={{ marginBottom: 12 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder={t('records.timeline.textPlaceholder')} data-testid="activity-text" />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" loading={busy} data-testid="log-activity-submit">
            {t('records.timeline.log')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
