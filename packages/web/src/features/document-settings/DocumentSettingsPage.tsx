/**
 * The document flow's settings (admins): trace-code prefixes, the contract approval chain, partner rebate tiers,
 * default payment terms, the receipt mismatch tolerance and when the daily flash goes out. The whole document is saved
 * with the version read; if someone else saved meanwhile, the page says so and offers their version instead of
 * overwriting it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { documentTypes, type DocumentSettings } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { FormError } from '../admin/components/FormError';
import { PageHeader } from '../admin/components/PageHeader';
import { useServerErrors } from '../admin/hooks/useServerErrors';
import { fromForm, toForm, type SettingsForm } from './hooks/settings-form';

interface Versioned {
  settings: DocumentSettings;
  version: number;
  updatedAt: string | null;
}

const queryKey = ['document-settings'];
const amount = /^\s*[\d,]+(\.\d{0,2})?\s*$/;

function Section({ title, help, children }: { title: string; help?: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
      {children}
    </Card>
  );
}

export default function DocumentSettingsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const [stale, setStale] = useState(false);
  const current = useQuery({ queryKey, queryFn: ({ signal }) => api<Versioned>('/document-settings', { signal }) });

  useEffect(() => {
    if (current.data) form.setFieldsValue(toForm(current.data.settings, org.currency));
  }, [current.data, form, org.currency]);

  const save = useMutation({
    mutationFn: (body: { settings: DocumentSettings; version: number }) => api<Versioned>('/document-settings', { method: 'PUT', body }),
    onSuccess: (saved) => {
      client.setQueryData(queryKey, saved);
      void message.success(t('documentSettings.saved'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STALE_VERSION') return setStale(true);
      show(error);
    },
  });

  const reload = async () => {
    const latest = await current.refetch();
    if (latest.data) form.setFieldsValue(toForm(latest.data.settings, org.currency));
    setStale(false);
    clear();
  };

  if (current.isPending) return <Loading rows={10} />;
  if (current.isError) return <LoadError error={current.error} onRetry={() => void current.refetch()} />;
  const { version, updatedAt } = current.data;
  const money = (testId: string) => <Input prefix={org.currency} inputMode="decimal" data-testid={testId} />;
  const amountRules = [{ required: true, message: t('documentSettings.required') }, { pattern: amount, message: t('documentSettings.badAmount') }];

  return (
    <>
      <PageHeader title={t('documentSettings.title')} description={t('documentSettings.description')} />
      <Typography.Paragraph type="secondary" data-testid="document-settings-version">
        {updatedAt ? t('documentSettings.updated', { version, time: format.dateTime(updatedAt) }) : t('documentSettings.defaults')}
      </Typography.Paragraph>
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('documentSettings.staleTitle')}
          description={t('documentSettings.staleBody')}
          action={<Button onClick={() => void reload()}>{t('documentSettings.reload')}</Button>}
        />
      )}
      <FormError message={formError} />
      <Form<SettingsForm>
        form={form}
        layout="vertical"
        onValuesChange={edited}
        onFinish={(values) => { clear(); save.mutate({ settings: fromForm(values, org.currency), version }); }}
        style={{ maxWidth: 1000 }}
        data-testid="document-settings-form"
      >
        <Section title={t('documentSettings.prefixes.title')} help={t('documentSettings.prefixes.help')}>
          <Row gutter={12}>
            {documentTypes.map((type) => (
              <Col key={type} xs={12} md={6}>
                <Form.Item name={['prefixes', type]} label={t(`documents.type.${type}`)} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9]{0,5}$/, message: t('documentSettings.prefixes.help') }]}>
                  <Input maxLength={6} style={{ textTransform: 'uppercase' }} data-testid={`prefix-${type}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Section>

        <Section title={t('documentSettings.chain.title')} help={t('documentSettings.chain.help')}>
          <Form.List name="approvalChain">
            {(fields, { add, remove }) => (
              <Flex vertical>
                {fields.map((field, index) => (
                  <Row gutter={12} key={field.key} align="bottom" data-testid="chain-step">
                    <Col span={1} style={{ paddingBottom: 30 }}>{index + 1}.</Col>
                    <Col span={7}>
                      <Form.Item name={[field.name, 'role']} label={t('documentSettings.chain.role')} rules={[{ required: true }]}>
                        <Select options={(['manager', 'ops', 'admin'] as const).map((role) => ({ value: role, label: t(`documents.role.${role}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={7}><Form.Item name={[field.name, 'minTotal']} label={t('documentSettings.chain.minTotal')} rules={amountRules}>{money(`chain-min-${index}`)}</Form.Item></Col>
                    <Col span={7}>
                      <Form.Item name={[field.name, 'mayOverride']} label={t('documentSettings.chain.mayOverride')} valuePropName="checked"><Switch /></Form.Item>
                    </Col>
                    <Col span={2} style={{ paddingBottom: 24 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('documentSettings.chain.remove')} onClick={() => remove(field.name)} />
                    </Col>
                  </Row>
                ))}
                <div><Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 6} onClick={() => add({ role: 'manager', minTotal: '0.00', mayOverride: true })}>{t('documentSettings.chain.add')}</Button></div>
              </Flex>
            )}
          </Form.List>
          {/* Outside the list: inside it, the field's name would be read relative to a step. */}
          <Form.Item name="approvalEscalationHours" label={t('documentSettings.chain.escalation')} rules={[{ required: true }]} style={{ marginTop: 16, marginBottom: 0, maxWidth: 240 }}>
            <InputNumber min={1} max={336} precision={0} suffix={t('documentSettings.chain.hours')} style={{ width: '100%' }} data-testid="escalation-hours" />
          </Form.Item>
        </Section>

        <Section title={t('documentSettings.tiers.title')} help={t('documentSettings.tiers.help')}>
          <Form.List name="rebateTiers">
            {(fields, { add, remove }) => (
              <Flex vertical>
                {fields.map((field) => (
                  <Row gutter={12} key={field.key} align="bottom" data-testid="rebate-tier">
                    <Col span={4}><Form.Item name={[field.name, 'code']} label={t('documentSettings.tiers.code')} rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/ }]}><Input /></Form.Item></Col>
                    <Col span={5}><Form.Item name={[field.name, 'label', 'zh-CN']} label={t('documentSettings.tiers.labelZh')} rules={[{ required: true, whitespace: true }]}><Input maxLength={60} /></Form.Item></Col>
                    <Col span={5}><Form.Item name={[field.name, 'label', 'en']} label={t('documentSettings.tiers.labelEn')} rules={[{ required: true, whitespace: true }]}><Input maxLength={60} /></Form.Item></Col>
                    <Col span={4}>
                      <Form.Item name={[field.name, 'maxRebatePercent']} label={t('documentSettings.tiers.maxRebate')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={100} step={0.5} precision={2} suffix="%" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={5}><Form.Item name={[field.name, 'minYearTotal']} label={t('documentSettings.tiers.minYearTotal')} rules={amountRules}>{money(`tier-min-${field.name}`)}</Form.Item></Col>
                    <Col span={1} style={{ paddingBottom: 24 }}><Button type="text" danger icon={<DeleteOutlined />} aria-label={t('documentSettings.tiers.remove')} onClick={() => remove(field.name)} /></Col>
                  </Row>
                ))}
                <div><Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 20} onClick={() => add({ code: '', label: { en: '', 'zh-CN': '' }, maxRebatePercent: 0, minYearTotal: '0.00' })}>{t('documentSettings.tiers.add')}</Button></div>
              </Flex>
            )}
          </Form.List>
        </Section>

        <Section title={t('documentSettings.terms.title')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="defaultPaymentTermsDays" label={t('documentSettings.terms.defaultPaymentTermsDays')} rules={[{ required: true }]}>
                <InputNumber min={0} max={365} precision={0} suffix={t('documentSettings.terms.days')} style={{ width: '100%' }} data-testid="default-terms" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="flashTime" label={t('documentSettings.terms.flashTime')} extra={t('documentSettings.terms.flashTimeHelp')} rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('documentSettings.terms.flashTimeHelp') }]}>
                <Input placeholder="08:30" maxLength={5} data-testid="flash-time" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="receiptMismatchTolerance" label={t('documentSettings.terms.tolerance')} extra={t('documentSettings.terms.toleranceHelp')} rules={amountRules}>{money('mismatch-tolerance')}</Form.Item>
            </Col>
          </Row>
        </Section>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="document-settings-save">{t('documentSettings.save')}</Button>
      </Form>
    </>
  );
}
