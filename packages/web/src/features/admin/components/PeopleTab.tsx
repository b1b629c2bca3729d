/**
 * The organisation's people: search and filter, create and edit, disable or enable, set a new password, lift a
 * lock-out. Disabling ends the person's sessions at once, so it asks first.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Empty, Flex, Input, Select, Space, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { roles, type Role } from '@closeloop/core';
import { api } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { formatDate } from '../../../lib/format';
import { errorText } from '../../../lib/errors';
import { useRegions, useTeams } from '../../../api/directory';
import { useUserList, type User, type UserStatusFilter } from '../api/people';
import { buildTree, pathOf } from '../../../lib/tree';
import { useDebounced } from '../../../lib/use-debounced';
import { CursorTable } from './CursorTable';
import { OneTimeSecret } from './OneTimeSecret';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserForm } from './UserForm';

const roleColour: Record<Role, string> = { rep: 'blue', manager: 'purple', ops: 'gold', admin: 'red' };

export function PeopleTab() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [status, setStatus] = useState<UserStatusFilter>('active');
  const q = useDebounced(search.trim());
  const filters = { q: q || undefined, role, teamId, status };
  const filtered = !!(q || role || teamId || status !== 'active');
  const list = useUserList(filters);
  const teams = useTeams();
  const regions = useRegions();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [handover, setHandover] = useState<{ title: string; secret: string; hint: string } | null>(null);

  const teamTree = useMemo(() => buildTree(teams.data ?? []), [teams.data]);
  const regionNames = useMemo(() => new Map((regions.data ?? []).map((r) => [r.id, r.name])), [regions.data]);

  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const setStatusOf = useMutation({
    mutationFn: (input: { user: User; status: 'active' | 'disabled' }) =>
      api<User>(`/users/${input.user.id}`, { method: 'PATCH', body: { status: input.status, version: input.user.version } }),
    onSuccess: (user) => {
      void message.success(user.status === 'disabled' ? t('admin.users.disabled', { name: user.name }) : t('admin.users.enabled', { name: user.name }));
      void refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const unlock = useMutation({
    mutationFn: (user: User) => api<void>(`/users/${user.id}/unlock`, { method: 'POST' }),
    onSuccess: (_, user) => void message.success(t('admin.users.unlocked', { name: user.name })),
    onError: (error) => void message.error(errorText(error, t)),
  });

  const confirmDisable = (user: User) =>
    modal.confirm({
      title: t('admin.users.disableTitle', { name: user.name }),
      content: t('admin.users.disableEffect'),
      okText: t('admin.users.disable'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => setStatusOf.mutateAsync({ user, status: 'disabled' }).catch(() => undefined),
    });
  const confirmUnlock = (user: User) =>
    modal.confirm({
      title: t('admin.users.unlockTitle', { name: user.name }),
      content: t('admin.users.unlockEffect'),
      okText: t('admin.users.unlock'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      cancelText: t('common.cancel'),
      onOk: () => unlock.mutateAsync(user).catch(() => undefined),
    });

  const columns: ColumnsType<User> = [
    {
      title: t('admin.users.name'), key: 'name', width: 240,
      render: (_, user) => (
        <div>
          <Typography.Text strong>{user.name}</Typography.Text>
          {user.id === session.user.id && <Tag style={{ marginInlineStart: 8 }}>{t('admin.users.you')}</Tag>}
          <div><Typography.Text type="secondary">{user.email}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('admin.users.phone'), dataIndex: 'phone', width: 140, render: (phone: string | null) => phone ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('admin.users.role'), dataIndex: 'role', width: 130, render: (value: Role) => <Tag color={roleColour[value]}>{t(`roles.${value}`)}</Tag> },
    {
      title: t('admin.users.team'), dataIndex: 'teamId',
      render: (id: string | null) => (id ? pathOf(teams.data ?? [], id) || id : <Typography.Text type="secondary">{t('admin.users.noTeam')}</Typography.Text>),
    },
    {
      title: t('admin.users.dataScope'), key: 'scope', width: 150,
      render: (_, user) => {
        const tag = <Tag>{t(`admin.scope.${user.dataScope}`)}</Tag>;
        if (user.dataScope !== 'whitelist') return tag;
        const parts = [
          ...user.whitelist.regionIds.map((id) => regionNames.get(id) ?? id),
          ...user.whitelist.industries.map((code) => t(`vocab.industry.${code}`, { defaultValue: code })),
        ];
        return <Tooltip title={parts.join('、')}>{tag}</Tooltip>;
      },
    },
    {
      title: t('admin.users.status'), dataIndex: 'status', width: 110,
      render: (value: User['status']) => <Badge status={value === 'active' ? 'success' : 'default'} text={t(`admin.users.statuses.${value}`)} />,
    },
    { title: t('admin.users.createdAt'), dataIndex: 'createdAt', width: 130, render: (iso: string) => formatDate(iso, session.org.timeZone, i18n.language) },
    {
      title: t('common.actions'), key: 'actions', width: 130, fixed: 'right',
      render: (_, user) => (
        <Space size={4}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(user)} data-testid="user-edit">{t('common.edit')}</Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'reset', label: <span data-testid="user-reset-password">{t('admin.users.resetPassword')}</span>, onClick: () => setResetting(user) },
                // Offered only while sign-in is actually locked after repeated failures.
                ...(user.lockedUntil && Date.parse(user.lockedUntil) > Date.now()
                  ? [{ key: 'unlock', label: <span data-testid="user-unlock">{t('admin.users.unlock')}</span>, onClick: () => confirmUnlock(user) }]
                  : []),
                { type: 'divider' },
                user.status === 'active'
                  ? { key: 'disable', danger: true, disabled: user.id === session.user.id, label: <span data-testid="user-disable">{t('admin.users.disable')}</span>, onClick: () => confirmDisable(user) }
                  : { key: 'enable', label: <span data-testid="user-enable">{t('admin.users.enable')}</span>, onClick: () => setStatusOf.mutate({ user, status: 'active' }) },
              ],
            }}
          >
            <Button size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="user-more" />
          </Dropdown>
        </Space>
      ),
    },
  ];

  const resetFilters = () => {
    setSearch('');
    setRole(undefined);
    setTeamId(undefined);
    setStatus('active');
  };

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('admin.users.searchPlaceholder')}
          style={{ width: 280 }}
          data-testid="list-search"
        />
        <Select
          allowClear
          value={role}
          onChange={setRole}
          placeholder={t('admin.users.anyRole')}
          style={{ width: 160 }}
          options={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
          data-testid="filter-role"
        />
        <TreeSelect
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandAll
          value={teamId}
          onChange={(value: string | undefined) => setTeamId(value)}
          placeholder={t('admin.users.anyTeam')}
          style={{ width: 200 }}
          treeData={teamTree}
          data-testid="filter-team"
        />
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 140 }}
          options={(['active', 'disabled', 'all'] as const).map((value) => ({ value, label: t(`admin.users.statuses.${value}`) }))}
          data-testid="filter-status"
        />
        {filtered && <Button onClick={resetFilters} data-testid="filter-reset">{t('common.reset')}</Button>}
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-button">{t('admin.users.create')}</Button>
      </Flex>

      <CursorTable<User>
        list={list}
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: filtered ? (
            <Empty description={t('admin.users.noMatch')} data-testid="empty-state">
              <Button onClick={resetFilters}>{t('common.reset')}</Button>
            </Empty>
          ) : (
            <Empty description={t('admin.users.empty')} data-testid="empty-state">
              <Button type="primary" onClick={() => setEditing('new')} data-testid="empty-create">{t('admin.users.create')}</Button>
            </Empty>
          ),
        }}
      />

      <UserForm
        open={editing !== null}
        user={editing === 'new' ? undefined : (editing ?? undefined)}
        onClose={() => setEditing(null)}
        onCreated={(user, password) =>
          setHandover({ title: t('admin.users.createdTitle', { name: user.name }), secret: password, hint: t('admin.users.createdHint', { login: user.email }) })
        }
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user, password) => {
          setResetting(null);
          setHandover({ title: t('admin.users.resetDoneTitle', { name: user.name }), secret: password, hint: t('admin.users.resetDoneHint', { login: user.email }) });
        }}
      />
      <OneTimeSecret title={handover?.title ?? ''} secret={handover?.secret ?? null} hint={handover?.hint} onClose={() => setHandover(null)} />
    </>
  );
}
