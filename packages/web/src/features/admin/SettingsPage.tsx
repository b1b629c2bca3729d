/**
 * The organisation's settings (H3): its name and the time zone it works in — dates are shown, spreadsheets read and
 * schedules run in it (the Friday 16:00 report moves with it at once). The currency is fixed: every amount is
 * stored as integer minor units of it, so changing it would change what every stored amount means.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Descriptions, Form, Input, Select, Typography } from 'antd';
import type { Organisation } from '@closeloop/core';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useServerErrors } from './hooks/useServerErrors';
import { timeZoneOptions } from './hooks/time-zones';
import { FormError } from './components/FormError';
import { LoadError, Loading } from '../../lib/page-states';
import { PageHeader } from './components/PageHeader';

interface Values {
  name: string;
  timeZone: string;
}

export default function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const org = useQuery({ queryKey: ['organisation'], queryFn: ({ signal }) => api<Organisation>('/organisation', { signal }) });
  const zone = Form.useWatch('timeZone', form);
  const name = Form.useWatch('name', form);
  const zones = useMemo(() => timeZoneOptions(i18n.language, new Date(), org.data ? [org.data.timeZone] : []), [i18n.language, org.data]);

  useEffect(() => {
    if (org.data) form.setFieldsValue({ name: org.data.name, timeZone: org.data.timeZone });
  }, [org.data, form]);

  const save = useMutation({
    mutationFn: (patch: Partial<Values>) => api<Organisation>('/organisation', { method: 'PATCH', body: patch }),
    onSuccess: async (saved) => {
      client.setQueryData(['organisation'], saved);
      // The session carries the organisation's name and zone: every page formats with it.
      await client.invalidateQueries({ queryKey: ['auth', 'me'] });
      void message.success(t('common.saved'));
    },
    onError: show,
  });

  const submit = (values: Values) => {
    if (!org.data) return;
    clear();
    const patch: Partial<Values> = {};
    if (values.name.trim() !== org.data.name) patch.name = values.name.trim();
    if (values.timeZone !== org.data.timeZone) patch.timeZone = values.timeZone;
    if (Object.keys(patch).length === 0) return void message.info(t('admin.settings.unchanged'));
    if (!patch.timeZone) return save.mutate(patch);
    modal.confirm({
      title: t('admin.settings.zoneConfirmTitle', { zone: patch.timeZone }),
      content: t('admin.settings.zoneConfirm', { from: org.data.timeZone, to: patch.timeZone }),
      okText: t('admin.settings.zoneConfirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () => save.mutateAsync(patch).catch(() => undefined),
    });
  };

  if (org.isPending) return <Loading rows={6} />;
  if (org.isError) return <LoadError error={org.error} onRetry={() => void org.refetch()} />;

  const changed = !!name && !!zone && (name.trim() !== org.data.name || zone !== org.data.timeZone);
  const now = new Date().toISOString();

  return (
    <>
      <PageHeader title={t('admin.settings.title')} description={t('admin.settings.description')} />
      <Card style={{ maxWidth: 760 }}>
        <FormError message={formError} />
        <Form<Values> form={form} onValuesChange={edited} layout="vertical" onFinish={submit} data-testid="settings-form">
          <Form.Item name="name" label={t('admin.settings.name')} extra={t('admin.settings.nameHelp')} rules={[{ required: true, whitespace: true, message: t('admin.settings.nameRequired') }, { max: 120 }]}>
            <Input data-testid="settings-name" autoComplete="organization" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('admin.settings.timeZone')} extra={t('admin.settings.timeZoneHelp')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={zones}
              virtual
              data-testid="settings-time-zone"
            />
          </Form.Item>
          {zone && (
            <Alert
              type={zone === org.data.timeZone ? 'info' : 'warning'}
              showIcon
              style={{ marginBottom: 24 }}
              title={t('admin.settings.localNow', { time: formatDateTime(now, zone, i18n.language) })}
              description={zone === org.data.timeZone ? undefined : t('admin.settings.zoneEffect')}
              data-testid="settings-zone-preview"
            />
          )}
          <Form.Item label={t('admin.settings.currency')} extra={t('admin.settings.currencyHelp')}>
            <Descriptions
              size="small"
              column={1}
              items={[{ key: 'currency', label: org.data.currency, children: <Typography.Text>{t(`vocab.currency.${org.data.currency}`, { defaultValue: org.data.currency })}</Typography.Text> }]}
              data-testid="settings-currency"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!changed} data-testid="save-button">{t('common.save')}</Button>
        </Form>
      </Card>
    </>
  );
}
