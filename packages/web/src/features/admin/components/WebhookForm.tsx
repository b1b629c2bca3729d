/**
 * Register or change a webhook: the address that receives events, which events (all, present and future, or a
 * chosen list), a description, and whether it is on. An edit sends only what changed, with the version read.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Radio, Select, Switch } from 'antd';
import type { WebhookWithSecret } from '@closeloop/core';
import { api } from '../../../api/client';
import { useEventTypes, type WebhookView } from '../api/webhooks';
import { useServerErrors } from '../hooks/useServerErrors';
import { FormError } from './FormError';

interface Values {
  url: string;
  description: string;
  scope: 'all' | 'some';
  eventTypes: string[];
  active: boolean;
}

export interface WebhookFormProps {
  open: boolean;
  webhook?: WebhookView | undefined;
  onClose: () => void;
  /** After a create: the new webhook with its signing secret, shown once. */
  onCreated: (webhook: WebhookWithSecret) => void;
  onSaved: (webhook: WebhookView) => void;
}

const sameSelection = (a: '*' | string[], b: '*' | string[]) =>
  a === '*' || b === '*' ? a === b : a.length === b.length && a.every((x) => b.includes(x));

export function WebhookForm({ open, webhook, onClose, onCreated, onSaved }: WebhookFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const client = useQueryClient();
  const types = useEventTypes();
  const scope = Form.useWatch('scope', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      webhook
        ? {
            url: webhook.url, description: webhook.description, active: webhook.active,
            scope: webhook.eventTypes === '*' ? 'all' : 'some', eventTypes: webhook.eventTypes === '*' ? [] : webhook.eventTypes,
          }
        : { url: '', description: '', scope: 'some', eventTypes: [], active: true },
    );
    clear();
  }, [open, webhook, form, clear]);

  // Grouped by what the event is about: customer.created sits under "Customers".
  const options = useMemo(() => {
    const groups = new Map<string, string[]>();
    for (const type of types.data ?? []) {
      const entity = type.split('.')[0] ?? type;
      groups.set(entity, [...(groups.get(entity) ?? []), type]);
    }
    return [...groups].map(([entity, list]) => ({
      label: t(`admin.webhooks.groups.${entity}`, { defaultValue: entity }),
      options: list.map((value) => ({ value, label: value })),
    }));
  }, [types.data, t]);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      const eventTypes: '*' | string[] = values.scope === 'all' ? '*' : values.eventTypes;
      const next = { url: values.url.trim(), description: values.description.trim(), eventTypes, active: values.active };
      if (!webhook) return { created: await api<WebhookWithSecret>('/admin/webhooks', { method: 'POST', body: next }) };
      const patch: Record<string, unknown> = { version: webhook.version };
      if (next.url !== webhook.url) patch.url = next.url;
      if (next.description !== webhook.description) patch.description = next.description;
      if (next.active !== webhook.active) patch.active = next.active;
      if (!sameSelection(next.eventTypes, webhook.eventTypes)) patch.eventTypes = next.eventTypes;
      // Nothing changed: no write, no audit entry, no new version.
      if (Object.keys(patch).length === 1) return { saved: webhook };
      return { saved: await api<WebhookView>(`/admin/webhooks/${webhook.id}`, { method: 'PATCH', body: patch }) };
    },
    onSuccess: async (result) => {
      await client.invalidateQueries({ queryKey: ['webhooks'] });
      if (result.created) onCreated(result.created);
      if (result.saved) onSaved(result.saved);
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={webhook ? t('admin.webhooks.editTitle') : t('admin.webhooks.createTitle')}
      onCancel={onClose}
      forceRender
      width={680}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<Values> form={form} onValuesChange={edited} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="webhook-form">
        <Form.Item name="url" label={t('admin.webhooks.url')} extra={t('admin.webhooks.urlHelp')} rules={[{ required: true, whitespace: true, message: t('admin.webhooks.urlRequired') }, { max: 2000 }]}>
          <Input data-testid="webhook-url" placeholder="https://erp.example.cn/closeloop/events" autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('admin.webhooks.descriptionLabel')} rules={[{ max: 200 }]}>
          <Input data-testid="webhook-description" autoComplete="off" />
        </Form.Item>
        <Form.Item name="scope" label={t('admin.webhooks.events')}>
          <Radio.Group data-testid="webhook-scope">
            <Radio value="some">{t('admin.webhooks.someEvents')}</Radio>
            <Radio value="all">{t('admin.webhooks.allEvents')}</Radio>
          </Radio.Group>
        </Form.Item>
        {scope === 'some' && (
          <Form.Item name="eventTypes" rules={[{ required: true, message: t('admin.webhooks.eventsRequired') }]}>
            <Select mode="multiple" data-testid="webhook-events" options={options} placeholder={t('admin.webhooks.pickEvents')} allowClear />
          </Form.Item>
        )}
        <Form.Item name="active" label={t('admin.webhooks.active')} valuePropName="checked" extra={t('admin.webhooks.activeHelp')}>
          <Switch data-testid="webhook-active" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
