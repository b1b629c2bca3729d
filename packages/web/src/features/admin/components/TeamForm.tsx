/**
 * Create a team, or rename, move, re-region or re-lead one. The parent and the leader decide who sees whose
 * records, so the server audits those as permission changes; an edit sends only what changed, with the version read.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Select, TreeSelect } from 'antd';
import { api } from '../../../api/client';
import { usePeopleDirectory, useRegions, useTeams, type Team } from '../../../api/directory';
import { buildTree, subtreeOf } from '../../../lib/tree';
import { useServerErrors } from '../hooks/useServerErrors';
import { FormError } from './FormError';

interface Values {
  name: string;
  parentId: string | null;
  regionId: string | null;
  leaderId: string | null;
}

export interface TeamFormProps {
  open: boolean;
  team?: Team | undefined;
  /** For a new team: where it goes. */
  parentId?: string | null;
  onClose: () => void;
  onSaved: (team: Team) => void;
}

export function TeamForm({ open, team, parentId = null, onClose, onSaved }: TeamFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const client = useQueryClient();
  const teams = useTeams();
  const regions = useRegions();
  const people = usePeopleDirectory();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      team
        ? { name: team.name, parentId: team.parentId, regionId: team.regionId, leaderId: team.leaderId }
        : { name: '', parentId, regionId: teams.data?.find((x) => x.id === parentId)?.regionId ?? null, leaderId: null },
    );
    clear();
    // The form is filled when it opens, not again when the lists refresh underneath it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, team, parentId, form, clear]);

  // A team cannot move under itself or anything below it.
  const blocked = useMemo(() => (team ? subtreeOf(teams.data ?? [], team.id) : new Set<string>()), [teams.data, team]);
  const teamTree = useMemo(() => buildTree(teams.data ?? [], blocked), [teams.data, blocked]);
  const regionTree = useMemo(() => buildTree(regions.data ?? []), [regions.data]);
  const leaders = useMemo(
    () =>
      [...(people.data?.values() ?? [])]
        .filter((person) => person.status === 'active' || person.id === team?.leaderId)
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
        .map((person) => ({ value: person.id, label: `${person.name} · ${t(`roles.${person.role}`)}` })),
    [people.data, team?.leaderId, t],
  );

  const save = useMutation({
    mutationFn: (values: Values) => {
      const next = { name: values.name.trim(), parentId: values.parentId ?? null, regionId: values.regionId ?? null, leaderId: values.leaderId ?? null };
      if (!team) return api<Team>('/teams', { method: 'POST', body: next });
      const patch: Record<string, unknown> = { version: team.version };
      for (const key of ['name', 'parentId', 'regionId', 'leaderId'] as const) if (next[key] !== team[key]) patch[key] = next[key];
      // Nothing changed: no write, no audit entry, no new version.
      if (Object.keys(patch).length === 1) return Promise.resolve(team);
      return api<Team>(`/teams/${team.id}`, { method: 'PATCH', body: patch });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['teams'] });
      onSaved(saved);
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={team ? t('admin.teams.editTitle', { name: team.name }) : t('admin.teams.createTitle')}
      onCancel={onClose}
      forceRender
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<Values> form={form} onValuesChange={edited} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="team-form">
        <Form.Item name="name" label={t('admin.teams.name')} rules={[{ required: true, whitespace: true, message: t('admin.teams.nameRequired') }, { max: 60 }]}>
          <Input data-testid="team-name" autoComplete="off" />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.teams.parent')} extra={t('admin.teams.parentHelp')}>
          <TreeSelect
            data-testid="team-parent"
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={teamTree}
            placeholder={t('admin.teams.topLevel')}
          />
        </Form.Item>
        <Form.Item name="regionId" label={t('admin.teams.region')}>
          <TreeSelect
            data-testid="team-region"
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={regionTree}
            placeholder={t('admin.teams.noRegion')}
          />
        </Form.Item>
        <Form.Item name="leaderId" label={t('admin.teams.leader')} extra={t('admin.teams.leaderHelp')}>
          <Select
            data-testid="team-leader"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={people.isPending}
            options={leaders}
            placeholder={t('admin.teams.noLeader')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
