/**
 * API tokens for integrations (H5). An admin sees every token of the organisation and may revoke any; a new token
 * is the admin's own and carries at most their permissions. Its secret is shown once, right after creation.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Checkbox, Empty, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { formatDateTime } from '../../../lib/format';
import { errorText } from '../../../lib/errors';
import { usePeopleDirectory } from '../../../api/directory';
import { useApiTokens, type ApiToken, type ApiTokenCreated, type TokenStatusFilter } from '../api/people';
import { useServerErrors } from '../hooks/useServerErrors';
import { CursorTable } from './CursorTable';
import { FormError } from './FormError';
import { OneTimeSecret } from './OneTimeSecret';

type TokenState = 'active' | 'expired' | 'revoked';
const stateOf = (token: ApiToken, now: number): TokenState =>
  token.revokedAt ? 'revoked' : token.expiresAt && Date.parse(token.expiresAt) <= now ? 'expired' : 'active';
const stateBadge: Record<TokenState, 'success' | 'warning' | 'default'> = { active: 'success', expired: 'warning', revoked: 'default' };

const lifetimes = [30, 90, 180, 365, 0] as const;
const dayMs = 86_400_000;

interface CreateValues {
  name: string;
  permissions: string[];
  lifetime: (typeof lifetimes)[number];
}

function CreateTokenDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (token: ApiTokenCreated) => void }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [form] = Form.useForm<CreateValues>();
  const { formError, show, clear, edited } = useServerErrors(form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    clear();
  }, [open, form, clear]);
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (values: CreateValues) =>
      api<ApiTokenCreated>('/api-tokens', {
        method: 'POST',
        body: {
          name: values.name.trim(),
          permissions: values.permissions,
          expiresAt: values.lifetime ? new Date(Date.now() + values.lifetime * dayMs).toISOString() : null,
        },
      }),
    onSuccess: async (token) => {
      await client.invalidateQueries({ queryKey: ['api_tokens'] });
      onCreated(token);
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={t('admin.tokens.createTitle')}
      onCancel={onClose}
      forceRender
      width={600}
      okText={t('admin.tokens.create')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<CreateValues> form={form} onValuesChange={edited} layout="vertical" initialValues={{ name: '', permissions: ['crm.read'], lifetime: 90 }} onFinish={(values) => create.mutate(values)}>
        <Form.Item name="name" label={t('admin.tokens.name')} extra={t('admin.tokens.nameHelp')} rules={[{ required: true, whitespace: true, message: t('admin.tokens.nameRequired') }, { max: 60 }]}>
          <Input data-testid="token-name" autoComplete="off" />
        </Form.Item>
        <Form.Item name="permissions" label={t('admin.tokens.permissions')} extra={t('admin.tokens.permissionsHelp')} rules={[{ required: true, message: t('admin.tokens.permissionsRequired') }]}>
          <Checkbox.Group data-testid="token-permissions" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 6 }}
            options={session.permissions.map((value) => ({ value, label: t(`admin.permissions.${value}`, { defaultValue: value }) }))}
          />
        </Form.Item>
        <Form.Item name="lifetime" label={t('admin.tokens.expires')}>
          <Select data-testid="token-lifetime" options={lifetimes.map((days) => ({ value: days, label: days ? t('admin.tokens.days', { count: days }) : t('admin.tokens.never') }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ApiTokensTab() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<TokenStatusFilter>('active');
  const [userId, setUserId] = useState<string | undefined>();
  const list = useApiTokens({ status, userId });
  const people = usePeopleDirectory();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const filtered = status !== 'active' || !!userId;
  const resetFilters = () => {
    setStatus('active');
    setUserId(undefined);
  };
  const now = Date.now();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, session.org.timeZone, i18n.language) : '—');

  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api<ApiToken>(`/api-tokens/${token.id}/revoke`, { method: 'POST' }),
    onSuccess: (token) => {
      void message.success(t('admin.tokens.revoked', { name: token.name }));
      void client.invalidateQueries({ queryKey: ['api_tokens'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const confirmRevoke = (token: ApiToken) =>
    modal.confirm({
      title: t('admin.tokens.revokeTitle', { name: token.name }),
      content: t('admin.tokens.revokeEffect'),
      okText: t('admin.tokens.revoke'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(token).catch(() => undefined),
    });

  const columns: ColumnsType<ApiToken> = [
    {
      title: t('admin.tokens.name'), key: 'name',
      render: (_, token) => (
        <div>
          <Typography.Text strong>{token.name}</Typography.Text>
          <div><Typography.Text type="secondary" code>{`clk_${token.prefix}_…`}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('admin.tokens.owner'), dataIndex: 'userId', width: 120, render: (id: string) => people.data?.get(id)?.name ?? id },
    {
      title: t('admin.tokens.permissions'), dataIndex: 'permissions',
      render: (list: string[]) => (
        <Flex gap={4} wrap>
          {list.map((p) => <Tag key={p}>{t(`admin.permissions.${p}`, { defaultValue: p })}</Tag>)}
        </Flex>
      ),
    },
    { title: t('admin.tokens.createdAt'), dataIndex: 'createdAt', width: 170, render: when },
    { title: t('admin.tokens.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (iso: string | null) => (iso ? when(iso) : t('admin.tokens.never')) },
    { title: t('admin.tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 170, render: (iso: string | null) => (iso ? when(iso) : t('admin.tokens.neverUsed')) },
    {
      title: t('admin.tokens.status'), key: 'status', width: 100,
      render: (_, token) => {
        const state = stateOf(token, now);
        return <Badge status={stateBadge[state]} text={t(`admin.tokens.states.${state}`)} />;
      },
    },
    {
      title: t('common.actions'), key: 'actions', width: 100, fixed: 'right',
      render: (_, token) =>
        stateOf(token, now) === 'active' ? (
          <Button size="small" danger onClick={() => confirmRevoke(token)} data-testid="token-revoke">{t('admin.tokens.revoke')}</Button>
        ) : null,
    },
  ];

  const sortedPeople = useMemo(() => [...(people.data?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')), [people.data]);

  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.tokens.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={(['active', 'all'] as const).map((value) => ({ value, label: t(`admin.tokens.filter.${value}`) }))}
          data-testid="filter-status"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={userId}
          onChange={setUserId}
          placeholder={t('admin.tokens.anyOwner')}
          style={{ width: 200 }}
          loading={people.isPending}
          options={sortedPeople.map((person) => ({ value: person.id, label: person.name }))}
          data-testid="filter-owner"
        />
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-button">{t('admin.tokens.create')}</Button>
      </Flex>
      <CursorTable<ApiToken>
        list={list}
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: filtered ? (
            <Empty description={t('admin.tokens.noMatch')} data-testid="empty-state">
              <Button onClick={resetFilters}>{t('common.reset')}</Button>
            </Empty>
          ) : (
            <Empty description={t('admin.tokens.empty')} data-testid="empty-state">
              <Button type="primary" onClick={() => setCreating(true)} data-testid="empty-create">{t('admin.tokens.create')}</Button>
            </Empty>
          ),
        }}
      />
      <CreateTokenDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setSecret(token.secret);
        }}
      />
      <OneTimeSecret title={t('admin.tokens.secretTitle')} secret={secret} hint={t('admin.tokens.secretHint')} onClose={() => setSecret(null)} />
    </>
  );
}
