/**
 * Create or edit a person: profile, role, team and how far their reading reaches (data scope; for the whitelist
 * scope, the regions and industries, E2). A new role brings its usual scope unless the admin picked one. An edit
 * sends only what changed, so the audit log shows exactly the access that moved.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, Modal, Radio, Row, Select, Space, TreeSelect } from 'antd';
import { dataScopes, defaultScopeFor, industries, roles, type DataScope, type Role } from '@closeloop/core';
import { api } from '../../../api/client';
import { useRegions, useTeams } from '../../../api/directory';
import type { User } from '../api/people';
import { buildTree } from '../../../lib/tree';
import { generatePassword } from '../hooks/password';
import { useServerErrors } from '../hooks/useServerErrors';
import { FormError } from './FormError';

interface Values {
  name: string;
  email: string;
  phone?: string | null;
  role: Role;
  teamId?: string | null;
  dataScope: DataScope;
  whitelist: { regionIds: string[]; industries: string[] };
  locale: 'zh-CN' | 'en';
  password?: string;
}

export interface UserFormProps {
  open: boolean;
  /** The person to edit; absent to create one. */
  user?: User | undefined;
  onClose: () => void;
  /** After a create: the person and the password the admin set, to hand over once. */
  onCreated?: (user: User, password: string) => void;
}

function initialValues(user: User | undefined): Values {
  if (!user) return { name: '', email: '', phone: null, role: 'rep', teamId: null, dataScope: 'own', whitelist: { regionIds: [], industries: [] }, locale: 'zh-CN', password: '' };
  return {
    name: user.name, email: user.email, phone: user.phone, role: user.role, teamId: user.teamId, dataScope: user.dataScope,
    whitelist: { regionIds: user.whitelist.regionIds, industries: user.whitelist.industries }, locale: user.locale === 'en' ? 'en' : 'zh-CN',
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The fields an edit changes, and the version it was read at. */
function patchOf(user: User, values: Values): Record<string, unknown> {
  const patch: Record<string, unknown> = { version: user.version };
  const phone = values.phone?.trim() ? values.phone.trim() : null;
  if (values.name.trim() !== user.name) patch.name = values.name.trim();
  if (phone !== user.phone) patch.phone = phone;
  if (values.role !== user.role) patch.role = values.role;
  if ((values.teamId ?? null) !== user.teamId) patch.teamId = values.teamId ?? null;
  if (values.dataScope !== user.dataScope || values.role !== user.role) patch.dataScope = values.dataScope;
  const whitelist = values.dataScope === 'whitelist' ? values.whitelist : { regionIds: [], industries: [] };
  if (!sameSet(whitelist.regionIds, user.whitelist.regionIds) || !sameSet(whitelist.industries, user.whitelist.industries)) patch.whitelist = whitelist;
  if (values.locale !== user.locale) patch.locale = values.locale;
  return patch;
}

export function UserForm({ open, user, onClose, onCreated }: UserFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const client = useQueryClient();
  const teams = useTeams();
  const regions = useRegions();
  const scope = Form.useWatch('dataScope', form);
  const editing = !!user;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialValues(user));
    clear();
  }, [open, user, form, clear]);

  const teamTree = useMemo(() => buildTree(teams.data ?? []), [teams.data]);
  const regionTree = useMemo(() => buildTree(regions.data ?? []), [regions.data]);

  const save = useMutation({
    mutationFn: async (values: Values) => {
      if (user) {
        const patch = patchOf(user, values);
        // Nothing changed: no write, no audit entry, no new version.
        return Object.keys(patch).length === 1 ? user : api<User>(`/users/${user.id}`, { method: 'PATCH', body: patch });
      }
      const body = {
        name: values.name.trim(), email: values.email.trim(), phone: values.phone?.trim() ? values.phone.trim() : null, role: values.role,
        teamId: values.teamId ?? null, dataScope: values.dataScope, locale: values.locale, password: values.password ?? '',
        ...(values.dataScope === 'whitelist' ? { whitelist: values.whitelist } : {}),
      };
      return api<User>('/users', { method: 'POST', body });
    },
    onSuccess: async (saved, values) => {
      await client.invalidateQueries({ queryKey: ['users'] });
      onClose();
      if (!user) onCreated?.(saved, values.password ?? '');
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={editing ? t('admin.users.editTitle', { name: user.name }) : t('admin.users.createTitle')}
      onCancel={onClose}
      width={680}
      forceRender
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        onValuesChange={(changed: Partial<Values>) => {
          edited(changed);
          // A new role brings its usual reach, unless the admin already chose one in this form.
          if (changed.role && !form.isFieldTouched('dataScope')) form.setFieldValue('dataScope', defaultScopeFor[changed.role]);
        }}
        data-testid="user-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('admin.users.name')} rules={[{ required: true, whitespace: true, message: t('admin.users.nameRequired') }, { max: 60 }]}>
              <Input data-testid="user-name" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="email"
              label={t('admin.users.email')}
              rules={editing ? [] : [{ required: true, message: t('admin.users.emailRequired') }, { type: 'email', message: t('admin.users.emailInvalid') }]}
              extra={editing ? t('admin.users.emailFixed') : undefined}
            >
              <Input data-testid="user-email" disabled={editing} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('admin.users.phone')}>
              <Input data-testid="user-phone" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locale" label={t('admin.users.locale')}>
              <Select data-testid="user-locale" options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en', label: 'English' }]} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
              <Select data-testid="user-role" options={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="teamId" label={t('admin.users.team')}>
              <TreeSelect
                data-testid="user-team"
                allowClear
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeDefaultExpandAll
                loading={teams.isPending}
                treeData={teamTree}
                placeholder={t('admin.users.noTeam')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="dataScope" label={t('admin.users.dataScope')} extra={scope ? t(`admin.scope.help.${scope}`) : undefined}>
          <Radio.Group data-testid="user-scope" optionType="button" options={dataScopes.map((value) => ({ value, label: t(`admin.scope.${value}`) }))} />
        </Form.Item>
        {scope === 'whitelist' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name={['whitelist', 'regionIds']}
                label={t('admin.users.whitelistRegions')}
                dependencies={[['whitelist', 'industries']]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, value: string[] | undefined) =>
                      (value?.length ?? 0) + ((getFieldValue(['whitelist', 'industries']) as string[] | undefined)?.length ?? 0) > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('admin.users.whitelistEmpty'))),
                  }),
                ]}
              >
                <TreeSelect
                  data-testid="user-whitelist-regions"
                  multiple
                  treeCheckable
                  showCheckedStrategy={TreeSelect.SHOW_PARENT}
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  treeDefaultExpandAll
                  loading={regions.isPending}
                  treeData={regionTree}
                  maxTagCount="responsive"
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['whitelist', 'industries']} label={t('admin.users.whitelistIndustries')}>
                <Select
                  data-testid="user-whitelist-industries"
                  mode="multiple"
                  maxTagCount="responsive"
                  options={industries.map((value) => ({ value, label: t(`vocab.industry.${value}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        {!editing && (
          <Form.Item label={t('admin.users.password')} extra={t('admin.users.passwordHelp')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="password" noStyle rules={[{ required: true, message: t('admin.users.passwordRequired') }, { min: 10, message: t('admin.users.passwordShort') }, { max: 128 }]}>
                <Input.Password data-testid="user-password" autoComplete="new-password" />
              </Form.Item>
              <Button onClick={() => form.setFieldValue('password', generatePassword())} data-testid="generate-password">
                {t('admin.users.generate')}
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
