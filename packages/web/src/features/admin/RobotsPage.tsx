/**
 * DingTalk and WeCom group robots (H2): where team notifications are posted. The webhook key and signing secret
 * are credentials: given once, then shown masked. A test notification checks every channel end to end.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { notificationTemplates, robotKinds, type RobotKind, type RobotView } from '@closeloop/core';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useServerErrors } from './hooks/useServerErrors';
import { FormError } from './components/FormError';
import { LoadError, Loading } from '../../lib/page-states';
import { PageHeader } from './components/PageHeader';

interface Values {
  kind: RobotKind;
  name: string;
  webhookUrl: string;
  secret?: string;
  templates: string[];
}

function RobotForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    clear();
  }, [open, form, clear]);
  const client = useQueryClient();
  const kind = Form.useWatch('kind', form);
  const create = useMutation({
    mutationFn: (values: Values) =>
      api<RobotView>('/admin/robots', {
        method: 'POST',
        body: {
          kind: values.kind, name: values.name.trim(), webhookUrl: values.webhookUrl.trim(), templates: values.templates,
          ...(values.kind === 'dingtalk' && values.secret?.trim() ? { secret: values.secret.trim() } : {}),
        },
      }),
    onSuccess: async (robot) => {
      await client.invalidateQueries({ queryKey: ['robots'] });
      void message.success(t('admin.robots.connected', { name: robot.name }));
      onClose();
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={t('admin.robots.createTitle')}
      onCancel={onClose}
      forceRender
      width={600}
      okText={t('admin.robots.connect')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<Values> form={form} onValuesChange={edited} layout="vertical" initialValues={{ kind: 'dingtalk', templates: [] }} onFinish={(values) => create.mutate(values)} data-testid="robot-form">
        <Form.Item name="kind" label={t('admin.robots.kind')}>
          <Radio.Group data-testid="robot-kind" optionType="button" options={robotKinds.map((value) => ({ value, label: t(`admin.robots.kinds.${value}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('admin.robots.name')} extra={t('admin.robots.nameHelp')} rules={[{ required: true, whitespace: true, message: t('admin.robots.nameRequired') }, { max: 60 }]}>
          <Input data-testid="robot-name" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="webhookUrl"
          label={t('admin.robots.webhookUrl')}
          extra={t(kind === 'wecom' ? 'admin.robots.webhookHelpWecom' : 'admin.robots.webhookHelpDingtalk')}
          rules={[{ required: true, whitespace: true, message: t('admin.robots.webhookRequired') }, { max: 500 }]}
        >
          <Input data-testid="robot-webhook" autoComplete="off" placeholder={kind === 'wecom' ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' : 'https://oapi.dingtalk.com/robot/send?access_token=…'} />
        </Form.Item>
        {kind !== 'wecom' && (
          <Form.Item name="secret" label={t('admin.robots.secret')} extra={t('admin.robots.secretHelp')} rules={[{ max: 200 }]}>
            <Input.Password data-testid="robot-secret" autoComplete="off" placeholder="SEC…" />
          </Form.Item>
        )}
        <Form.Item name="templates" label={t('admin.robots.templates')} extra={t('admin.robots.templatesHelp')}>
          <Select
            mode="multiple"
            data-testid="robot-templates"
            placeholder={t('admin.robots.allTemplates')}
            options={notificationTemplates.map((value) => ({ value, label: t(`admin.robots.template.${value.replace('.', '_')}`) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function RobotsPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const robots = useQuery({ queryKey: ['robots'], queryFn: ({ signal }) => api<{ items: RobotView[] }>('/admin/robots', { signal }).then((r) => r.items) });

  const remove = useMutation({
    mutationFn: (robot: RobotView) => api<void>(`/admin/robots/${robot.id}`, { method: 'DELETE' }),
    onSuccess: (_, robot) => {
      void message.success(t('admin.robots.removed', { name: robot.name }));
      void client.invalidateQueries({ queryKey: ['robots'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const test = useMutation({
    mutationFn: () => api<{ notifications: Array<{ channels: string[] }> }>('/admin/notifications/test', { method: 'POST', body: {} }),
    onSuccess: (result) => {
      const channels = [...new Set(result.notifications.flatMap((n) => n.channels))].map((c) => t(`admin.robots.channels.${c}`, { defaultValue: c }));
      void message.success(t('admin.robots.testSent', { channels: channels.join('、') }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const confirmRemove = (robot: RobotView) =>
    modal.confirm({
      title: t('admin.robots.removeTitle', { name: robot.name }),
      content: t('admin.robots.removeEffect'),
      okText: t('admin.robots.remove'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(robot).catch(() => undefined),
    });

  const columns: ColumnsType<RobotView> = [
    { title: t('admin.robots.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: t('admin.robots.kind'), dataIndex: 'kind', width: 120, render: (kind: RobotKind) => <Tag color={kind === 'dingtalk' ? 'blue' : 'green'}>{t(`admin.robots.kinds.${kind}`)}</Tag> },
    { title: t('admin.robots.webhook'), dataIndex: 'webhook', render: (url: string) => <Typography.Text code style={{ wordBreak: 'break-all' }}>{url}</Typography.Text> },
    {
      title: t('admin.robots.signed'), dataIndex: 'signed', width: 110,
      render: (signed: boolean, robot) => (robot.kind === 'wecom' ? '—' : signed ? <Tag color="success">{t('admin.robots.signedYes')}</Tag> : <Tag>{t('admin.robots.signedNo')}</Tag>),
    },
    {
      title: t('admin.robots.templates'), dataIndex: 'templates',
      render: (list: string[]) => (list.length === 0 ? t('admin.robots.allTemplates') : list.map((x) => <Tag key={x}>{t(`admin.robots.template.${x.replace('.', '_')}`, { defaultValue: x })}</Tag>)),
    },
    { title: t('admin.robots.createdAt'), dataIndex: 'createdAt', width: 170, render: (iso: string) => formatDateTime(iso, session.org.timeZone, i18n.language) },
    {
      title: t('common.actions'), key: 'actions', width: 110,
      render: (_, robot) => <Button size="small" danger onClick={() => confirmRemove(robot)} data-testid="robot-remove">{t('admin.robots.remove')}</Button>,
    },
  ];

  const createButton = (testId: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={testId}>{t('admin.robots.create')}</Button>
  );

  return (
    <>
      <PageHeader
        title={t('admin.robots.title')}
        description={t('admin.robots.description')}
        extra={
          <>
            <Button icon={<SendOutlined />} loading={test.isPending} onClick={() => test.mutate()} data-testid="robot-test">{t('admin.robots.sendTest')}</Button>
            {createButton('create-button')}
          </>
        }
      />
      {robots.isPending ? (
        <Loading />
      ) : robots.isError ? (
        <LoadError error={robots.error} onRetry={() => void robots.refetch()} />
      ) : (
        <Card>
          <Table<RobotView>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={robots.data}
            pagination={false}
            loading={robots.isFetching}
            onRow={() => ({ 'data-testid': 'list-row' }) as React.HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: (
                <Empty description={t('admin.robots.empty')} data-testid="empty-state">
                  {createButton('empty-create')}
                </Empty>
              ),
            }}
          />
          <Flex style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('admin.robots.footnote')}</Typography.Text>
          </Flex>
        </Card>
      )}
      <RobotForm open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
