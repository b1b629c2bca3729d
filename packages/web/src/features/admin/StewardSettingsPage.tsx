/**
 * The lead steward's settings (A2–A6, admins): silence limits per stage, the screening reminder, follow-up cadences,
 * the next-action list, talk-track weights and health thresholds. A save sends only the sections that changed, with
 * the version read; if someone else saved meanwhile, the page says so and offers their version instead of
 * overwriting it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { openLeadStages, type StewardSettings } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { formatDateTime } from '../../lib/format';
import { LoadError, Loading } from '../../lib/page-states';
import { FormError } from './components/FormError';
import { PageHeader } from './components/PageHeader';
import { useServerErrors } from './hooks/useServerErrors';
import { changedSections } from './hooks/steward-sections';

interface Versioned {
  settings: StewardSettings;
  version: number;
  updatedAt: string | null;
}

const queryKey = ['steward', 'settings'];
const weightFacts = ['industry', 'budgetBand', 'decisionChain', 'stage', 'feedback'] as const;

function Section({ title, help, children }: { title: string; help?: string; children: React.ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
      {children}
    </Card>
  );
}

export default function StewardSettingsPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<StewardSettings>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const [stale, setStale] = useState(false);
  const current = useQuery({ queryKey, queryFn: ({ signal }) => api<Versioned>('/steward/settings', { signal }) });

  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data.settings);
  }, [current.data, form]);

  const save = useMutation({
    mutationFn: (body: Partial<StewardSettings> & { version: number }) => api<Versioned>('/steward/settings', { method: 'PATCH', body }),
    onSuccess: (saved) => {
      client.setQueryData(queryKey, saved);
      void message.success(t('stewardSettings.saved'));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STALE_VERSION') return setStale(true);
      show(error);
    },
  });

  const submit = (values: StewardSettings) => {
    if (!current.data) return;
    clear();
    const changed = changedSections(current.data.settings, values);
    if (Object.keys(changed).length === 0) return void message.info(t('stewardSettings.unchanged'));
    save.mutate({ ...changed, version: current.data.version });
  };

  const reload = async () => {
    const latest = await current.refetch();
    if (latest.data) form.setFieldsValue(latest.data.settings);
    setStale(false);
    clear();
  };

  if (current.isPending) return <Loading rows={10} />;
  if (current.isError) return <LoadError error={current.error} onRetry={() => void current.refetch()} />;
  const { version, updatedAt } = current.data;
  const savedCodes = new Set(current.data.settings.nextActionKinds.map((kind) => kind.code));
  const number = (min: number, max: number, suffix: string, testId: string) => (
    <InputNumber min={min} max={max} precision={0} suffix={suffix} style={{ width: '100%' }} data-testid={testId} />
  );

  return (
    <>
      <PageHeader
        title={t('stewardSettings.title')}
        description={t('stewardSettings.description')}
      />
      <Typography.Paragraph type="secondary" data-testid="steward-settings-version">
        {updatedAt ? t('stewardSettings.updated', { version, time: formatDateTime(updatedAt, session.org.timeZone, i18n.language) }) : t('stewardSettings.defaults')}
      </Typography.Paragraph>
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('stewardSettings.staleTitle')}
          description={t('stewardSettings.staleBody')}
          action={<Button onClick={() => void reload()} data-testid="steward-settings-reload">{t('stewardSettings.reload')}</Button>}
          data-testid="steward-settings-stale"
        />
      )}
      <FormError message={formError} />
      <Form<StewardSettings> form={form} layout="vertical" onValuesChange={edited} onFinish={submit} style={{ maxWidth: 960 }} data-testid="steward-settings-form">
        <Section title={t('stewardSettings.silence.title')} help={t('stewardSettings.silence.help')}>
          <Row gutter={12}>
            {openLeadStages.map((stage) => (
              <Col key={stage} xs={12} md={8} lg={4}>
                <Form.Item name={['silenceHours', stage]} label={t(`vocab.stage.${stage}`)} rules={[{ required: true }]}>
                  {number(1, 24 * 90, t('stewardSettings.silence.hours'), `silence-${stage}`)}
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Section>

        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Section title={t('stewardSettings.screening.title')}>
              <Form.Item name="screeningReminderMinutes" label={t('stewardSettings.screening.minutes')} extra={t('stewardSettings.screening.minutesHelp')} rules={[{ required: true }]}>
                {number(5, 24 * 60, t('stewardSettings.screening.unit'), 'screening-minutes')}
              </Form.Item>
            </Section>
          </Col>
          <Col xs={24} md={14}>
            <Section title={t('stewardSettings.cadence.title')} help={t('stewardSettings.cadence.help')}>
              <Row gutter={12}>
                {(['hot', 'warm', 'cold'] as const).map((level) => (
                  <Col key={level} span={8}>
                    <Form.Item name={['cadenceDays', level]} label={t(`stewardSettings.cadence.${level}`)} rules={[{ required: true }]}>
                      {number(1, level === 'cold' ? 180 : 90, t('stewardSettings.cadence.unit'), `cadence-${level}`)}
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Section>
          </Col>
        </Row>

        <Section title={t('stewardSettings.nextActions.title')} help={t('stewardSettings.nextActions.help')}>
          <Form.List name="nextActionKinds">
            {(fields, { add, remove }) => (
              <Flex vertical gap={0}>
                {fields.map((field, index) => {
                  const code = form.getFieldValue(['nextActionKinds', field.name, 'code']) as string | undefined;
                  const required = { required: true, whitespace: true, message: t('stewardSettings.nextActions.required') };
                  return (
                    <Row key={field.key} gutter={8} align="top" data-testid="next-action-row">
                      <Col xs={24} md={5}>
                        <Form.Item name={[field.name, 'code']} label={index === 0 ? t('stewardSettings.nextActions.code') : undefined} rules={[required, { pattern: /^[a-z0-9_]{1,40}$/, message: t('stewardSettings.nextActions.codeHelp') }]}>
                          <Input disabled={!!code && savedCodes.has(code)} placeholder={t('stewardSettings.nextActions.codeHelp')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'label', 'zh-CN']} label={index === 0 ? t('stewardSettings.nextActions.labelZh') : undefined} rules={[required, { max: 60 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'label', 'en']} label={index === 0 ? t('stewardSettings.nextActions.labelEn') : undefined} rules={[required, { max: 60 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col xs={16} md={4}>
                        <Form.Item name={[field.name, 'defaultDueDays']} label={index === 0 ? t('stewardSettings.nextActions.dueDays') : undefined} rules={[{ required: true }]}>
                          {number(0, 90, t('stewardSettings.nextActions.unit'), `next-action-days-${index}`)}
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={3}>
                        <Form.Item label={index === 0 ? ' ' : undefined}>
                          <Button icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} aria-label={t('stewardSettings.nextActions.remove')} />
                        </Form.Item>
                      </Col>
                    </Row>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 30} onClick={() => add({ code: '', label: { en: '', 'zh-CN': '' }, defaultDueDays: 3 })} data-testid="next-action-add">
                  {t('stewardSettings.nextActions.add')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Section>

        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Section title={t('stewardSettings.weights.title')} help={t('stewardSettings.weights.help')}>
              <Row gutter={12}>
                {weightFacts.map((fact) => (
                  <Col key={fact} xs={12} md={8}>
                    <Form.Item name={['talkTrackWeights', fact]} label={t(`stewardSettings.weights.${fact}`)} rules={[{ required: true }]}>
                      {number(0, 100, '', `weight-${fact}`)}
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Section>
          </Col>
          <Col xs={24} md={10}>
            <Section title={t('stewardSettings.health.title')}>
              <Form.Item name={['health', 'silentDays']} label={t('stewardSettings.health.silentDays')} extra={t('stewardSettings.health.silentDaysHelp')} rules={[{ required: true }]}>
                {number(1, 90, t('stewardSettings.health.unitDays'), 'health-silent-days')}
              </Form.Item>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name={['health', 'amberPercent']} label={t('stewardSettings.health.amberPercent')} rules={[{ required: true }]}>
                    {number(0, 100, '%', 'health-amber')}
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name={['health', 'redPercent']}
                    label={t('stewardSettings.health.redPercent')}
                    dependencies={[['health', 'amberPercent']]}
                    rules={[
                      { required: true },
                      ({ getFieldValue }) => ({
                        validator: (_, red: number | null) =>
                          red == null || red >= (getFieldValue(['health', 'amberPercent']) as number) ? Promise.resolve() : Promise.reject(new Error(t('stewardSettings.health.order'))),
                      }),
                    ]}
                  >
                    {number(0, 100, '%', 'health-red')}
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text type="secondary">{t('stewardSettings.health.percentHelp')}</Typography.Text>
            </Section>
          </Col>
        </Row>

        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={stale} data-testid="save-button">{t('common.save')}</Button>
        </Space>
      </Form>
    </>
  );
}
